package io.s3clean.localcloud.lambda;

import io.s3clean.cloudwatch.alarm.AsyncInvocationConfig;
import io.s3clean.cloudwatch.logs.LambdaLogWriter;
import io.s3clean.handler.HandlerRegistry;
import io.s3clean.localcloud.fault.FaultInjector;
import io.s3clean.localcloud.iam.AccessRequest;
import io.s3clean.localcloud.iam.IamCheck;
import io.s3clean.localcloud.iam.Policy;
import io.s3clean.localcloud.lambda.runtime.CodeStore;
import io.s3clean.localcloud.lambda.runtime.FunctionProcesses;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The functions of the embedded cloud, each built from its template definition with SDK clients
 * that pass through its role's IAM check, and the event sources that feed them.
 */
public final class FunctionHost implements AutoCloseable {
  private final String region;
  private final String accountId;
  private final LogWriters logs;
  private final InProcess inProcess;
  private final FaultInjector faults;
  private final Map<String, HostedFunction> byName = new ConcurrentHashMap<>();
  private final Map<String, IamCheck> iamChecks = new LinkedHashMap<>();

  /** Every request at the endpoint looks its caller up here: a map of its own, without the lock. */
  private final Map<String, IamCheck> byAccessKey = new ConcurrentHashMap<>();

  private final List<AutoCloseable> eventSources = new CopyOnWriteArrayList<>();
  private final Map<String, AsyncSettings> asyncSettings = new ConcurrentHashMap<>();
  private final Map<String, List<Version>> versions = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Alias>> aliases = new ConcurrentHashMap<>();
  private final List<EventSourceMapping> mappings = new CopyOnWriteArrayList<>();

  /** A published version of a function; all run the function's one code here. */
  public record Version(String version, String description, Instant published) {}

  /** A function alias, pointing at a published version or $LATEST. */
  public record Alias(String name, String functionVersion, String description) {}

  /**
   * An event source mapping as Lambda describes it.
   *
   * @param functionArn the function's ARN as the mapping names it, qualified by an alias or version
   *     if so
   * @param maximumConcurrency ScalingConfig's MaximumConcurrency, when the template sets it
   */
  public record EventSourceMapping(
      String uuid,
      String eventSourceArn,
      String functionArn,
      int batchSize,
      long maximumBatchingWindowInSeconds,
      List<String> functionResponseTypes,
      boolean enabled,
      OptionalInt maximumConcurrency,
      Instant lastModified) {
    public EventSourceMapping {
      functionResponseTypes = List.copyOf(functionResponseTypes);
    }
  }

  /**
   * A function as an invocation names it: the unqualified name, an alias or version qualifier if
   * any, and the version that runs ($LATEST, or the version an alias points at).
   *
   * @param arn the function's ARN with the qualifier, if any
   */
  public record Qualified(
      HostedFunction function, Optional<String> qualifier, String executedVersion, String arn) {}

  /** No function, version or alias of that name: Lambda's ResourceNotFoundException. */
  public static final class FunctionNotFoundException extends IllegalArgumentException {
    public FunctionNotFoundException(String message) {
      super(message);
    }
  }

  /**
   * How Lambda handles a function version's or alias's asynchronous invocations
   * (AWS::Lambda::EventInvokeConfig): retries, maximum event age, and where an event it gives up on
   * is sent.
   *
   * @param onFailure the ARN of an SQS queue or SNS topic, or empty to drop such events
   */
  public record AsyncSettings(AsyncInvocationConfig config, Optional<String> onFailure) {
    public static final AsyncSettings DEFAULT =
        new AsyncSettings(AsyncInvocationConfig.DEFAULT, Optional.empty());
  }

  /** Where a new execution environment of a function writes its logs. */
  @FunctionalInterface
  public interface LogWriters {
    /**
     * @param allowed false when the role may not write the group: the logs are lost, as on AWS
     */
    LambdaLogWriter open(String logGroup, int memoryMb, boolean allowed);
  }

  /** The clients a function built in this JVM gets. */
  @FunctionalInterface
  public interface ClientFactory {
    /**
     * @param role whose credentials the clients sign with, as Lambda hands them to the function
     */
    HandlerRegistry.Clients forRole(IamCheck role);
  }

  /**
   * How functions are built in this JVM when they do not run deployed code: each handler by its
   * factory in {@code handlers}, with the clients {@code clients} gives its role.
   */
  public record InProcess(HandlerRegistry handlers, ClientFactory clients) {}

  /**
   * Functions run the code their template deploys, as Lambda runs it: unpacked into {@code code},
   * in processes of AWS's Java runtime whose SDK clients call {@code endpoint}.
   */
  public record DeployedCode(CodeStore code, URI endpoint, java.time.Duration idleLimit) {
    /** Environments idle for {@link FunctionProcesses#DEFAULT_IDLE_LIMIT} are ended. */
    public DeployedCode(CodeStore code, URI endpoint) {
      this(code, endpoint, FunctionProcesses.DEFAULT_IDLE_LIMIT);
    }
  }

  /** Lambda's own variables, which a function's Environment may not set (Lambda refuses them). */
  private static final java.util.Set<String> RESERVED =
      java.util.Set.of(
          "_HANDLER",
          "_X_AMZN_TRACE_ID",
          "AWS_DEFAULT_REGION",
          "AWS_REGION",
          "AWS_EXECUTION_ENV",
          "AWS_LAMBDA_FUNCTION_NAME",
          "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
          "AWS_LAMBDA_FUNCTION_VERSION",
          "AWS_LAMBDA_INITIALIZATION_TYPE",
          "AWS_LAMBDA_LOG_GROUP_NAME",
          "AWS_LAMBDA_LOG_STREAM_NAME",
          "AWS_ACCESS_KEY",
          "AWS_ACCESS_KEY_ID",
          "AWS_SECRET_ACCESS_KEY",
          "AWS_SESSION_TOKEN",
          "AWS_LAMBDA_RUNTIME_API",
          "LAMBDA_TASK_ROOT",
          "LAMBDA_RUNTIME_DIR");

  private final Optional<DeployedCode> deployedCode;

  /**
   * @param faults applied to every invocation by an event source mapping; the clients get theirs
   *     from the factory
   */
  public FunctionHost(
      String region, String accountId, LogWriters logs, InProcess inProcess, FaultInjector faults) {
    this(region, accountId, logs, inProcess, faults, Optional.empty());
  }

  /**
   * @param deployedCode when present, functions run the code their template deploys in processes of
   *     their own; when empty, handlers are built in this JVM as {@code inProcess} says
   */
  public FunctionHost(
      String region,
      String accountId,
      LogWriters logs,
      InProcess inProcess,
      FaultInjector faults,
      Optional<DeployedCode> deployedCode) {
    this.region = region;
    this.accountId = accountId;
    this.logs = logs;
    this.inProcess = inProcess;
    this.faults = faults;
    this.deployedCode = deployedCode;
  }

  /**
   * Whether functions run the code their template deploys ({@link #deploy(FunctionSpec, String,
   * Policy, byte[])}).
   */
  public boolean runsDeployedCode() {
    return deployedCode.isPresent();
  }

  /**
   * Deploys a function that runs {@code codePackage} (a zip or jar, as Lambda takes it) in
   * execution environments of its own, with its role's credentials and Lambda's variables.
   *
   * @throws IllegalArgumentException in Lambda's words: reserved variables, a package that is no
   *     zip
   * @throws IllegalStateException when this host runs handlers from its class path
   */
  public HostedFunction deploy(
      FunctionSpec spec, String roleName, Policy rolePolicy, byte[] codePackage) {
    DeployedCode runtime =
        deployedCode.orElseThrow(
            () ->
                new IllegalStateException(
                    "this cloud runs handlers from its class path, not deployed code"));
    List<String> reserved =
        spec.environment().keySet().stream().filter(RESERVED::contains).sorted().toList();
    if (!reserved.isEmpty()) {
      throw new IllegalArgumentException(
          "Lambda was unable to configure your environment variables because the "
              + "environment variables you have provided contains reserved keys that are currently not supported for "
              + "modification. Reserved keys used in this request: "
              + String.join(", ", reserved));
    }
    CodeStore.Unpacked code = runtime.code().unpack(codePackage);
    IamCheck iam = new IamCheck(roleName, spec.name(), accountId, rolePolicy);
    IamCheck.Credentials keys = iam.credentials();
    Map<String, String> environment = new LinkedHashMap<>(spec.environment());
    environment.put("PATH", "/usr/local/bin:/usr/bin:/bin");
    environment.put("LANG", "en_US.UTF-8");
    environment.put("TZ", ":UTC");
    environment.put("_HANDLER", spec.handler());
    environment.put("AWS_REGION", region);
    environment.put("AWS_DEFAULT_REGION", region);
    environment.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + spec.runtime());
    environment.put("AWS_LAMBDA_FUNCTION_NAME", spec.name());
    environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(spec.memoryMb()));
    environment.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
    environment.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
    environment.put("AWS_LAMBDA_LOG_GROUP_NAME", spec.logGroup());
    environment.put("AWS_ACCESS_KEY_ID", keys.accessKeyId());
    environment.put("AWS_SECRET_ACCESS_KEY", keys.secretAccessKey());
    environment.put("AWS_SESSION_TOKEN", keys.sessionToken());
    environment.put("LAMBDA_TASK_ROOT", code.taskRoot().toString());
    // not Lambda's: the one endpoint of this cloud, where the SDK sends every service's calls
    environment.put("AWS_ENDPOINT_URL", runtime.endpoint().toString());
    boolean logsAllowed = logsAllowed(iam, spec);
    FunctionProcesses processes =
        new FunctionProcesses(
            new FunctionProcesses.Launch(
                spec.name(),
                spec.arn(),
                spec.handler(),
                spec.memoryMb(),
                spec.timeoutSeconds(),
                code.taskRoot(),
                environment),
            () -> logs.open(spec.logGroup(), spec.memoryMb(), logsAllowed),
            runtime.idleLimit());
    return register(new HostedFunction(spec, processes, faults), iam);
  }

  public HostedFunction deploy(FunctionSpec spec, String roleName, Policy rolePolicy) {
    IamCheck iam = new IamCheck(roleName, spec.name(), accountId, rolePolicy);
    Object handler;
    try {
      handler =
          HandlerFactory.create(
              inProcess.handlers(),
              spec.handler(),
              spec.environment(),
              inProcess.clients().forRole(iam));
    } catch (HandlerFactory.HandlerException e) {
      // Lambda deploys a function whose handler cannot be loaded; each invocation fails with it
      handler = e.initFailure();
    }
    return register(
        new HostedFunction(
            spec,
            handler,
            logs.open(spec.logGroup(), spec.memoryMb(), logsAllowed(iam, spec)),
            faults),
        iam);
  }

  private HostedFunction register(HostedFunction function, IamCheck iam) {
    FunctionSpec spec = function.spec();
    HostedFunction previous = byName.put(spec.name(), function);
    if (previous != null) {
      // its environments end, as Lambda's do when a function's code or configuration changes
      previous.processes().ifPresent(FunctionProcesses::close);
    }
    synchronized (iamChecks) {
      IamCheck replaced = iamChecks.put(spec.name(), iam);
      if (replaced != null) {
        byAccessKey.remove(replaced.credentials().accessKeyId());
      }
      byAccessKey.put(iam.credentials().accessKeyId(), iam);
    }
    return function;
  }

  /**
   * Lambda writes a function's logs with its role: without logs:CreateLogStream and
   * logs:PutLogEvents on the log group, the function runs and its logs are lost, as on AWS.
   */
  private boolean logsAllowed(IamCheck iam, FunctionSpec spec) {
    String streams =
        "arn:aws:logs:"
            + region
            + ":"
            + accountId
            + ":log-group:"
            + spec.logGroup()
            + ":log-stream:*";
    try {
      iam.requireForService(
          List.of(
              new AccessRequest("logs:CreateLogStream", streams),
              new AccessRequest("logs:PutLogEvents", streams)),
          "writing the function's logs");
      return true;
    } catch (IllegalStateException e) {
      return false;
    }
  }

  /** The function role whose credentials have {@code accessKeyId}, if one has. */
  public java.util.Optional<IamCheck> byAccessKey(String accessKeyId) {
    return java.util.Optional.ofNullable(byAccessKey.get(accessKeyId));
  }

  /**
   * A function's role by the role's name: what STS's AssumeRole hands out (the first function that
   * has it).
   */
  public java.util.Optional<IamCheck> byRoleName(String roleName) {
    synchronized (iamChecks) {
      return iamChecks.values().stream()
          .filter(check -> check.roleName().equals(roleName))
          .findFirst();
    }
  }

  /** The IAM check of a function's role: for the service's own calls and for stack updates. */
  public IamCheck iamCheck(String functionName) {
    synchronized (iamChecks) {
      IamCheck check = iamChecks.get(functionName);
      if (check == null) {
        throw new IllegalArgumentException("Function not found: " + functionName);
      }
      return check;
    }
  }

  /**
   * A function by name, ARN, or ARN qualified with a version or alias (all run the same code here).
   */
  public HostedFunction function(String nameOrArn) {
    String name = nameOrArn;
    if (nameOrArn.startsWith("arn:")) {
      String[] parts = nameOrArn.split(":");
      if (parts.length < 7 || !"function".equals(parts[5])) {
        throw new IllegalArgumentException("not a Lambda function ARN: " + nameOrArn);
      }
      name = parts[6];
    } else if (nameOrArn.contains(":")) {
      name = nameOrArn.substring(0, nameOrArn.indexOf(':'));
    }
    HostedFunction function = byName.get(name);
    if (function == null) {
      throw new FunctionNotFoundException(
          "Function not found: "
              + (nameOrArn.startsWith("arn:") ? nameOrArn : functionArn(nameOrArn)));
    }
    return function;
  }

  /** Every function, by name. */
  public List<HostedFunction> functions() {
    return byName.values().stream().sorted(Comparator.comparing(f -> f.spec().name())).toList();
  }

  /**
   * Resolves a function name as Lambda's API takes it (name, {@code name:qualifier}, full or
   * qualified ARN) with an optional Qualifier parameter.
   *
   * @param qualifier null or empty for none
   * @throws FunctionNotFoundException for an unknown function, alias or version, naming the ARN
   * @throws IllegalArgumentException when the name's qualifier and {@code qualifier} differ
   */
  public Qualified resolve(String nameOrArn, String qualifier) {
    HostedFunction function = function(nameOrArn);
    String name = function.spec().name();
    String qualified =
        nameOrArn.startsWith("arn:")
            ? nameOrArn.substring(nameOrArn.indexOf(":function:") + 10)
            : nameOrArn;
    Optional<String> inName =
        qualified.contains(":")
            ? Optional.of(qualified.substring(qualified.indexOf(':') + 1))
            : Optional.empty();
    Optional<String> given = Optional.ofNullable(qualifier).filter(q -> !q.isEmpty());
    if (inName.isPresent() && given.isPresent() && !inName.equals(given)) {
      throw new IllegalArgumentException(
          "The derived qualifier from the function name does not match the specified "
              + "qualifier.");
    }
    Optional<String> effective = inName.isPresent() ? inName : given;
    String arn = function.spec().arn() + effective.map(q -> ":" + q).orElse("");
    String executed;
    if (effective.isEmpty() || effective.get().equals("$LATEST")) {
      executed = "$LATEST";
    } else if (versions(name).stream().anyMatch(v -> v.version().equals(effective.get()))) {
      executed = effective.get();
    } else {
      executed =
          alias(name, effective.get())
              .orElseThrow(() -> new FunctionNotFoundException("Function not found: " + arn))
              .functionVersion();
    }
    return new Qualified(function, effective, executed, arn);
  }

  /** Publishes the next version of a function (1, 2, ...): AWS::Lambda::Version. */
  public Version publishVersion(String nameOrArn, String description, Instant at) {
    String name = function(nameOrArn).spec().name();
    List<Version> published = versions.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>());
    synchronized (published) {
      Version version = new Version(Integer.toString(published.size() + 1), description, at);
      published.add(version);
      return version;
    }
  }

  /** The published versions of a function, oldest first ($LATEST is not one). */
  public List<Version> versions(String nameOrArn) {
    return List.copyOf(versions.getOrDefault(function(nameOrArn).spec().name(), List.of()));
  }

  /**
   * Creates an alias of a function: AWS::Lambda::Alias.
   *
   * @throws FunctionNotFoundException when {@code functionVersion} is neither $LATEST nor published
   */
  public Alias createAlias(
      String nameOrArn, String aliasName, String functionVersion, String description) {
    String name = function(nameOrArn).spec().name();
    if (!functionVersion.equals("$LATEST")
        && versions(name).stream().noneMatch(v -> v.version().equals(functionVersion))) {
      throw new FunctionNotFoundException(
          "Function not found: " + functionArn(name) + ":" + functionVersion);
    }
    Alias alias = new Alias(aliasName, functionVersion, description);
    aliases.computeIfAbsent(name, n -> new ConcurrentHashMap<>()).put(aliasName, alias);
    return alias;
  }

  public Optional<Alias> alias(String nameOrArn, String aliasName) {
    return Optional.ofNullable(
        aliases.getOrDefault(function(nameOrArn).spec().name(), Map.of()).get(aliasName));
  }

  /** The aliases of a function, by name. */
  public List<Alias> aliases(String nameOrArn) {
    return aliases.getOrDefault(function(nameOrArn).spec().name(), Map.of()).values().stream()
        .sorted(Comparator.comparing(Alias::name))
        .toList();
  }

  /**
   * Records an event source mapping, for Lambda's API to describe; the poller is added with {@link
   * #addEventSource}.
   */
  public void addEventSourceMapping(EventSourceMapping mapping) {
    mappings.add(mapping);
  }

  public List<EventSourceMapping> eventSourceMappings() {
    return List.copyOf(mappings);
  }

  /**
   * Sets the asynchronous invocation settings of {@code functionName} qualified by {@code
   * qualifier}.
   */
  public void configureAsync(String functionName, String qualifier, AsyncSettings settings) {
    function(functionName);
    asyncSettings.put(functionName + ":" + qualifier, settings);
  }

  /**
   * The settings for an invocation of this name or ARN; a function invoked unqualified is $LATEST.
   */
  public AsyncSettings asyncSettings(String nameOrArn) {
    Qualified invoked = resolve(nameOrArn, null);
    return asyncSettings.getOrDefault(
        invoked.function().spec().name() + ":" + invoked.qualifier().orElse("$LATEST"),
        AsyncSettings.DEFAULT);
  }

  public String functionArn(String name) {
    return "arn:aws:lambda:" + region + ":" + accountId + ":function:" + name;
  }

  public void addEventSource(AutoCloseable eventSource) {
    eventSources.add(eventSource);
  }

  /** Per function, the IAM grants of its role that no call has used yet. */
  public Map<String, List<IamCheck.Grant>> unusedGrants() {
    Map<String, List<IamCheck.Grant>> unused = new LinkedHashMap<>();
    synchronized (iamChecks) {
      iamChecks.forEach((name, check) -> unused.put(name, check.unusedGrants()));
    }
    return unused;
  }

  @Override
  public void close() {
    closeEventSources();
    byName.values().forEach(function -> function.processes().ifPresent(FunctionProcesses::close));
  }

  private void closeEventSources() {
    List<AutoCloseable> sources = new ArrayList<>(eventSources);
    eventSources.clear();
    for (AutoCloseable source : sources) {
      try {
        source.close();
      } catch (Exception e) {
        // closing the rest matters more than one source's complaint
      }
    }
  }
}
