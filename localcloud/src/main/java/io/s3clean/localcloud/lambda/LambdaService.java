package io.s3clean.localcloud.lambda;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s3clean.localcloud.endpoint.AwsRequest;
import io.s3clean.localcloud.endpoint.AwsResponse;
import io.s3clean.localcloud.endpoint.RestJson;
import io.s3clean.localcloud.endpoint.ServiceHandler;
import io.s3clean.localcloud.provision.Deployment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Lambda's API (rest-json, botocore's {@code lambda/2015-03-31} model) over the functions this
 * cloud hosts: Invoke, GetFunction, ListFunctions, GetAlias, ListAliases, ListVersionsByFunction,
 * ListEventSourceMappings and GetPolicy.
 *
 * <p>Invoke passes a stream handler (the cleaner) the payload's bytes, and deserialises it for an
 * event-object handler (plotting takes APIGatewayV2HTTPEvent; size tracking and event logging take
 * SQSEvent), as the Java runtime does. A function's error is no API error: status 200 with
 * X-Amz-Function-Error and the runtime's error document. An Event invocation runs once on a thread
 * of this service, without Lambda's asynchronous retries or destinations (the alarm action has
 * those); DryRun checks the function and its qualifier only.
 */
public final class LambdaService implements ServiceHandler, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(LambdaService.class.getName());
  private static final String VERSION = "2015-03-31";

  /**
   * Lambda's quotas: 6 MB for a synchronous request or response, 1 MB for an asynchronous event.
   */
  static final int SYNC_PAYLOAD_LIMIT = 6 * 1024 * 1024;

  static final int ASYNC_PAYLOAD_LIMIT = 1024 * 1024;
  static final int RESPONSE_PAYLOAD_LIMIT = 6 * 1024 * 1024 + 100;

  /** X-Amz-Log-Result carries the last 4 KB of the invocation's log. */
  static final int LOG_TAIL_BYTES = 4096;

  private static final Set<String> INVOCATION_TYPES = Set.of("RequestResponse", "Event", "DryRun");
  private static final DateTimeFormatter LAST_MODIFIED =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSZ", Locale.ROOT)
          .withZone(ZoneOffset.UTC);
  private static final ObjectMapper STRICT =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
  private static final ObjectMapper JSON = RestJson.JSON;

  private final FunctionHost functions;
  private final Supplier<List<Deployment.Permission>> permissions;
  private final String region;
  private final String accountId;
  private final BiConsumer<String, Throwable> onError;
  private final ExecutorService async;

  /**
   * @param permissions the stack's AWS::Lambda::Permission resources: the functions' resource
   *     policies
   * @param onError where an Event invocation's function error is reported
   */
  public LambdaService(
      FunctionHost functions,
      Supplier<List<Deployment.Permission>> permissions,
      String region,
      String accountId,
      BiConsumer<String, Throwable> onError) {
    this.functions = functions;
    this.permissions = permissions;
    this.region = region;
    this.accountId = accountId;
    this.onError = onError;
    this.async =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread thread = new Thread(r, "lambda-async-invoke");
              thread.setDaemon(true);
              return thread;
            });
  }

  @Override
  public AwsResponse accessDenied(AwsRequest request, String message) {
    return error(403, "AccessDeniedException", message);
  }

  @Override
  public AwsResponse handle(AwsRequest request) {
    try {
      return route(request);
    } catch (FunctionHost.FunctionNotFoundException e) {
      return error(404, "ResourceNotFoundException", e.getMessage());
    } catch (IllegalArgumentException e) {
      return error(400, "InvalidParameterValueException", e.getMessage());
    } catch (RuntimeException e) {
      LOG.log(
          System.Logger.Level.ERROR,
          "Lambda's API failed on " + request.method() + " " + request.path(),
          e);
      return error(500, "ServiceException", "The embedded cloud's Lambda failed: " + e);
    }
  }

  private AwsResponse route(AwsRequest request) {
    List<String> path = RestJson.segments(request.path());
    String method = request.method();
    Map<String, String> query = request.queryParameters();
    if (path.size() >= 2 && path.get(0).equals(VERSION)) {
      String collection = path.get(1);
      if (collection.equals("event-source-mappings") && path.size() == 2 && method.equals("GET")) {
        return listEventSourceMappings(query);
      }
      if (collection.equals("functions")) {
        if (path.size() == 2 && method.equals("GET")) {
          return listFunctions(query);
        }
        String function = path.size() > 2 ? path.get(2) : "";
        String sub = path.size() > 3 ? path.get(3) : "";
        if (path.size() == 3 && method.equals("GET")) {
          return getFunction(function, query.get("Qualifier"));
        }
        if (path.size() == 4 && sub.equals("invocations") && method.equals("POST")) {
          return invoke(function, request);
        }
        if (path.size() == 4 && sub.equals("aliases") && method.equals("GET")) {
          return listAliases(function, query);
        }
        if (path.size() == 5 && sub.equals("aliases") && method.equals("GET")) {
          return getAlias(function, path.get(4));
        }
        if (path.size() == 4 && sub.equals("versions") && method.equals("GET")) {
          return listVersions(function, query);
        }
        if (path.size() == 4 && sub.equals("policy") && method.equals("GET")) {
          return getPolicy(function, query.get("Qualifier"));
        }
      }
    }
    return error(
        404,
        "UnknownOperationException",
        "The embedded cloud's Lambda serves Invoke, GetFunction, "
            + "ListFunctions, GetAlias, ListAliases, ListVersionsByFunction, ListEventSourceMappings and GetPolicy, not "
            + method
            + " "
            + request.path());
  }

  // ------------------------------------------------------------------ Invoke

  private AwsResponse invoke(String name, AwsRequest request) {
    String type = request.header("X-Amz-Invocation-Type").orElse("RequestResponse");
    if (!INVOCATION_TYPES.contains(type)) {
      throw new IllegalArgumentException(
          "1 validation error detected: Value '"
              + type
              + "' at 'invocationType' "
              + "failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]");
    }
    String logType = request.header("X-Amz-Log-Type").orElse("None");
    if (!logType.equals("None") && !logType.equals("Tail")) {
      throw new IllegalArgumentException(
          "1 validation error detected: Value '"
              + logType
              + "' at 'logType' "
              + "failed to satisfy constraint: Member must satisfy enum value set: [None, Tail]");
    }
    FunctionHost.Qualified target =
        functions.resolve(name, request.queryParameters().get("Qualifier"));
    byte[] payload = request.body();
    int limit = type.equals("Event") ? ASYNC_PAYLOAD_LIMIT : SYNC_PAYLOAD_LIMIT;
    if (payload.length > limit) {
      return error(
          413,
          "RequestTooLargeException",
          "Request must be smaller than " + limit + " bytes for the InvokeFunction operation");
    }
    if (payload.length > 0) {
      try {
        STRICT.readTree(payload);
      } catch (IOException e) {
        return error(
            400,
            "InvalidRequestContentException",
            "Could not parse request body into json: Could not parse payload into json: "
                + firstLine(e));
      }
    }
    if (type.equals("DryRun")) {
      return new AwsResponse(204, Map.of(), new byte[0]);
    }
    if (type.equals("Event")) {
      try {
        async.execute(() -> invokeAsync(target, payload));
      } catch (RejectedExecutionException e) {
        return error(500, "ServiceException", "the embedded cloud is shutting down");
      }
      return new AwsResponse(202, Map.of("Content-Type", List.of("application/json")), new byte[0]);
    }
    HostedFunction.Result result = target.function().invokePayload(payload);
    byte[] out = result.payload();
    Optional<String> functionError = result.functionError();
    if (out.length > RESPONSE_PAYLOAD_LIMIT) {
      ObjectNode tooLarge = JSON.createObjectNode();
      tooLarge.put(
          "errorMessage",
          "Response payload size exceeded maximum allowed payload size ("
              + RESPONSE_PAYLOAD_LIMIT
              + " bytes).");
      tooLarge.put("errorType", "Function.ResponseSizeTooLarge");
      out = tooLarge.toString().getBytes(StandardCharsets.UTF_8);
      functionError = Optional.of("Unhandled");
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Content-Type", List.of("application/json"));
    headers.put("X-Amz-Executed-Version", List.of(target.executedVersion()));
    headers.put("x-amzn-RequestId", List.of(result.requestId()));
    functionError.ifPresent(e -> headers.put("X-Amz-Function-Error", List.of(e)));
    if (logType.equals("Tail")) {
      headers.put(
          "X-Amz-Log-Result",
          List.of(Base64.getEncoder().encodeToString(result.logTail(LOG_TAIL_BYTES))));
    }
    return new AwsResponse(200, headers, out);
  }

  private void invokeAsync(FunctionHost.Qualified target, byte[] payload) {
    try {
      HostedFunction.Result result = target.function().invokePayload(payload);
      result
          .functionError()
          .ifPresent(
              kind ->
                  onError.accept(
                      "Event invocation of " + target.arn(),
                      new IllegalStateException(
                          kind + ": " + new String(result.payload(), StandardCharsets.UTF_8))));
    } catch (RuntimeException e) {
      onError.accept("Event invocation of " + target.arn(), e);
    }
  }

  private static String firstLine(IOException e) {
    String message = String.valueOf(e.getMessage());
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  // ------------------------------------------------------------------ functions, versions, aliases

  private AwsResponse listFunctions(Map<String, String> query) {
    boolean all = "ALL".equals(query.get("FunctionVersion"));
    if (query.containsKey("FunctionVersion") && !all) {
      throw new IllegalArgumentException(
          "1 validation error detected: Value '"
              + query.get("FunctionVersion")
              + "' at 'functionVersion' failed to satisfy constraint: Member must satisfy enum value set: [ALL]");
    }
    List<ObjectNode> configurations = new ArrayList<>();
    for (HostedFunction function : functions.functions()) {
      configurations.add(
          configuration(function, "$LATEST", function.spec().arn(), Optional.empty()));
      if (all) {
        functions
            .versions(function.spec().name())
            .forEach(
                v ->
                    configurations.add(
                        configuration(
                            function,
                            v.version(),
                            function.spec().arn() + ":" + v.version(),
                            Optional.of(v))));
      }
    }
    return page(configurations, query, "Functions");
  }

  private AwsResponse getFunction(String name, String qualifier) {
    FunctionHost.Qualified target = functions.resolve(name, qualifier);
    HostedFunction function = target.function();
    String version = target.executedVersion();
    Optional<FunctionHost.Version> published =
        functions.versions(function.spec().name()).stream()
            .filter(v -> v.version().equals(version))
            .findFirst();
    ObjectNode body = JSON.createObjectNode();
    body.set("Configuration", configuration(function, version, target.arn(), published));
    // the code is the lambdas jar on this JVM's class path: there is no package to download
    body.putObject("Code").put("RepositoryType", "S3");
    body.putObject("Tags");
    return RestJson.ok(200, body);
  }

  /**
   * A FunctionConfiguration: what the template defines, and what Lambda says of a function ready to
   * run.
   */
  private ObjectNode configuration(
      HostedFunction function,
      String version,
      String arn,
      Optional<FunctionHost.Version> published) {
    FunctionSpec spec = function.spec();
    ObjectNode c = JSON.createObjectNode();
    c.put("FunctionName", spec.name());
    c.put("FunctionArn", arn);
    c.put("Runtime", spec.runtime());
    c.put("Role", spec.roleArn());
    c.put("Handler", spec.handler());
    c.put(
        "Description", published.map(FunctionHost.Version::description).orElse(spec.description()));
    c.put("Timeout", spec.timeoutSeconds());
    c.put("MemorySize", spec.memoryMb());
    c.put(
        "LastModified",
        LAST_MODIFIED.format(
            published.map(FunctionHost.Version::published).orElse(spec.lastModified())));
    c.put("Version", version);
    ObjectNode variables = c.putObject("Environment").putObject("Variables");
    new java.util.TreeMap<>(spec.environment()).forEach(variables::put);
    c.putObject("TracingConfig").put("Mode", "PassThrough");
    c.put("RevisionId", revision(spec.name() + ":" + version));
    c.put("State", "Active");
    c.put("LastUpdateStatus", "Successful");
    c.put("PackageType", "Zip");
    c.putArray("Architectures").add("x86_64");
    c.putObject("EphemeralStorage").put("Size", 512);
    c.putObject("LoggingConfig").put("LogFormat", "Text").put("LogGroup", spec.logGroup());
    return c;
  }

  private AwsResponse listVersions(String name, Map<String, String> query) {
    HostedFunction function = functions.function(name);
    String arn = function.spec().arn();
    List<ObjectNode> versions = new ArrayList<>();
    versions.add(configuration(function, "$LATEST", arn + ":$LATEST", Optional.empty()));
    functions
        .versions(function.spec().name())
        .forEach(
            v ->
                versions.add(
                    configuration(function, v.version(), arn + ":" + v.version(), Optional.of(v))));
    return page(versions, query, "Versions");
  }

  private AwsResponse getAlias(String name, String aliasName) {
    HostedFunction function = functions.function(name);
    FunctionHost.Alias alias =
        functions
            .alias(function.spec().name(), aliasName)
            .orElseThrow(
                () ->
                    new FunctionHost.FunctionNotFoundException(
                        "Cannot find alias arn: " + function.spec().arn() + ":" + aliasName));
    return RestJson.ok(200, alias(function, alias));
  }

  private AwsResponse listAliases(String name, Map<String, String> query) {
    HostedFunction function = functions.function(name);
    String version = query.get("FunctionVersion");
    List<ObjectNode> aliases =
        functions.aliases(function.spec().name()).stream()
            .filter(a -> version == null || a.functionVersion().equals(version))
            .map(a -> alias(function, a))
            .toList();
    return page(aliases, query, "Aliases");
  }

  private ObjectNode alias(HostedFunction function, FunctionHost.Alias alias) {
    ObjectNode a = JSON.createObjectNode();
    a.put("AliasArn", function.spec().arn() + ":" + alias.name());
    a.put("Name", alias.name());
    a.put("FunctionVersion", alias.functionVersion());
    a.put("Description", alias.description());
    a.put("RevisionId", revision(function.spec().name() + ":alias:" + alias.name()));
    return a;
  }

  // ------------------------------------------------------------------ event source mappings

  private AwsResponse listEventSourceMappings(Map<String, String> query) {
    String source = query.get("EventSourceArn");
    String functionName = query.get("FunctionName");
    Optional<FunctionHost.Qualified> function =
        Optional.ofNullable(functionName).map(f -> functions.resolve(f, null));
    List<ObjectNode> mappings =
        functions.eventSourceMappings().stream()
            .filter(m -> source == null || m.eventSourceArn().equals(source))
            .filter(m -> function.isEmpty() || matches(m, function.get()))
            .map(this::mapping)
            .toList();
    return page(mappings, query, "EventSourceMappings");
  }

  /**
   * An unqualified filter takes every mapping of the function; a qualified one, the mappings of
   * that qualifier.
   */
  private boolean matches(FunctionHost.EventSourceMapping mapping, FunctionHost.Qualified filter) {
    FunctionHost.Qualified mapped = functions.resolve(mapping.functionArn(), null);
    return mapped.function() == filter.function()
        && (filter.qualifier().isEmpty() || mapped.arn().equals(filter.arn()));
  }

  private ObjectNode mapping(FunctionHost.EventSourceMapping mapping) {
    ObjectNode m = JSON.createObjectNode();
    m.put("UUID", mapping.uuid());
    m.put("BatchSize", mapping.batchSize());
    m.put("MaximumBatchingWindowInSeconds", mapping.maximumBatchingWindowInSeconds());
    m.put("EventSourceArn", mapping.eventSourceArn());
    m.put("FunctionArn", mapping.functionArn());
    // rest-json timestamps are epoch seconds
    m.put("LastModified", mapping.lastModified().toEpochMilli() / 1000.0);
    m.put("State", mapping.enabled() ? "Enabled" : "Disabled");
    m.put("StateTransitionReason", "USER_INITIATED");
    ArrayNode types = m.putArray("FunctionResponseTypes");
    mapping.functionResponseTypes().forEach(types::add);
    mapping
        .maximumConcurrency()
        .ifPresent(c -> m.putObject("ScalingConfig").put("MaximumConcurrency", c));
    m.put(
        "EventSourceMappingArn",
        "arn:aws:lambda:" + region + ":" + accountId + ":event-source-mapping:" + mapping.uuid());
    return m;
  }

  // ------------------------------------------------------------------ resource policy

  /**
   * The resource policy of the function, or of the alias or version {@code qualifier} names: the
   * statements of the stack's permissions that name exactly that, as on AWS, where a permission on
   * an alias is no part of the unqualified function's policy.
   */
  private AwsResponse getPolicy(String name, String qualifier) {
    FunctionHost.Qualified target = functions.resolve(name, qualifier);
    ArrayNode statements = JSON.createArrayNode();
    for (Deployment.Permission permission : permissions.get()) {
      FunctionHost.Qualified granted;
      try {
        granted = functions.resolve(permission.function(), null);
      } catch (IllegalArgumentException e) {
        continue;
      }
      if (granted.function() == target.function()
          && unlatest(granted.qualifier()).equals(unlatest(target.qualifier()))) {
        statements.add(statement(permission, granted.arn()));
      }
    }
    if (statements.isEmpty()) {
      return error(404, "ResourceNotFoundException", "The resource you requested does not exist.");
    }
    ObjectNode policy = JSON.createObjectNode();
    policy.put("Version", "2012-10-17");
    policy.put("Id", "default");
    policy.set("Statement", statements);
    ObjectNode body = JSON.createObjectNode();
    body.put("Policy", policy.toString());
    body.put("RevisionId", revision(target.arn() + ":policy"));
    return RestJson.ok(200, body);
  }

  private static Optional<String> unlatest(Optional<String> qualifier) {
    return qualifier.filter(q -> !q.equals("$LATEST"));
  }

  private ObjectNode statement(Deployment.Permission permission, String resource) {
    ObjectNode s = JSON.createObjectNode();
    s.put("Sid", permission.statementId());
    s.put("Effect", "Allow");
    String principal = permission.principal();
    if (principal.equals("*")) {
      s.put("Principal", "*");
    } else if (principal.matches("\\d{12}")) {
      s.putObject("Principal").put("AWS", "arn:aws:iam::" + principal + ":root");
    } else if (principal.startsWith("arn:")) {
      s.putObject("Principal").put("AWS", principal);
    } else {
      s.putObject("Principal").put("Service", principal);
    }
    s.put("Action", permission.action());
    s.put("Resource", resource);
    ObjectNode condition = JSON.createObjectNode();
    if (!permission.sourceAccount().isEmpty()) {
      condition.putObject("StringEquals").put("AWS:SourceAccount", permission.sourceAccount());
    }
    if (!permission.sourceArn().isEmpty()) {
      condition.putObject("ArnLike").put("AWS:SourceArn", permission.sourceArn());
    }
    if (!condition.isEmpty()) {
      s.set("Condition", condition);
    }
    return s;
  }

  // ------------------------------------------------------------------ helpers

  /** Marker and MaxItems as Lambda's list operations take them; the marker is an offset here. */
  private static AwsResponse page(
      List<ObjectNode> items, Map<String, String> query, String member) {
    int from = integer(query, "Marker", 0, Integer.MAX_VALUE);
    int max = integer(query, "MaxItems", 50, 10_000);
    if (from < 0) {
      throw new IllegalArgumentException("Invalid Marker: '" + from + "'");
    }
    if (max < 1) {
      throw new IllegalArgumentException(
          "1 validation error detected: Value '"
              + max
              + "' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1");
    }
    int to = (int) Math.min(items.size(), (long) from + max);
    ObjectNode body = JSON.createObjectNode();
    ArrayNode list = body.putArray(member);
    for (int i = Math.min(from, items.size()); i < to; i++) {
      list.add(items.get(i));
    }
    if (to < items.size()) {
      body.put("NextMarker", Integer.toString(to));
    }
    return RestJson.ok(200, body);
  }

  private static int integer(Map<String, String> query, String name, int fallback, int max) {
    String value = query.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Math.min(Integer.parseInt(value), max);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Invalid " + name + ": '" + value + "'");
    }
  }

  private static String revision(String of) {
    return UUID.nameUUIDFromBytes(of.getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** Lambda's error document: {@code Type} User or Service, and the message. */
  private static AwsResponse error(int status, String code, String message) {
    return RestJson.error(
        status, code, message, Map.of("Type", status >= 500 ? "Service" : "User"));
  }

  @Override
  public void close() {
    async.shutdownNow();
    try {
      async.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
