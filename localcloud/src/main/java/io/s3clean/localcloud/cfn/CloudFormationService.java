package io.s3clean.localcloud.cfn;

import static io.s3clean.localcloud.query.QueryProtocol.element;

import io.s3clean.localcloud.endpoint.AwsRequest;
import io.s3clean.localcloud.endpoint.AwsResponse;
import io.s3clean.localcloud.endpoint.ServiceHandler;
import io.s3clean.localcloud.provision.Created;
import io.s3clean.localcloud.provision.DeployedStack;
import io.s3clean.localcloud.provision.StackEvent;
import io.s3clean.localcloud.query.QueryProtocol;
import io.s3clean.template.CloudFormationTemplate;
import io.s3clean.template.Parameter;
import io.s3clean.template.Resource;
import io.s3clean.template.TemplateEvaluator;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * CloudFormation over the stack the embedded cloud runs (query protocol, model
 * cloudformation/2010-05-15): what the AWS CLI, {@code aws cloudformation deploy} and the CLI's AWS
 * code paths ask of a stack, and the change sets and updates they make to it. An update runs in the
 * background, as on AWS: its events and status are read here while it goes.
 */
public final class CloudFormationService implements ServiceHandler {
  private static final String NAMESPACE = "http://cloudformation.amazonaws.com/doc/2010-05-15/";

  /** What CloudFormation says of a change set that changes nothing. */
  static final String NO_CHANGES =
      "The submitted information didn't contain changes. Submit different information to"
          + " create a change set.";

  private final StackRecord stack;
  private final StackOperations operations;
  private final Map<String, ChangeSet> changeSets = new LinkedHashMap<>();

  /** Answers about the stack, and takes no change to it. */
  public CloudFormationService(StackRecord stack) {
    this(stack, StackOperations.NONE);
  }

  public CloudFormationService(StackRecord stack, StackOperations operations) {
    this.stack = stack;
    this.operations = operations;
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
          return ok(
              action,
              "<StackResources>" + resources(form, this::describedResource) + "</StackResources>");
        case "DescribeStackResource":
          return ok(
              action,
              "<StackResourceDetail>"
                  + describedResource(resource(form))
                  + "</StackResourceDetail>");
        case "ListStackResources":
          return ok(
              action,
              "<StackResourceSummaries>"
                  + resources(form, this::resourceSummary)
                  + "</StackResourceSummaries>");
        case "GetTemplate":
          named(form);
          return ok(
              action,
              "<TemplateBody>"
                  + QueryProtocol.escape(stack.current().templateBody())
                  + "</TemplateBody><StagesAvailable><member>Original</member><member>Processed</member></StagesAvailable>");
        case "GetTemplateSummary":
          return templateSummary(
              action,
              form.containsKey("TemplateBody")
                  ? parse(form.get("TemplateBody"))
                  : form.containsKey("TemplateURL")
                      ? templateOf(form).template()
                      : named(form).template(),
              true);
        case "ValidateTemplate":
          return templateSummary(action, templateOf(form).template(), false);
        case "CreateChangeSet":
          return createChangeSet(form);
        case "DescribeChangeSet":
          return ok(action, describedChangeSet(changeSet(form)));
        case "ListChangeSets":
          return listChangeSets(form);
        case "DeleteChangeSet":
          return deleteChangeSet(form);
        case "ExecuteChangeSet":
          execute(changeSet(form));
          return ok(action, "");
        case "UpdateStack":
          return updateStack(form);
        case "CreateStack":
          return createStack(form);
        case "DeleteStack":
          return deleteStack(form);
        default:
          return QueryProtocol.error(
              NAMESPACE,
              400,
              "Sender",
              "InvalidAction",
              "The embedded cloud's CloudFormation "
                  + "serves DescribeStacks, DescribeStackEvents, DescribeStackResource(s), ListStackResources, GetTemplate,"
                  + " GetTemplateSummary, ValidateTemplate, CreateChangeSet, DescribeChangeSet, ListChangeSets,"
                  + " DeleteChangeSet, ExecuteChangeSet, CreateStack, UpdateStack and DeleteStack, not '"
                  + action
                  + "'");
      }
    } catch (Refusal e) {
      return QueryProtocol.error(NAMESPACE, 400, "Sender", e.code, e.getMessage());
    } catch (UnsupportedOperationException e) {
      return QueryProtocol.error(NAMESPACE, 400, "Sender", "ValidationError", e.getMessage());
    }
  }

  /** A client error, with the code CloudFormation gives it. */
  private static class Refusal extends RuntimeException {
    final String code;

    Refusal(String code, String message) {
      super(message);
      this.code = code;
    }
  }

  /** CloudFormation's usual client error for a bad request. */
  private static final class ValidationError extends Refusal {
    ValidationError(String message) {
      super("ValidationError", message);
    }
  }

  /** The stack this service answers about. */
  public StackRecord stack() {
    return stack;
  }

  /** Whether a change set of this stack has the id {@code id}. */
  public boolean hasChangeSet(String id) {
    synchronized (changeSets) {
      return changeSets.containsKey(id);
    }
  }

  private AwsResponse createChangeSet(Map<String, String> form) {
    String name = required(form, "ChangeSetName");
    if (!name.matches("[a-zA-Z][-a-zA-Z0-9]{0,127}")) {
      throw new ValidationError(
          "1 validation error detected: Value '"
              + name
              + "' at 'changeSetName' failed to"
              + " satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*");
    }
    ChangeSet changeSet = plan(form, name, form.getOrDefault("ChangeSetType", "UPDATE"));
    synchronized (changeSets) {
      if (changeSets.values().stream().anyMatch(c -> c.name().equals(name))) {
        throw new Refusal("AlreadyExistsException", "ChangeSet " + name + " already exists");
      }
      changeSets.put(changeSet.id(), changeSet);
    }
    return ok(
        "CreateChangeSet",
        "<Id>"
            + QueryProtocol.escape(changeSet.id())
            + "</Id><StackId>"
            + QueryProtocol.escape(stack.stackId())
            + "</StackId>");
  }

  /**
   * The change set a template and values make of the stack: FAILED when they change nothing, as on
   * AWS.
   */
  private ChangeSet plan(Map<String, String> form, String name, String type) {
    if ("CREATE".equals(type)) {
      return planCreation(form, name);
    }
    named(form);
    if (!"UPDATE".equals(type)) {
      throw new ValidationError(
          "ChangeSetType '"
              + type
              + "' is not supported by the embedded cloud: it takes UPDATE"
              + " and CREATE");
    }
    StackRecord.Deployed current = stack.current();
    requireChangeable(Set.of());
    if (stack.deployed() == null) {
      throw new ValidationError(
          "Stack:"
              + stack.stackId()
              + " is in "
              + stack.status()
              + " state and can not be updated.");
    }
    StackRecord.Deployed template =
        "true".equals(form.get("UsePreviousTemplate")) ? current : templateOf(form);
    Map<String, String> given =
        parameterValues(form, template.template(), stack.deployed().parameters());
    Map<String, String> resolved = validated(template.template(), given);
    requireCapabilities(template.template(), list(form, "Capabilities"));
    StackRecord.Deployed target =
        new StackRecord.Deployed(template.templateBody(), template.template(), given);
    List<ResourceChange> changes =
        ChangePlanner.changes(
            current, stack.deployed().parameters(), stack.deployed(), target, resolved);
    boolean nothing =
        changes.isEmpty()
            && current.template().root().equals(target.template().root())
            && stack.deployed().parameters().equals(resolved);
    return newChangeSet(name, type, form, target, changes, nothing);
  }

  /**
   * A change set that creates the stack, which must not exist (or exist in REVIEW_IN_PROGRESS): the
   * endpoint hosts one stack, so the name must be its own.
   */
  private ChangeSet planCreation(Map<String, String> form, String name) {
    String stackName = requireHostedName(required(form, "StackName"));
    StackRecord.Deployed template = templateOf(form);
    Map<String, String> given = parameterValues(form, template.template(), Map.of());
    validated(template.template(), given);
    requireCapabilities(template.template(), list(form, "Capabilities"));
    StackRecord.Deployed target =
        new StackRecord.Deployed(template.templateBody(), template.template(), given);
    synchronized (stack) {
      String status = stack.exists() ? stack.status() : "DELETE_COMPLETE";
      if (!status.equals("DELETE_COMPLETE") && !status.equals("REVIEW_IN_PROGRESS")) {
        throw new Refusal("AlreadyExistsException", "Stack [" + stackName + "] already exists");
      }
      if (status.equals("DELETE_COMPLETE")) {
        stack.startOver(target, Instant.now());
      }
    }
    List<ResourceChange> changes = new ArrayList<>();
    new TreeSet<>(template.template().resources().keySet())
        .forEach(
            id ->
                changes.add(
                    new ResourceChange(
                        "Add", id, "", template.template().resources().get(id).type(), "")));
    return newChangeSet(name, "CREATE", form, target, changes, false);
  }

  /**
   * A new change set of the stack; one that changes nothing is FAILED, as CloudFormation marks it.
   */
  private ChangeSet newChangeSet(
      String name,
      String type,
      Map<String, String> form,
      StackRecord.Deployed target,
      List<ResourceChange> changes,
      boolean changesNothing) {
    String id =
        "arn:aws:cloudformation:"
            + region()
            + ":"
            + account()
            + ":changeSet/"
            + name
            + "/"
            + UUID.randomUUID();
    return new ChangeSet(
        id,
        name,
        stack.stackId(),
        stack.name(),
        type,
        form.get("Description"),
        target,
        changes,
        changesNothing ? "FAILED" : "CREATE_COMPLETE",
        changesNothing ? NO_CHANGES : null,
        changesNothing ? "UNAVAILABLE" : "AVAILABLE",
        Instant.now());
  }

  private String requireHostedName(String name) {
    if (!name.equals(stack.name())) {
      throw new ValidationError(
          "The embedded cloud at this endpoint hosts stack "
              + stack.name()
              + " only; stack "
              + name
              + " needs a cloud of its own (s3clean --stack-name "
              + name
              + " local start)");
    }
    return name;
  }

  private AwsResponse createStack(Map<String, String> form) {
    executeAtOnce(plan(form, "create-stack-" + UUID.randomUUID(), "CREATE"));
    return ok("CreateStack", "<StackId>" + QueryProtocol.escape(stack.stackId()) + "</StackId>");
  }

  /**
   * As on AWS, deleting a stack that does not exist (or no longer does) succeeds and does nothing.
   */
  private AwsResponse deleteStack(Map<String, String> form) {
    String name = required(form, "StackName");
    boolean ours = name.equals(stack.name()) || name.equals(stack.stackId());
    synchronized (stack) {
      String status = stack.status();
      if (ours && !status.equals("DELETE_COMPLETE") && !status.equals("DELETE_IN_PROGRESS")) {
        if (status.endsWith("_IN_PROGRESS") && !status.equals("REVIEW_IN_PROGRESS")) {
          throw new ValidationError(
              "Stack [" + stack.name() + "] cannot be deleted while in status " + status);
        }
        operations.delete();
        synchronized (changeSets) {
          changeSets.clear();
        }
      }
    }
    return ok("DeleteStack", "");
  }

  /**
   * The values given, UsePreviousValue ones from the stack; every other parameter takes its
   * default.
   */
  private static Map<String, String> parameterValues(
      Map<String, String> form, CloudFormationTemplate template, Map<String, String> previous) {
    Map<String, String> values = new LinkedHashMap<>();
    List<String> unknown = new ArrayList<>();
    for (int i = 1; form.containsKey("Parameters.member." + i + ".ParameterKey"); i++) {
      String prefix = "Parameters.member." + i + ".";
      String key = form.get(prefix + "ParameterKey");
      if (!template.parameters().containsKey(key)) {
        unknown.add(key);
      } else if ("true".equals(form.get(prefix + "UsePreviousValue"))) {
        if (!previous.containsKey(key)) {
          throw new ValidationError(
              "Invalid input for parameter key "
                  + key
                  + ". Cannot specify usePreviousValue as"
                  + " true for a parameter key not in the previous template");
        }
        values.put(key, previous.get(key));
      } else {
        values.put(key, form.getOrDefault(prefix + "ParameterValue", ""));
      }
    }
    if (!unknown.isEmpty()) {
      throw new ValidationError("Parameters: " + unknown + " do not exist in the template");
    }
    return values;
  }

  /**
   * Every parameter's value, checked against the template's constraints and rules as CloudFormation
   * does.
   */
  private Map<String, String> validated(
      CloudFormationTemplate template, Map<String, String> given) {
    try {
      return new TemplateEvaluator(
              template,
              given,
              Map.of(
                  "AWS::StackName",
                  stack.name(),
                  "AWS::Region",
                  region(),
                  "AWS::AccountId",
                  account(),
                  "AWS::Partition",
                  "aws",
                  "AWS::URLSuffix",
                  "amazonaws.com",
                  "AWS::StackId",
                  stack.stackId()))
          .parameters();
    } catch (IllegalArgumentException e) { // TemplateException among them
      throw new ValidationError(e.getMessage());
    }
  }

  /**
   * IAM resources need CAPABILITY_IAM, named ones CAPABILITY_NAMED_IAM, as CloudFormation insists.
   */
  private static void requireCapabilities(CloudFormationTemplate template, List<String> given) {
    boolean iam = false;
    boolean named = false;
    for (Resource resource : template.resources().values()) {
      if (resource.type() != null && resource.type().startsWith("AWS::IAM::")) {
        iam = true;
        named |=
            resource.properties().keySet().stream()
                .anyMatch(p -> p.endsWith("Name") && !p.equals("PolicyName"));
      }
    }
    String needed = named ? "CAPABILITY_NAMED_IAM" : iam ? "CAPABILITY_IAM" : null;
    if (needed != null
        && !given.contains(needed)
        && !(needed.equals("CAPABILITY_IAM") && given.contains("CAPABILITY_NAMED_IAM"))) {
      throw new Refusal(
          "InsufficientCapabilitiesException", "Requires capabilities : [" + needed + "]");
    }
  }

  private ChangeSet changeSet(Map<String, String> form) {
    String name = required(form, "ChangeSetName");
    synchronized (changeSets) {
      ChangeSet byId = changeSets.get(name);
      if (byId != null) {
        return byId;
      }
      if (name.startsWith("arn:")) {
        throw new Refusal("ChangeSetNotFound", "ChangeSet [" + name + "] does not exist");
      }
      named(form);
      return changeSets.values().stream()
          .filter(c -> c.name().equals(name))
          .findFirst()
          .orElseThrow(
              () -> new Refusal("ChangeSetNotFound", "ChangeSet [" + name + "] does not exist"));
    }
  }

  /** A NoEcho parameter's value is masked in every answer, as CloudFormation masks it. */
  private static boolean noEcho(CloudFormationTemplate template, String parameter) {
    Parameter declared = template.parameters().get(parameter);
    return declared != null
        && Boolean.parseBoolean(
            String.valueOf(declared.definition().getOrDefault("NoEcho", "false")));
  }

  private String describedChangeSet(ChangeSet changeSet) {
    StringBuilder xml = new StringBuilder();
    summary(xml, changeSet);
    xml.append("<Parameters>");
    Map<String, String> values = new TreeMap<>(changeSet.target().parameters());
    values.forEach(
        (key, value) -> {
          xml.append("<member>");
          element(xml, "ParameterKey", key);
          element(
              xml, "ParameterValue", noEcho(changeSet.target().template(), key) ? "****" : value);
          xml.append("</member>");
        });
    xml.append("</Parameters><Changes>");
    for (ResourceChange change : changeSet.changes()) {
      xml.append("<member><Type>Resource</Type><ResourceChange>");
      element(xml, "Action", change.action());
      element(xml, "LogicalResourceId", change.logicalId());
      if (!change.physicalId().isEmpty()) {
        element(xml, "PhysicalResourceId", change.physicalId());
      }
      element(xml, "ResourceType", change.resourceType());
      if (!change.replacement().isEmpty()) {
        element(xml, "Replacement", change.replacement());
        xml.append("<Scope><member>Properties</member></Scope>");
      }
      xml.append("<Details/></ResourceChange></member>");
    }
    xml.append("</Changes>");
    return xml.toString();
  }

  private static void summary(StringBuilder xml, ChangeSet changeSet) {
    element(xml, "ChangeSetName", changeSet.name());
    element(xml, "ChangeSetId", changeSet.id());
    element(xml, "StackId", changeSet.stackId());
    element(xml, "StackName", changeSet.stackName());
    if (changeSet.description() != null) {
      element(xml, "Description", changeSet.description());
    }
    element(xml, "CreationTime", changeSet.created().toString());
    element(xml, "ExecutionStatus", changeSet.executionStatus());
    element(xml, "Status", changeSet.status());
    if (changeSet.statusReason() != null) {
      element(xml, "StatusReason", changeSet.statusReason());
    }
  }

  private AwsResponse listChangeSets(Map<String, String> form) {
    named(form);
    StringBuilder xml = new StringBuilder("<Summaries>");
    synchronized (changeSets) {
      changeSets
          .values()
          .forEach(
              changeSet -> {
                xml.append("<member>");
                summary(xml, changeSet);
                xml.append("</member>");
              });
    }
    xml.append("</Summaries>");
    return ok("ListChangeSets", xml.toString());
  }

  private AwsResponse deleteChangeSet(Map<String, String> form) {
    ChangeSet changeSet = changeSet(form);
    if ("EXECUTE_IN_PROGRESS".equals(changeSet.executionStatus())) {
      throw new Refusal(
          "InvalidChangeSetStatus",
          "ChangeSet ["
              + changeSet.id()
              + "] cannot be deleted in its"
              + " current status of EXECUTE_IN_PROGRESS");
    }
    synchronized (changeSets) {
      changeSets.remove(changeSet.id());
    }
    return ok("DeleteChangeSet", "");
  }

  /**
   * Starts the update; every other change set of the stack is obsolete from then on, and the
   * executed one is kept with how its execution ended, as CloudFormation keeps it.
   */
  private void execute(ChangeSet changeSet) {
    // one decision at a time: two executions (or an execution and a deletion) never both pass the
    // checks
    synchronized (stack) {
      if (!"CREATE_COMPLETE".equals(changeSet.status())
          || !"AVAILABLE".equals(changeSet.executionStatus())) {
        throw new Refusal(
            "InvalidChangeSetStatus",
            "ChangeSet ["
                + changeSet.id()
                + "] cannot be executed in its"
                + " current status of ["
                + changeSet.status()
                + "] and execution status of ["
                + changeSet.executionStatus()
                + "]");
      }
      requireChangeable(
          changeSet.type().equals("CREATE") ? Set.of("REVIEW_IN_PROGRESS") : Set.of());
      CompletableFuture<Boolean> execution = operations.execute(changeSet);
      synchronized (changeSets) {
        changeSets.replaceAll(
            (id, other) ->
                id.equals(changeSet.id())
                    ? other.executing("EXECUTE_IN_PROGRESS")
                    : "AVAILABLE".equals(other.executionStatus())
                        ? other.executing("OBSOLETE")
                        : other);
      }
      execution.whenComplete(
          (succeeded, failure) -> {
            synchronized (changeSets) {
              changeSets.computeIfPresent(
                  changeSet.id(),
                  (id, executed) ->
                      executed.executing(
                          Boolean.TRUE.equals(succeeded) ? "EXECUTE_COMPLETE" : "EXECUTE_FAILED"));
            }
          });
    }
  }

  /**
   * A stack that is being changed, or whose last change failed to settle, takes no other change, as
   * CloudFormation refuses one; {@code allowed} are the statuses an operation may start from beside
   * the settled ones.
   */
  private void requireChangeable(Set<String> allowed) {
    String status = stack.status();
    if ((status.endsWith("_IN_PROGRESS") || status.endsWith("_FAILED"))
        && !allowed.contains(status)) {
      throw new ValidationError(
          "Stack:" + stack.stackId() + " is in " + status + " state and can not be updated.");
    }
  }

  /** Executes a change set that no one sees: what CreateStack and UpdateStack make. */
  private void executeAtOnce(ChangeSet changeSet) {
    synchronized (changeSets) {
      changeSets.put(changeSet.id(), changeSet);
    }
    try {
      execute(changeSet);
    } finally {
      synchronized (changeSets) {
        changeSets.remove(changeSet.id());
      }
    }
  }

  /** A change set made and executed at once, as UpdateStack is. */
  private AwsResponse updateStack(Map<String, String> form) {
    ChangeSet changeSet = plan(form, "update-stack-" + UUID.randomUUID(), "UPDATE");
    if ("FAILED".equals(changeSet.status())) {
      throw new ValidationError("No updates are to be performed.");
    }
    executeAtOnce(changeSet);
    return ok("UpdateStack", "<StackId>" + QueryProtocol.escape(stack.stackId()) + "</StackId>");
  }

  /** TemplateBody, or TemplateURL naming an object of the cloud's S3. */
  private StackRecord.Deployed templateOf(Map<String, String> form) {
    String body = form.get("TemplateBody");
    if (body == null || body.isEmpty()) {
      String url = form.get("TemplateURL");
      if (url == null || url.isEmpty()) {
        throw new ValidationError("Either Template URL or Template Body must be specified.");
      }
      body = templateAt(url);
    }
    return new StackRecord.Deployed(body, parse(body), Map.of());
  }

  /**
   * The object a TemplateURL names: virtual-hosted ({@code https://bucket.s3.amazonaws.com/key}) or
   * path-style (any other host, the cloud's endpoint too: {@code http://host/bucket/key}).
   */
  private String templateAt(String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new ValidationError("TemplateURL must be a supported URL.");
    }
    String host = uri.getHost() == null ? "" : uri.getHost();
    String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
    int s3 = host.indexOf(".s3.") >= 0 ? host.indexOf(".s3.") : host.indexOf(".s3-");
    String bucket;
    String key;
    if (s3 > 0) {
      bucket = host.substring(0, s3);
      key = path;
    } else {
      int slash = path.indexOf('/');
      if (slash <= 0) {
        throw new ValidationError(
            "TemplateURL must reference a valid S3 object to which you have access.");
      }
      bucket = path.substring(0, slash);
      key = path.substring(slash + 1);
    }
    try {
      return operations.templateObject(bucket, key);
    } catch (RuntimeException e) {
      if (e instanceof UnsupportedOperationException unsupported) {
        throw unsupported;
      }
      throw new ValidationError(
          "TemplateURL must reference a valid S3 object to which you have access.");
    }
  }

  private static List<String> list(Map<String, String> form, String name) {
    List<String> values = new ArrayList<>();
    for (int i = 1; form.containsKey(name + ".member." + i); i++) {
      values.add(form.get(name + ".member." + i));
    }
    return values;
  }

  private String region() {
    return stack.stackId().split(":")[3];
  }

  private String account() {
    return stack.stackId().split(":")[4];
  }

  private AwsResponse describeStacks(Map<String, String> form) {
    if (!form.containsKey("StackName")) {
      return ok(
          "DescribeStacks",
          listedMember().map(m -> "<Stacks>" + m + "</Stacks>").orElse("<Stacks/>"));
    }
    return ok("DescribeStacks", "<Stacks>" + stackMember(named(form)) + "</Stacks>");
  }

  /**
   * The stack as DescribeStacks lists it when no stack is named: its {@code <member>}; none once it
   * is deleted, or before a change set names it, as CloudFormation lists only stacks that exist.
   */
  public java.util.Optional<String> listedMember() {
    return stack.exists() && !stack.status().equals("DELETE_COMPLETE")
        ? java.util.Optional.of(stackMember(stack))
        : java.util.Optional.empty();
  }

  /** {@code record} as one {@code <member>} of DescribeStacks' Stacks. */
  private String stackMember(StackRecord record) {
    DeployedStack deployed = record.deployed();
    StringBuilder xml = new StringBuilder("<member>");
    element(xml, "StackId", record.stackId());
    element(xml, "StackName", record.name());
    element(xml, "CreationTime", record.created().toString());
    if (!record.lastUpdated().equals(record.created())) {
      element(xml, "LastUpdatedTime", record.lastUpdated().toString());
    }
    element(xml, "StackStatus", record.status());
    element(xml, "DisableRollback", "false");
    if (deployed != null) {
      xml.append("<Parameters>");
      new TreeSet<>(deployed.parameters().keySet())
          .forEach(
              key -> {
                xml.append("<member>");
                element(xml, "ParameterKey", key);
                element(
                    xml,
                    "ParameterValue",
                    noEcho(record.template(), key) ? "****" : deployed.parameters().get(key));
                xml.append("</member>");
              });
      xml.append("</Parameters><Outputs>");
      new TreeSet<>(deployed.outputs().keySet())
          .forEach(
              key -> {
                xml.append("<member>");
                element(xml, "OutputKey", key);
                element(xml, "OutputValue", deployed.outputs().get(key));
                xml.append("</member>");
              });
      xml.append("</Outputs>");
    }
    xml.append("</member>");
    return xml.toString();
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
      Created created =
          record.deployed() == null ? null : record.deployed().resources().get(event.logicalId());
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
    return new TreeSet<>(deployed.resources().keySet())
        .stream()
            .map(
                id ->
                    new StackResource(
                        id, record.template().resource(id).type(), deployed.resources().get(id)))
            .filter(
                r ->
                    !form.containsKey("LogicalResourceId")
                        || r.logicalId().equals(form.get("LogicalResourceId")))
            .map(r -> "<member>" + shape.apply(r) + "</member>")
            .collect(Collectors.joining());
  }

  private StackResource resource(Map<String, String> form) {
    StackRecord record = named(form);
    String logicalId = required(form, "LogicalResourceId");
    Created created =
        record.deployed() == null ? null : record.deployed().resources().get(logicalId);
    if (created == null) {
      throw new ValidationError(
          "Resource " + logicalId + " does not exist for stack " + record.name());
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

  private AwsResponse templateSummary(
      String action, CloudFormationTemplate template, boolean withResourceTypes) {
    StringBuilder xml = new StringBuilder("<Parameters>");
    for (Parameter parameter : template.parameters().values()) {
      xml.append("<member>");
      element(xml, "ParameterKey", parameter.name());
      parameter
          .defaultValue()
          .ifPresent(value -> element(xml, "DefaultValue", String.valueOf(value)));
      element(
          xml,
          "NoEcho",
          String.valueOf(
              Boolean.parseBoolean(
                  String.valueOf(parameter.definition().getOrDefault("NoEcho", "false")))));
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
      template.resources().values().stream()
          .map(r -> r.type())
          .distinct()
          .sorted()
          .forEach(type -> xml.append("<member>").append(type).append("</member>"));
      xml.append("</ResourceTypes>");
      element(
          xml,
          "Version",
          String.valueOf(template.root().getOrDefault("AWSTemplateFormatVersion", "2010-09-09")));
    }
    return ok(action, xml.toString());
  }

  private StackRecord named(Map<String, String> form) {
    String name = required(form, "StackName");
    boolean byName = name.equals(stack.name()) && !stack.status().equals("DELETE_COMPLETE");
    if (!byName && !name.equals(stack.stackId())) {
      throw new ValidationError("Stack with id " + name + " does not exist");
    }
    return stack;
  }

  private static CloudFormationTemplate parse(String body) {
    try {
      return CloudFormationTemplate.parse(body, "TemplateBody");
    } catch (IllegalArgumentException e) { // TemplateException among them
      throw new ValidationError("Template format error: " + e.getMessage());
    }
  }

  private static String required(Map<String, String> form, String name) {
    String value = form.get(name);
    if (value == null || value.isEmpty()) {
      throw new ValidationError(
          "1 validation error detected: Value null at '"
              + Character.toLowerCase(name.charAt(0))
              + name.substring(1)
              + "' failed to satisfy constraint: Member must not be null");
    }
    return value;
  }

  private static AwsResponse ok(String action, String result) {
    return QueryProtocol.ok(
        NAMESPACE, action, "<" + action + "Result>" + result + "</" + action + "Result>");
  }
}
