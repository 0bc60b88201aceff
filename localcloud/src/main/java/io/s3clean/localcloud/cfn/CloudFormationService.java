package io.s3clean.localcloud.cfn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3clean.localcloud.endpoint.AwsRequest;
import io.s3clean.localcloud.endpoint.AwsResponse;
import io.s3clean.localcloud.endpoint.ServiceHandler;
import io.s3clean.localcloud.provision.Created;
import io.s3clean.localcloud.provision.DeployedStack;
import io.s3clean.localcloud.provision.StackEvent;
import io.s3clean.localcloud.query.QueryProtocol;
import io.s3clean.template.CloudFormationTemplate;
import io.s3clean.template.Parameter;
import io.s3clean.template.TemplateException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * CloudFormation's read API over the stack the embedded cloud runs (query protocol, model
 * cloudformation/2010-05-15): what the AWS CLI and the CLI's AWS code paths ask of a stack.
 */
public final class CloudFormationService implements ServiceHandler {
  private static final String NAMESPACE = "http://cloudformation.amazonaws.com/doc/2010-05-15/";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final StackRecord stack;

  public CloudFormationService(StackRecord stack) {
    this.stack = stack;
  }

  @Override
  public AwsResponse handle(AwsRequest request) {
    Map<String, String> form = request.formBody();
    String action = form.getOrDefault("Action", "");
    try {
      switch (action) {
        case "DescribeStacks":
          return describeStacks(form);
        case "DescribeStackEvents":
          return ok(action, "<StackEvents>" + stackEvents(form) + "</StackEvents>");
        case "DescribeStackResources":
          return ok(action, "<StackResources>" + resources(form, this::describedResource) + "</StackResources>");
        case "DescribeStackResource":
          return ok(action, "<StackResourceDetail>" + describedResource(resource(form)) + "</StackResourceDetail>");
        case "ListStackResources":
          return ok(action, "<StackResourceSummaries>" + resources(form, this::resourceSummary)
              + "</StackResourceSummaries>");
        case "GetTemplate":
          named(form);
          return ok(action, "<TemplateBody>" + QueryProtocol.escape(json(stack.template().root()))
              + "</TemplateBody><StagesAvailable><member>Original</member><member>Processed</member></StagesAvailable>");
        case "GetTemplateSummary":
          return templateSummary(action, form.containsKey("TemplateBody") ? parse(form.get("TemplateBody"))
              : named(form).template(), true);
        case "ValidateTemplate":
          return templateSummary(action, parse(required(form, "TemplateBody")), false);
        default:
          return QueryProtocol.error(NAMESPACE, 400, "Sender", "InvalidAction", "The embedded cloud's CloudFormation "
              + "serves DescribeStacks, DescribeStackEvents, DescribeStackResource(s), ListStackResources, GetTemplate,"
              + " GetTemplateSummary and ValidateTemplate, not '" + action + "'");
      }
    } catch (ValidationError e) {
      return QueryProtocol.error(NAMESPACE, 400, "Sender", "ValidationError", e.getMessage());
    }
  }

  /** CloudFormation's one client error for a bad request. */
  private static final class ValidationError extends RuntimeException {
    ValidationError(String message) {
      super(message);
    }
  }

  private AwsResponse describeStacks(Map<String, String> form) {
    StackRecord record = form.containsKey("StackName") ? named(form) : stack;
    DeployedStack deployed = record.deployed();
    StringBuilder xml = new StringBuilder("<Stacks><member>");
    element(xml, "StackId", record.stackId());
    element(xml, "StackName", record.name());
    element(xml, "CreationTime", record.created().toString());
    element(xml, "StackStatus", deployed == null ? "CREATE_IN_PROGRESS" : "CREATE_COMPLETE");
    element(xml, "DisableRollback", "false");
    if (deployed != null) {
      xml.append("<Parameters>");
      new TreeSet<>(deployed.parameters().keySet()).forEach(key -> {
        xml.append("<member>");
        element(xml, "ParameterKey", key);
        element(xml, "ParameterValue", deployed.parameters().get(key));
        xml.append("</member>");
      });
      xml.append("</Parameters><Outputs>");
      new TreeSet<>(deployed.outputs().keySet()).forEach(key -> {
        xml.append("<member>");
        element(xml, "OutputKey", key);
        element(xml, "OutputValue", deployed.outputs().get(key));
        xml.append("</member>");
      });
      xml.append("</Outputs>");
    }
    xml.append("</member></Stacks>");
    return ok("DescribeStacks", xml.toString());
  }

  private String stackEvents(Map<String, String> form) {
    StackRecord record = named(form);
    List<StackEvent> newestFirst = new ArrayList<>(record.events());
    Collections.reverse(newestFirst);
    StringBuilder xml = new StringBuilder();
    int number = newestFirst.size();
    for (StackEvent event : newestFirst) {
      xml.append("<member>");
      element(xml, "StackId", record.stackId());
      element(xml, "EventId", event.logicalId() + "-" + event.status() + "-" + number--);
      element(xml, "StackName", record.name());
      element(xml, "LogicalResourceId", event.logicalId());
      Created created = record.deployed() == null ? null : record.deployed().resources().get(event.logicalId());
      element(xml, "PhysicalResourceId", created == null ? record.stackId() : created.physicalId());
      element(xml, "ResourceType", event.resourceType());
      element(xml, "Timestamp", event.time().toString());
      element(xml, "ResourceStatus", event.status());
      if (event.reason() != null && !event.reason().isEmpty()) {
        element(xml, "ResourceStatusReason", event.reason());
      }
      xml.append("</member>");
    }
    return xml.toString();
  }

  private record StackResource(String logicalId, String type, Created created) {}

  private String resources(Map<String, String> form, Function<StackResource, String> shape) {
    StackRecord record = named(form);
    DeployedStack deployed = record.deployed();
    if (deployed == null) {
      return "";
    }
    return new TreeSet<>(deployed.resources().keySet()).stream()
        .map(id -> new StackResource(id, record.template().resource(id).type(), deployed.resources().get(id)))
        .filter(r -> !form.containsKey("LogicalResourceId") || r.logicalId().equals(form.get("LogicalResourceId")))
        .map(r -> "<member>" + shape.apply(r) + "</member>")
        .collect(Collectors.joining());
  }

  private StackResource resource(Map<String, String> form) {
    StackRecord record = named(form);
    String logicalId = required(form, "LogicalResourceId");
    Created created = record.deployed() == null ? null : record.deployed().resources().get(logicalId);
    if (created == null) {
      throw new ValidationError("Resource " + logicalId + " does not exist for stack " + record.name());
    }
    return new StackResource(logicalId, record.template().resource(logicalId).type(), created);
  }

  private String describedResource(StackResource resource) {
    StringBuilder xml = new StringBuilder();
    element(xml, "StackName", stack.name());
    element(xml, "StackId", stack.stackId());
    element(xml, "LogicalResourceId", resource.logicalId());
    element(xml, "PhysicalResourceId", resource.created().physicalId());
    element(xml, "ResourceType", resource.type());
    element(xml, "Timestamp", stack.created().toString());
    element(xml, "LastUpdatedTimestamp", stack.created().toString());
    element(xml, "ResourceStatus", "CREATE_COMPLETE");
    return xml.toString();
  }

  private String resourceSummary(StackResource resource) {
    StringBuilder xml = new StringBuilder();
    element(xml, "LogicalResourceId", resource.logicalId());
    element(xml, "PhysicalResourceId", resource.created().physicalId());
    element(xml, "ResourceType", resource.type());
    element(xml, "LastUpdatedTimestamp", stack.created().toString());
    element(xml, "ResourceStatus", "CREATE_COMPLETE");
    return xml.toString();
  }

  private AwsResponse templateSummary(String action, CloudFormationTemplate template, boolean withResourceTypes) {
    StringBuilder xml = new StringBuilder("<Parameters>");
    for (Parameter parameter : template.parameters().values()) {
      xml.append("<member>");
      element(xml, "ParameterKey", parameter.name());
      parameter.defaultValue().ifPresent(value -> element(xml, "DefaultValue", String.valueOf(value)));
      element(xml, "NoEcho", String.valueOf(Boolean.parseBoolean(String.valueOf(
          parameter.definition().getOrDefault("NoEcho", "false")))));
      Object description = parameter.definition().get("Description");
      if (description != null) {
        element(xml, "Description", String.valueOf(description));
      }
      if (withResourceTypes) {
        element(xml, "ParameterType", parameter.type());
      }
      xml.append("</member>");
    }
    xml.append("</Parameters>");
    Object description = template.root().get("Description");
    if (description != null) {
      element(xml, "Description", String.valueOf(description));
    }
    if (withResourceTypes) {
      xml.append("<ResourceTypes>");
      template.resources().values().stream().map(r -> r.type()).distinct().sorted()
          .forEach(type -> xml.append("<member>").append(type).append("</member>"));
      xml.append("</ResourceTypes>");
      element(xml, "Version", String.valueOf(template.root().getOrDefault("AWSTemplateFormatVersion", "2010-09-09")));
    }
    return ok(action, xml.toString());
  }

  private StackRecord named(Map<String, String> form) {
    String name = required(form, "StackName");
    if (!name.equals(stack.name()) && !name.equals(stack.stackId())) {
      throw new ValidationError("Stack with id " + name + " does not exist");
    }
    return stack;
  }

  private static CloudFormationTemplate parse(String body) {
    try {
      return CloudFormationTemplate.parse(body, "TemplateBody");
    } catch (TemplateException | IllegalArgumentException e) {
      throw new ValidationError("Template format error: " + e.getMessage());
    }
  }

  private static String required(Map<String, String> form, String name) {
    String value = form.get(name);
    if (value == null || value.isEmpty()) {
      throw new ValidationError("1 validation error detected: Value null at '" + Character.toLowerCase(name.charAt(0))
          + name.substring(1) + "' failed to satisfy constraint: Member must not be null");
    }
    return value;
  }

  private static void element(StringBuilder xml, String name, String value) {
    xml.append('<').append(name).append('>').append(QueryProtocol.escape(Objects.toString(value))).append("</")
        .append(name).append('>');
  }

  private static AwsResponse ok(String action, String result) {
    return QueryProtocol.ok(NAMESPACE, action, "<" + action + "Result>" + result + "</" + action + "Result>");
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed template is always JSON", e);
    }
  }
}
