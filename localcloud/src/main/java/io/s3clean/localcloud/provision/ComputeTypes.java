package io.s3clean.localcloud.provision;

import static io.s3clean.localcloud.provision.Types.asMap;
import static io.s3clean.localcloud.provision.Types.list;
import static io.s3clean.localcloud.provision.Types.map;
import static io.s3clean.localcloud.provision.Types.number;
import static io.s3clean.localcloud.provision.Types.string;
import static io.s3clean.localcloud.provision.Types.type;

import io.s3clean.cloudwatch.alarm.AsyncInvocationConfig;
import io.s3clean.cloudwatch.logs.LambdaLogWriter;
import io.s3clean.localcloud.apigw.HttpApiServer;
import io.s3clean.localcloud.iam.AccessRequest;
import io.s3clean.localcloud.iam.Policy;
import io.s3clean.localcloud.lambda.FunctionHost;
import io.s3clean.localcloud.lambda.FunctionSpec;
import io.s3clean.localcloud.lambda.HostedFunction;
import io.s3clean.localcloud.lambda.QueueEventSource;
import io.s3clean.template.TemplateEvaluator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;

/** IAM roles, Lambda functions with their versions, aliases and event sources, and HTTP APIs. */
final class ComputeTypes {
  private ComputeTypes() {}

  /** A role as the function host needs it. */
  record Role(String name, Policy policy) {}

  /** An API Gateway integration: which function a route's target invokes. */
  record Integration(String apiId, String functionRef) {}

  static List<ResourceType> all() {
    return List.of(
        role(),
        function(),
        version(),
        alias(),
        eventSourceMapping(),
        eventInvokeConfig(),
        permission(),
        api(),
        integration(),
        route(),
        stage());
  }

  private static ResourceType role() {
    return type(
        "AWS::IAM::Role",
        Set.of("RoleName", "Policies"),
        Set.of("AssumeRolePolicyDocument", "Description", "Path", "Tags", "MaxSessionDuration"),
        (id, props, d) -> {
          if (props.containsKey("ManagedPolicyArns")) {
            throw new ProvisioningException(
                id + ": ManagedPolicyArns cannot be checked offline; write the statements inline");
          }
          String name =
              string(
                  props,
                  "RoleName",
                  id,
                  d.stackName() + "-" + id + "-" + DataPlaneTypes.shortId(d, id));
          Policy policy = policy(id, props);
          String arn = "arn:aws:iam::" + d.accountId() + ":role/" + name;
          d.addRole(arn, new Role(name, policy));
          return Created.emulated(
              name,
              name,
              Map.of(
                  "Arn",
                  arn,
                  "RoleId",
                  "AROA" + DataPlaneTypes.shortId(d, id + "/RoleId").toUpperCase()));
        });
  }

  /** The inline policies of a role's resolved properties, as one policy. */
  static Policy policy(String id, Map<String, Object> props) {
    List<Map<String, Object>> documents =
        list(props, "Policies", id).stream()
            .map(
                p ->
                    asMap(asMap(p, id + ": policy").get("PolicyDocument"), id + ": PolicyDocument"))
            .toList();
    try {
      return Policy.fromDocuments(documents);
    } catch (IllegalArgumentException e) {
      throw new ProvisioningException(id + ": " + e.getMessage(), e);
    }
  }

  private static ResourceType function() {
    return type(
        "AWS::Lambda::Function",
        Set.of(
            "FunctionName",
            "Handler",
            "Role",
            "Environment",
            "Timeout",
            "MemorySize",
            "LoggingConfig"),
        Set.of(
            "Runtime",
            "Code",
            "Description",
            "SnapStart",
            "ReservedConcurrentExecutions",
            "Architectures",
            "Tags",
            "TracingConfig",
            "EphemeralStorage"),
        (id, props, d) -> {
          String name =
              string(
                  props,
                  "FunctionName",
                  id,
                  d.stackName() + "-" + id + "-" + DataPlaneTypes.shortId(d, id));
          Map<String, String> environment = new LinkedHashMap<>();
          map(map(props, "Environment", id), "Variables", id)
              .forEach((k, v) -> environment.put(k, TemplateEvaluator.text(v)));
          String logGroup =
              string(
                  map(props, "LoggingConfig", id),
                  "LogGroup",
                  id,
                  LambdaLogWriter.logGroupName(name));
          String roleArn = string(props, "Role", id);
          Role role = d.role(roleArn);
          d.assignRole(name, roleArn);
          String arn = d.functions().functionArn(name);
          FunctionSpec spec =
              new FunctionSpec(
                  name,
                  arn,
                  string(props, "Handler", id),
                  environment,
                  (int) number(props, "Timeout", id, 3),
                  (int) number(props, "MemorySize", id, 128),
                  logGroup,
                  string(props, "Runtime", id, "java21"),
                  roleArn,
                  string(props, "Description", id, ""),
                  d.clock().instant());
          try {
            if (d.functions().runsDeployedCode()) {
              d.functions()
                  .deploy(spec, role.name(), role.policy(), code(id, map(props, "Code", id), d));
            } else {
              d.functions().deploy(spec, role.name(), role.policy());
            }
          } catch (RuntimeException e) {
            throw new ProvisioningException(id + ": " + e.getMessage(), e);
          }
          return Created.emulated(name, name, Map.of("Arn", arn));
        });
  }

  /**
   * The deployment package that a function's Code names in S3, as Lambda fetches it when the
   * function is created; a missing object fails the resource with Lambda's message.
   */
  private static byte[] code(String id, Map<String, Object> code, Deployment d) {
    if (code.containsKey("ZipFile") || code.containsKey("ImageUri")) {
      throw new ProvisioningException(
          id
              + ": the embedded cloud runs code from S3 (Code.S3Bucket and S3Key), "
              + "not Code."
              + (code.containsKey("ZipFile") ? "ZipFile" : "ImageUri"));
    }
    String bucket = string(code, "S3Bucket", id);
    String key = string(code, "S3Key", id);
    try {
      return d.artifacts()
          .getObjectAsBytes(
              get ->
                  get.bucket(bucket)
                      .key(key)
                      .versionId(
                          code.containsKey("S3ObjectVersion")
                              ? string(code, "S3ObjectVersion", id)
                              : null))
          .asByteArray();
    } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
      String errorCode = e.awsErrorDetails() == null ? "Unknown" : e.awsErrorDetails().errorCode();
      throw new ProvisioningException(
          id
              + ": Error occurred while GetObject. S3 Error Code: "
              + errorCode
              + ". S3 Error Message: "
              + (errorCode.equals("NoSuchKey")
                  ? "The specified key does not exist."
                  : errorCode.equals("NoSuchBucket")
                      ? "The specified bucket does not exist"
                      : e.getMessage())
              + " (s3://"
              + bucket
              + "/"
              + key
              + ")",
          e);
    }
  }

  private static ResourceType version() {
    return type(
        "AWS::Lambda::Version",
        Set.of("FunctionName"),
        Set.of("Description", "CodeSha256", "ProvisionedConcurrencyConfig", "RuntimePolicy"),
        (id, props, d) -> {
          HostedFunction function = d.functions().function(string(props, "FunctionName", id));
          // Every start of the embedded cloud deploys the code afresh: its versions start again at
          // 1.
          FunctionHost.Version version =
              d.functions()
                  .publishVersion(
                      function.spec().name(),
                      string(props, "Description", id, ""),
                      d.clock().instant());
          String arn = function.spec().arn() + ":" + version.version();
          return Created.emulated(
              arn, arn, Map.of("Version", version.version(), "FunctionArn", arn));
        });
  }

  private static ResourceType alias() {
    return type(
        "AWS::Lambda::Alias",
        Set.of("Name", "FunctionName", "FunctionVersion"),
        Set.of("Description", "ProvisionedConcurrencyConfig", "RoutingConfig"),
        (id, props, d) -> {
          HostedFunction function = d.functions().function(string(props, "FunctionName", id));
          String name = string(props, "Name", id);
          String arn = function.spec().arn() + ":" + name;
          // read before the try: a bad property already names the resource
          String version = string(props, "FunctionVersion", id);
          String description = string(props, "Description", id, "");
          try {
            d.functions().createAlias(function.spec().name(), name, version, description);
          } catch (IllegalArgumentException e) {
            throw new ProvisioningException(id + ": " + e.getMessage(), e);
          }
          return Created.emulated(arn, arn, Map.of("AliasArn", arn));
        });
  }

  private static ResourceType eventSourceMapping() {
    return type(
        "AWS::Lambda::EventSourceMapping",
        Set.of(
            "EventSourceArn",
            "FunctionName",
            "BatchSize",
            "MaximumBatchingWindowInSeconds",
            "FunctionResponseTypes",
            "Enabled",
            "ScalingConfig"),
        Set.of("Tags"),
        (id, props, d) -> {
          String source = string(props, "EventSourceArn", id);
          Created queue =
              d.findBy("Arn", source)
                  .filter(c -> c.attributes().containsKey("QueueUrl"))
                  .orElseThrow(
                      () ->
                          new ProvisioningException(
                              id
                                  + ": event source "
                                  + source
                                  + " is not a queue of this stack (the embedded cloud maps SQS sources only)"));
          HostedFunction function = d.functions().function(string(props, "FunctionName", id));
          List<String> responseTypes =
              list(props, "FunctionResponseTypes", id).stream().map(String::valueOf).toList();
          int concurrency =
              (int) number(map(props, "ScalingConfig", id), "MaximumConcurrency", id, 2);
          QueueEventSource.Settings settings =
              new QueueEventSource.Settings(
                  (int) number(props, "BatchSize", id, 10),
                  d.scaled(
                      Duration.ofSeconds(number(props, "MaximumBatchingWindowInSeconds", id, 0))),
                  responseTypes.contains("ReportBatchItemFailures"),
                  Math.min(concurrency, 4));
          // Lambda polls the queue with the function's role: AWS refuses the mapping without these
          // rights.
          try {
            d.functions()
                .iamCheck(function.spec().name())
                .requireForService(
                    List.of(
                        new AccessRequest("sqs:ReceiveMessage", source),
                        new AccessRequest("sqs:DeleteMessage", source),
                        new AccessRequest("sqs:GetQueueAttributes", source)),
                    "the SQS event source mapping");
          } catch (IllegalStateException e) {
            throw new ProvisioningException(id + ": " + e.getMessage(), e);
          }
          String uuid =
              UUID.nameUUIDFromBytes(
                      (d.stackName() + "/" + id).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                  .toString();
          boolean enabled =
              Boolean.parseBoolean(String.valueOf(props.getOrDefault("Enabled", "true")));
          String functionRef = string(props, "FunctionName", id);
          Map<String, Object> scaling = map(props, "ScalingConfig", id);
          d.functions()
              .addEventSourceMapping(
                  new FunctionHost.EventSourceMapping(
                      uuid,
                      source,
                      functionRef.startsWith("arn:")
                          ? functionRef
                          : d.functions().functionArn(functionRef),
                      (int) number(props, "BatchSize", id, 10),
                      number(props, "MaximumBatchingWindowInSeconds", id, 0),
                      responseTypes,
                      enabled,
                      scaling.containsKey("MaximumConcurrency")
                          ? OptionalInt.of(concurrency)
                          : OptionalInt.empty(),
                      d.clock().instant()));
          if (enabled) {
            d.functions()
                .addEventSource(
                    new QueueEventSource(
                        d.sqs(),
                        String.valueOf(queue.attributes().get("QueueUrl")),
                        source,
                        d.region(),
                        settings,
                        function,
                        d.onError(),
                        d.meter()));
          }
          return Created.emulated(uuid, uuid, Map.of("Id", uuid));
        });
  }

  /**
   * A function's asynchronous invocation settings. As PutFunctionEventInvokeConfig does, the deploy
   * refuses a destination that the function's role may not send to ("The provided execution role
   * does not have permissions to call SendMessage on SQS"); only on-failure destinations of this
   * stack's queues and topics are emulated.
   */
  private static ResourceType eventInvokeConfig() {
    return type(
        "AWS::Lambda::EventInvokeConfig",
        Set.of(
            "FunctionName",
            "Qualifier",
            "MaximumRetryAttempts",
            "MaximumEventAgeInSeconds",
            "DestinationConfig"),
        Set.of(),
        (id, props, d) -> {
          String functionName = string(props, "FunctionName", id);
          String qualifier = string(props, "Qualifier", id);
          HostedFunction function = d.functions().function(functionName);
          Map<String, Object> destinations = map(props, "DestinationConfig", id);
          if (destinations.containsKey("OnSuccess")) {
            throw new ProvisioningException(id + ": on-success destinations are not emulated");
          }
          Optional<String> onFailure =
              Optional.of(map(destinations, "OnFailure", id))
                  .filter(m -> !m.isEmpty())
                  .map(m -> string(m, "Destination", id));
          onFailure.ifPresent(arn -> requireDestination(id, arn, function, d));
          AsyncInvocationConfig config;
          // read before the try: a bad property already names the resource
          long retries = number(props, "MaximumRetryAttempts", id, 2);
          long maximumAge = number(props, "MaximumEventAgeInSeconds", id, 21600);
          try {
            config = new AsyncInvocationConfig((int) retries, Duration.ofSeconds(maximumAge));
          } catch (IllegalArgumentException e) {
            throw new ProvisioningException(id + ": " + e.getMessage(), e);
          }
          d.functions()
              .configureAsync(
                  function.spec().name(),
                  qualifier,
                  new FunctionHost.AsyncSettings(config, onFailure));
          String physicalId = function.spec().name() + ":" + qualifier;
          return Created.emulated(physicalId, physicalId, Map.of());
        });
  }

  private static void requireDestination(
      String id, String arn, HostedFunction function, Deployment d) {
    String action;
    if (arn.startsWith("arn:aws:sqs:")) {
      d.findBy("Arn", arn)
          .filter(c -> c.attributes().containsKey("QueueUrl"))
          .orElseThrow(
              () ->
                  new ProvisioningException(
                      id + ": on-failure destination " + arn + " is not a queue of this stack"));
      action = "sqs:SendMessage";
    } else if (arn.startsWith("arn:aws:sns:")) {
      action = "sns:Publish";
    } else {
      throw new ProvisioningException(
          id + ": only SQS queues and SNS topics are emulated as destinations, not " + arn);
    }
    try {
      d.functions()
          .iamCheck(function.spec().name())
          .requireForService(List.of(new AccessRequest(action, arn)), "the on-failure destination");
    } catch (IllegalStateException e) {
      throw new ProvisioningException(id + ": " + e.getMessage(), e);
    }
  }

  private static ResourceType permission() {
    return type(
        "AWS::Lambda::Permission",
        Set.of("FunctionName", "Action", "Principal", "SourceArn", "SourceAccount"),
        Set.of("EventSourceToken", "PrincipalOrgID", "FunctionUrlAuthType"),
        (id, props, d) -> {
          d.functions().function(string(props, "FunctionName", id));
          // CloudFormation names the statement by the resource's physical id
          String statementId =
              d.stackName()
                  + "-"
                  + id
                  + "-"
                  + DataPlaneTypes.shortId(d, id).toUpperCase(java.util.Locale.ROOT);
          d.addPermission(
              new Deployment.Permission(
                  statementId,
                  string(props, "FunctionName", id),
                  string(props, "Action", id),
                  string(props, "Principal", id),
                  string(props, "SourceArn", id, ""),
                  string(props, "SourceAccount", id, "")));
          return Created.recorded(statementId, Map.of());
        });
  }

  private static ResourceType api() {
    return type(
        "AWS::ApiGatewayV2::Api",
        Set.of("Name", "ProtocolType"),
        Set.of("Description", "Tags", "CorsConfiguration"),
        (id, props, d) -> {
          if (!"HTTP".equals(string(props, "ProtocolType", id))) {
            throw new ProvisioningException(
                id + ": only HTTP APIs are emulated, not " + props.get("ProtocolType"));
          }
          String apiId = DataPlaneTypes.shortId(d, id).substring(0, 7) + "x";
          HttpApiServer server;
          try {
            server = new HttpApiServer(apiId, string(props, "Name", id), 0, d.clock(), d.meter());
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          d.addApi(apiId, server);
          return Created.emulated(
              apiId, apiId, Map.of("ApiId", apiId, "ApiEndpoint", server.endpoint().toString()));
        });
  }

  private static ResourceType integration() {
    return type(
        "AWS::ApiGatewayV2::Integration",
        Set.of("ApiId", "IntegrationType", "IntegrationUri", "PayloadFormatVersion"),
        Set.of("Description", "TimeoutInMillis", "IntegrationMethod"),
        (id, props, d) -> {
          if (!"AWS_PROXY".equals(string(props, "IntegrationType", id))
              || !"2.0".equals(string(props, "PayloadFormatVersion", id, "2.0"))) {
            throw new ProvisioningException(
                id + ": only AWS_PROXY integrations with payload format 2.0 are emulated");
          }
          d.functions().function(string(props, "IntegrationUri", id));
          String integrationId = DataPlaneTypes.shortId(d, id).substring(0, 7);
          d.addIntegration(
              integrationId,
              new Integration(string(props, "ApiId", id), string(props, "IntegrationUri", id)));
          return Created.emulated(
              integrationId, integrationId, Map.of("IntegrationId", integrationId));
        });
  }

  private static ResourceType route() {
    return type(
        "AWS::ApiGatewayV2::Route",
        Set.of("ApiId", "RouteKey", "AuthorizationType", "Target"),
        Set.of("OperationName"),
        (id, props, d) -> {
          String target = string(props, "Target", id);
          if (!target.startsWith("integrations/")) {
            throw new ProvisioningException(
                id + ": Target must be integrations/<id>, not " + target);
          }
          Integration integration = d.integration(target.substring("integrations/".length()));
          String authorization = string(props, "AuthorizationType", id, "NONE");
          if (!authorization.equals("NONE") && !authorization.equals("AWS_IAM")) {
            throw new ProvisioningException(
                id + ": AuthorizationType " + authorization + " is not emulated");
          }
          String routeId = DataPlaneTypes.shortId(d, id).substring(0, 7);
          d.api(string(props, "ApiId", id))
              .addRoute(
                  new HttpApiServer.Route(
                      routeId,
                      string(props, "RouteKey", id),
                      target,
                      d.functions().function(integration.functionRef()),
                      authorization.equals("AWS_IAM")));
          return Created.emulated(routeId, routeId, Map.of("RouteId", routeId));
        });
  }

  /**
   * A stage is recorded for API Gateway's API to list; it changes nothing here: the API's one
   * server answers at its root, as the $default stage does.
   */
  private static ResourceType stage() {
    return type(
        "AWS::ApiGatewayV2::Stage",
        Set.of(),
        Set.of(
            "ApiId",
            "StageName",
            "AutoDeploy",
            "AccessLogSettings",
            "DefaultRouteSettings",
            "Tags"),
        (id, props, d) -> {
          String name = string(props, "StageName", id);
          d.api(string(props, "ApiId", id))
              .addStage(
                  new HttpApiServer.Stage(
                      name, Types.bool(props, "AutoDeploy", id, false), d.clock().instant()));
          return Created.recorded(name, Map.of());
        });
  }
}
