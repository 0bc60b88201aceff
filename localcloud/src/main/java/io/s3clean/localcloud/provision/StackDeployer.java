package io.s3clean.localcloud.provision;

import io.s3clean.template.CloudFormationTemplate;
import io.s3clean.template.Resource;
import io.s3clean.template.TemplateEvaluator;
import io.s3clean.template.TemplateException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Deploys a CloudFormation template onto the embedded cloud: checks every resource type and
 * property first (nothing is created for a template that cannot work here), then creates the
 * resources in dependency order, reporting progress as CloudFormation's stack events do.
 */
public final class StackDeployer {
  private final Map<String, ResourceType> types = new LinkedHashMap<>();

  public StackDeployer(List<ResourceType> types) {
    types.forEach(t -> this.types.put(t.name(), t));
  }

  /** Every resource type the shipped template uses. */
  public static StackDeployer standard() {
    List<ResourceType> all = new ArrayList<>(DataPlaneTypes.all());
    all.addAll(ComputeTypes.all());
    all.addAll(MonitoringTypes.all());
    return new StackDeployer(all);
  }

  public DeployedStack deploy(
      CloudFormationTemplate template,
      Map<String, String> parameters,
      Deployment deployment,
      Consumer<StackEvent> events) {
    TemplateEvaluator evaluator;
    List<Resource> order;
    try {
      evaluator = new TemplateEvaluator(template, parameters, pseudoParameters(deployment));
      order = evaluator.creationOrder();
    } catch (TemplateException e) {
      throw new ProvisioningException(e.getMessage(), e);
    }
    check(order);
    TemplateEvaluator.Resources created = resourcesOf(template, deployment);
    event(
        events,
        deployment,
        deployment.stackName(),
        "AWS::CloudFormation::Stack",
        "CREATE_IN_PROGRESS",
        "");
    List<String> notEmulated = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (Resource resource : order) {
      event(events, deployment, resource.logicalId(), resource.type(), "CREATE_IN_PROGRESS", "");
      Created result;
      try {
        @SuppressWarnings("unchecked")
        Map<String, Object> properties =
            (Map<String, Object>) evaluator.resolve(resource.properties(), created);
        result =
            typeOf(resource.type())
                .create(
                    resource.logicalId(), properties == null ? Map.of() : properties, deployment);
      } catch (RuntimeException e) {
        event(
            events,
            deployment,
            resource.logicalId(),
            resource.type(),
            "CREATE_FAILED",
            e.getMessage());
        event(
            events,
            deployment,
            deployment.stackName(),
            "AWS::CloudFormation::Stack",
            "CREATE_FAILED",
            "The following resource(s) failed to create: [" + resource.logicalId() + "]");
        throw new ProvisioningException(
            resource.logicalId() + " (" + resource.type() + "): " + e.getMessage(), e);
      }
      deployment.record(resource.logicalId(), result);
      if (!result.emulated()) {
        notEmulated.add(resource.logicalId() + " (" + resource.type() + ")");
      }
      result.warnings().forEach(warning -> warnings.add(resource.logicalId() + ": " + warning));
      event(
          events,
          deployment,
          resource.logicalId(),
          resource.type(),
          "CREATE_COMPLETE",
          reason(result));
    }
    Map<String, String> outputs = outputs(template, evaluator, created);
    // custom resources an update removed from the template are deleted, as in CloudFormation's
    // cleanup
    deployment
        .customResources()
        .cleanUp(
            order.stream().map(Resource::logicalId).collect(java.util.stream.Collectors.toSet()),
            deployment);
    event(
        events,
        deployment,
        deployment.stackName(),
        "AWS::CloudFormation::Stack",
        "CREATE_COMPLETE",
        "");
    return new DeployedStack(
        deployment.stackName(),
        evaluator.parameters(),
        outputs,
        deployment.resources(),
        notEmulated,
        warnings);
  }

  /**
   * A warning is the reason of the resource's CREATE_COMPLETE, so it shows on the deploy's
   * progress.
   */
  private static String reason(Created result) {
    if (!result.warnings().isEmpty()) {
      return "WARNING: " + String.join("; WARNING: ", result.warnings());
    }
    return result.emulated() ? "" : "recorded: nothing to emulate on one machine";
  }

  /**
   * Updates the inline policies of the stack's roles from a new version of the template, as a
   * CloudFormation stack update does in place; calls use the new policy from then on.
   *
   * @return the logical ids of the roles whose policy was replaced
   */
  public List<String> updateRolePolicies(
      CloudFormationTemplate template, Map<String, String> parameters, Deployment deployment) {
    TemplateEvaluator evaluator =
        new TemplateEvaluator(template, parameters, pseudoParameters(deployment));
    TemplateEvaluator.Resources existing = resourcesOf(template, deployment);
    List<String> updated = new ArrayList<>();
    for (Resource resource : template.resourcesOfType("AWS::IAM::Role")) {
      if (!evaluator.included(resource)) {
        continue; // its condition leaves it out of this deployment (the adoption's role)
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> properties =
          (Map<String, Object>) evaluator.resolve(resource.properties(), existing);
      String roleArn =
          String.valueOf(deployment.resource(resource.logicalId()).attributes().get("Arn"));
      io.s3clean.localcloud.iam.Policy policy =
          ComputeTypes.policy(resource.logicalId(), properties);
      for (String function : deployment.functionsWithRole(roleArn)) {
        deployment.functions().iamCheck(function).replacePolicy(policy);
      }
      updated.add(resource.logicalId());
    }
    return updated;
  }

  private static TemplateEvaluator.Resources resourcesOf(
      CloudFormationTemplate template, Deployment deployment) {
    return new TemplateEvaluator.Resources() {
      @Override
      public Object ref(String logicalId) {
        return deployment.resource(logicalId).ref();
      }

      @Override
      public Object attribute(String logicalId, String attribute) {
        Object value = deployment.resource(logicalId).attributes().get(attribute);
        if (value == null) {
          throw new ProvisioningException(
              "Fn::GetAtt "
                  + logicalId
                  + "."
                  + attribute
                  + ": the embedded cloud has no "
                  + attribute
                  + " for "
                  + template.resource(logicalId).type());
        }
        return value;
      }
    };
  }

  private ResourceType typeOf(String name) {
    return CustomResources.isCustom(name) ? CustomResources.type(name) : types.get(name);
  }

  /** Every unsupported type and property, all in one message, before anything is created. */
  private void check(List<Resource> order) {
    List<String> problems = new ArrayList<>();
    for (Resource resource : order) {
      ResourceType type = typeOf(resource.type());
      if (type == null) {
        problems.add(
            resource.logicalId()
                + ": resource type "
                + resource.type()
                + " is not supported by the embedded cloud");
        continue;
      }
      for (String property :
          type.acceptsAnyProperty() ? Set.<String>of() : resource.properties().keySet()) {
        if (!type.emulatedProperties().contains(property)
            && !type.acceptedProperties().contains(property)) {
          problems.add(
              resource.logicalId()
                  + ": property "
                  + property
                  + " of "
                  + resource.type()
                  + " is not supported by the embedded cloud");
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new ProvisioningException(String.join("; ", problems));
    }
  }

  private static Map<String, String> outputs(
      CloudFormationTemplate template,
      TemplateEvaluator evaluator,
      TemplateEvaluator.Resources created) {
    Map<String, String> outputs = new LinkedHashMap<>();
    template
        .outputs()
        .forEach(
            (name, definition) -> {
              if (definition instanceof Map<?, ?> output) {
                Object condition = output.get("Condition");
                if (condition == null || evaluator.condition(String.valueOf(condition))) {
                  outputs.put(
                      name,
                      TemplateEvaluator.text(evaluator.resolve(output.get("Value"), created)));
                }
              }
            });
    return outputs;
  }

  private static Map<String, String> pseudoParameters(Deployment deployment) {
    return Map.of(
        "AWS::StackName", deployment.stackName(),
        "AWS::Region", deployment.region(),
        "AWS::AccountId", deployment.accountId(),
        "AWS::Partition", "aws",
        "AWS::URLSuffix", "amazonaws.com",
        "AWS::StackId", deployment.stackId());
  }

  private static void event(
      Consumer<StackEvent> events,
      Deployment deployment,
      String logicalId,
      String type,
      String status,
      String reason) {
    events.accept(new StackEvent(deployment.clock().instant(), logicalId, type, status, reason));
  }
}
