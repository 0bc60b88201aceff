package io.s3clean.localcloud;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3clean.clock.ScaledClock;
import io.s3clean.clock.SimClock;
import io.s3clean.cloudwatch.CloudWatchSim;
import io.s3clean.cloudwatch.alarm.AlarmActionTarget;
import io.s3clean.cloudwatch.alarm.AsyncInvocationConfig;
import io.s3clean.cloudwatch.alarm.DiscardedEvent;
import io.s3clean.cloudwatch.logs.LambdaLogWriter;
import io.s3clean.cloudwatch.logs.LogStore;
import io.s3clean.engines.ForwardingListener;
import io.s3clean.handler.HandlerRegistry;
import io.s3clean.localcloud.apigw.ApiGatewayV2Service;
import io.s3clean.localcloud.cfn.CloudFormationService;
import io.s3clean.localcloud.cfn.StackRecord;
import io.s3clean.localcloud.cloudwatch.CloudWatchService;
import io.s3clean.localcloud.cloudwatch.LogsService;
import io.s3clean.localcloud.emulator.EmulatorConfig;
import io.s3clean.localcloud.emulator.Emulators;
import io.s3clean.localcloud.emulator.LocalClients;
import io.s3clean.localcloud.endpoint.AwsEndpoint;
import io.s3clean.localcloud.endpoint.DynamoDbFront;
import io.s3clean.localcloud.endpoint.ServletHandler;
import io.s3clean.localcloud.endpoint.StsService;
import io.s3clean.localcloud.endpoint.Tenant;
import io.s3clean.localcloud.fault.FaultInjector;
import io.s3clean.localcloud.fault.FaultPlan;
import io.s3clean.localcloud.iam.AccessRequest;
import io.s3clean.localcloud.iam.EndpointIam;
import io.s3clean.localcloud.iam.IamCheck;
import io.s3clean.localcloud.iam.WireAuthorizations;
import io.s3clean.localcloud.lambda.FunctionHost;
import io.s3clean.localcloud.lambda.HostedFunction;
import io.s3clean.localcloud.lambda.InvocationRecord;
import io.s3clean.localcloud.lambda.LambdaService;
import io.s3clean.localcloud.lambda.runtime.CodeStore;
import io.s3clean.localcloud.provision.DeployedStack;
import io.s3clean.localcloud.provision.Deployment;
import io.s3clean.localcloud.provision.StackDeployer;
import io.s3clean.localcloud.provision.StackEvent;
import io.s3clean.localcloud.s3.S3Notifications;
import io.s3clean.localcloud.sns.SnsQueryService;
import io.s3clean.localcloud.sns.SnsService;
import io.s3clean.localcloud.sqs.OutgoingMessage;
import io.s3clean.localcloud.sqs.SqsJsonService;
import io.s3clean.localcloud.usage.LogMetering;
import io.s3clean.localcloud.usage.UsageMeter;
import io.s3clean.template.CloudFormationTemplate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The embedded local cloud: the real emulators (S3Proxy, ElasticMQ, our own DynamoDB engine) and,
 * in this process, what AWS would do around them (S3 notifications, SNS, Lambda hosting with IAM
 * checks, HTTP APIs), running the very template and handlers that AWS runs.
 */
public final class LocalCloud implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Emulators emulators;
  private final LocalClients clients;
  private final S3Notifications notifications;
  private final SnsService sns;
  private final AwsEndpoint endpoint;

  /** The stack's services at the endpoint, which other stacks may share. */
  private final Tenant tenant;

  private final StackRecord stackRecord;
  private final FunctionHost functions;
  private final CloudWatchSim cloudWatch;
  private final Deployment deployment;
  private final DeployedStack stack;
  private final FaultInjector faults;
  private final List<AutoCloseable> owned = new ArrayList<>();
  private final Map<String, io.s3clean.localcloud.endpoint.ServiceHandler> served =
      new java.util.LinkedHashMap<>();
  private final Duration startup;

  /** A file the cloud's S3 holds, at {@code bucket}/{@code key}, before its stack deploys. */
  public record Artifact(String bucket, String key, java.nio.file.Path file) {}

  /**
   * @param template usually {@link io.s3clean.template.ShippedTemplate#parsed()}; tests deploy
   *     variants of it
   * @param clock the cloud's time: S3 event times, history, log timestamps and alarm windows all
   *     follow it, and every AWS duration in the template is shortened by its scale
   * @param faults faults to inject into S3 notifications, function invocations and the functions'
   *     DynamoDB calls; {@link FaultPlan#NONE} for none
   * @param endpointPort the loopback port of the cloud's one AWS endpoint; 0 for any free one
   * @param restart the stack exists in the data directory and starts again: it keeps its id,
   *     creation time and events, and records none for re-creating what is there
   * @param deployedCode functions run the jar the template deploys, not handlers built in this JVM
   * @param handlers what functions built in this JVM are built from
   */
  public record Options(
      CloudFormationTemplate template,
      EmulatorConfig emulators,
      String stackName,
      Map<String, String> parameters,
      SimClock clock,
      Consumer<StackEvent> events,
      BiConsumer<String, Throwable> onError,
      FaultPlan faults,
      int endpointPort,
      boolean restart,
      boolean deployedCode,
      List<Artifact> artifacts,
      HandlerRegistry handlers) {

    /** A cloud that injects no faults, its endpoint on any free port, deploying its stack. */
    public Options(
        CloudFormationTemplate template,
        EmulatorConfig emulators,
        String stackName,
        Map<String, String> parameters,
        SimClock clock,
        Consumer<StackEvent> events,
        BiConsumer<String, Throwable> onError) {
      this(
          template,
          emulators,
          stackName,
          parameters,
          clock,
          events,
          onError,
          FaultPlan.NONE,
          0,
          false,
          false,
          List.of(),
          HandlerRegistry.standard());
    }

    public Options withFaults(FaultPlan plan) {
      return copy(c -> c.faults = plan);
    }

    /** The endpoint on this port, so that its URL outlives a restart; 0 for any free one. */
    public Options withEndpointPort(int port) {
      return copy(c -> c.endpointPort = port);
    }

    /** The same cloud, deploying another template or other values. */
    public Options with(CloudFormationTemplate template, Map<String, String> parameters) {
      return copy(
          c -> {
            c.template = template;
            c.parameters = parameters;
            c.restart = false;
          });
    }

    public Options withEmulators(EmulatorConfig config) {
      return copy(c -> c.emulators = config);
    }

    /**
     * Another stack of the same account on the same endpoint and clock, its functions run the same
     * way: its own emulators (on any free ports) over {@code emulators}' data, no faults and no
     * artifacts of its own; deployed with the template a change set gives it.
     */
    public Options forStack(String name, EmulatorConfig emulators) {
      return copy(
          c -> {
            c.emulators = emulators;
            c.stackName = name;
            c.parameters = Map.of();
            c.faults = FaultPlan.NONE;
            c.endpointPort = 0;
            c.restart = false;
            c.artifacts = List.of();
          });
    }

    /**
     * Functions run the code the template deploys (Code.S3Bucket / S3Key in the cloud's S3) as
     * Lambda runs it, a process of AWS's Java runtime per execution environment, instead of
     * handlers built from this JVM's class path. Their clock is the machine's: give such a cloud a
     * real-time clock, and no function faults (they hook the class path's SDK clients).
     */
    public Options withDeployedCode() {
      return copy(c -> c.deployedCode = true);
    }

    /**
     * As {@link #withDeployedCode()}, with {@code artifact} put in the cloud's S3 (its bucket made
     * if need be) before the stack deploys, as an artifact bucket holds the jar before a deploy on
     * AWS.
     */
    public Options withDeployedCode(Artifact artifact) {
      List<Artifact> more = new ArrayList<>(artifacts);
      more.add(artifact);
      return copy(
          c -> {
            c.deployedCode = true;
            c.artifacts = List.copyOf(more);
          });
    }

    /** Functions built in this JVM come from {@code handlers} (the standard four by default). */
    public Options withHandlers(HandlerRegistry handlers) {
      return copy(c -> c.handlers = handlers);
    }

    /** The stack starts again over its data rather than being deployed. */
    public Options asRestart() {
      return copy(c -> c.restart = true);
    }

    /** These options with what {@code change} sets changed: each wither names only its part. */
    private Options copy(Consumer<Parts> change) {
      Parts parts = new Parts(this);
      change.accept(parts);
      return parts.options();
    }

    /** The parts of options being copied, to change some of them. */
    private static final class Parts {
      private CloudFormationTemplate template;
      private EmulatorConfig emulators;
      private String stackName;
      private Map<String, String> parameters;
      private final SimClock clock;
      private final Consumer<StackEvent> events;
      private final BiConsumer<String, Throwable> onError;
      private FaultPlan faults;
      private int endpointPort;
      private boolean restart;
      private boolean deployedCode;
      private List<Artifact> artifacts;
      private HandlerRegistry handlers;

      Parts(Options from) {
        template = from.template;
        emulators = from.emulators;
        stackName = from.stackName;
        parameters = from.parameters;
        clock = from.clock;
        events = from.events;
        onError = from.onError;
        faults = from.faults;
        endpointPort = from.endpointPort;
        restart = from.restart;
        deployedCode = from.deployedCode;
        artifacts = from.artifacts;
        handlers = from.handlers;
      }

      Options options() {
        return new Options(
            template,
            emulators,
            stackName,
            parameters,
            clock,
            events,
            onError,
            faults,
            endpointPort,
            restart,
            deployedCode,
            artifacts,
            handlers);
      }
    }
  }

  /**
   * @param endpoint the endpoint the cloud's services join; closed with the cloud if it owns it,
   *     else left serving what others put there
   * @param deployEvents where the deployment's stack events go
   */
  private LocalCloud(
      Options options,
      AwsEndpoint endpoint,
      Tenant tenant,
      boolean ownsEndpoint,
      StackRecord stackRecord,
      Consumer<StackEvent> deployEvents) {
    long begin = System.nanoTime();
    this.faults = new FaultInjector(options.faults());
    ForwardingListener changes = new ForwardingListener();
    this.endpoint = endpoint;
    this.tenant = tenant;
    this.stackRecord = stackRecord;
    if (ownsEndpoint) {
      owned.add(endpoint);
    }
    try {
      // queue URLs name the endpoint, as AWS's name its SQS endpoint, so any client can use them
      // there
      this.emulators =
          Emulators.start(
              options
                  .emulators()
                  .withObjectChangeListener(changes)
                  .withQueueUrlPort(endpoint.endpoint().getPort()));
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    owned.add(emulators);
    try {
      this.clients = LocalClients.of(emulators.endpoints());
      S3Client s3 = clients.s3();
      DynamoDbClient dynamo = clients.dynamoDb();
      owned.add(s3);
      owned.add(dynamo);
      this.sns =
          new SnsService(
              emulators.region(),
              emulators.accountId(),
              emulators.sqsEngine(),
              options.clock(),
              endpoint.meter());
      this.notifications =
          new S3Notifications(
              emulators.region(), options.clock(), sns.publisher(), options.onError(), faults);
      owned.add(notifications);
      notifications.addNotifiedListener(
          change ->
              endpoint
                  .meter()
                  .add("s3", UsageMeter.S3_EVENTS, UsageMeter.EVENTS, 1, UsageMeter.Payer.STACK));
      changes.forwardTo(notifications);
      CloudWatchSim.Builder cloudWatchBuilder =
          CloudWatchSim.builder(options.clock())
              .region(emulators.region())
              .accountId(emulators.accountId())
              .actionTarget(new AlarmActions());
      options
          .emulators()
          .dataDir()
          .ifPresent(dir -> cloudWatchBuilder.dataDirectory(cloudWatchDirectory(dir)));
      this.cloudWatch = cloudWatchBuilder.build();
      owned.add(cloudWatch);
      owned.add(cloudWatch.logs().addListener(new LogMetering(endpoint.meter(), true))::close);
      // configurations set through the API come back with the cloud; a template's with its deploy
      io.s3clean.localcloud.s3.NotificationStore keptNotifications =
          new io.s3clean.localcloud.s3.NotificationStore(
              options.emulators().dataDir().map(dir -> dir.resolve("s3-notifications")));
      keptNotifications.all().forEach(notifications::restore);
      serve(
          "s3",
          new io.s3clean.localcloud.s3.S3Front(
              new ServletHandler(emulators.s3Servlet(), endpoint.endpoint()),
              emulators.s3Lifecycle(),
              notifications,
              keptNotifications,
              sns::exists,
              new io.s3clean.localcloud.s3.BucketRegions(
                  emulators.region(),
                  options.emulators().dataDir().map(dir -> dir.resolve("s3-regions")))));
      owned.add(
          new io.s3clean.localcloud.s3.LifecyclePasses(
              emulators.s3Lifecycle(), options.clock(), options.onError()));
      serve("sqs", new SqsJsonService(emulators.sqsEngine()));
      serve("dynamodb", new DynamoDbFront(emulators.dynamoDbProtocol(), endpoint.meter()));
      serve("sns", new SnsQueryService(sns));
      serve("monitoring", new CloudWatchService(cloudWatch));
      serve("logs", new LogsService(cloudWatch));
      // Functions call the one endpoint, as AWS_ENDPOINT_URL would send them, with the Lambda jar's
      // transport; every call passes their role's IAM check, and the endpoint's meter counts it.
      LocalClients functionClients =
          LocalClients.of(
                  io.s3clean.localcloud.emulator.Endpoints.at(
                      endpoint.endpoint(), emulators.region()),
                  LocalClients.Transport.URL_CONNECTION)
              .asCloudCaller();
      LogStore lostLogs = LogStore.inMemory(options.clock());
      // a function whose role may not write its logs still runs, and is billed
      lostLogs.addListener(new LogMetering(endpoint.meter(), false));
      this.functions =
          new FunctionHost(
              emulators.region(),
              emulators.accountId(),
              (group, memoryMb, allowed) ->
                  allowed
                      ? cloudWatch.lambdaLogWriter(group, memoryMb)
                      : LambdaLogWriter.forNewEnvironment(
                          lostLogs, group, options.clock(), memoryMb),
              new FunctionHost.InProcess(
                  options.handlers(), role -> roleClients(functionClients, role, options.clock())),
              faults,
              options.deployedCode()
                  ? Optional.of(
                      new FunctionHost.DeployedCode(
                          new CodeStore(codeRoot(options)), endpoint.endpoint()))
                  : Optional.empty());
      owned.add(functions);
      String responseKey =
          io.s3clean.localcloud.provision.CustomResources.responseAccessKey(options.stackName());
      tenant.recognizeKeys(
          key -> functions.byAccessKey(key).isPresent() || key.equals(responseKey));
      tenant.holdsWith(this::holds);
      tenant.authorizeWith(
          new EndpointIam(
              functions::byAccessKey,
              new WireAuthorizations(emulators.region(), emulators.accountId())));
      serve(
          "sts",
          new StsService(
              emulators.accountId(),
              roleName -> functions.byRoleName(roleName).map(IamCheck::credentials)));
      this.deployment =
          new Deployment(
              options.stackName(),
              emulators.region(),
              emulators.accountId(),
              options.clock(),
              s3,
              emulators.sqsEngine(),
              dynamo,
              sns,
              notifications,
              emulators.s3Lifecycle(),
              functions,
              cloudWatch,
              options.onError(),
              endpoint.meter());
      owned.add(deployment);
      LambdaService lambda =
          new LambdaService(
              functions,
              deployment::permissions,
              emulators.region(),
              emulators.accountId(),
              options.onError());
      owned.add(lambda);
      serve("lambda", lambda);
      serve("apigateway", new ApiGatewayV2Service(deployment::apis, emulators.accountId()));
      putArtifacts(s3, options.artifacts());
      // through the endpoint, as the cloud's own caller (a stack operation holds other callers):
      // the
      // artifact may be in the bucket of a stack created before this one
      S3Client accountS3 = functionClients.s3();
      owned.add(accountS3);
      deployment.readArtifactsWith(accountS3);
      deployment.useCustomResources(
          new io.s3clean.localcloud.provision.CustomResources(
              endpoint.endpoint(),
              responseKey,
              recordFile(options)
                  .map(
                      record ->
                          io.s3clean.localcloud.provision.CustomResources.fileBeside(
                              record, options.stackName()))));
      this.stack =
          StackDeployer.standard()
              .deploy(options.template(), options.parameters(), deployment, deployEvents);
      cloudWatch.start();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    this.startup = Duration.ofNanos(System.nanoTime() - begin);
  }

  /**
   * Starts the emulators and deploys the template, behind an endpoint of the cloud's own whose
   * CloudFormation answers about the stack and takes no change to it ({@link HostedStack} does);
   * closes what it started if the deployment fails.
   */
  public static LocalCloud start(Options options) {
    // first, so that a port already in use fails the start before anything else is started
    AwsEndpoint endpoint = endpoint(options);
    StackRecord record =
        new StackRecord(
            options.emulators().region(),
            options.emulators().accountId(),
            options.stackName(),
            StackRecord.Deployed.of(options.template(), options.parameters()),
            recordFile(options),
            options.restart());
    endpoint.serve("cloudformation", new CloudFormationService(record));
    LocalCloud cloud =
        new LocalCloud(
            options,
            endpoint,
            endpoint.tenant(options.stackName()),
            true,
            record,
            record.recording(options.events()));
    record.completed(record.current(), cloud.stack());
    return cloud;
  }

  /**
   * A cloud whose services join an endpoint and a stack record that outlive it: one of {@link
   * HostedStack}'s.
   */
  static LocalCloud onEndpoint(
      Options options,
      AwsEndpoint endpoint,
      Tenant tenant,
      StackRecord record,
      Consumer<StackEvent> deployEvents) {
    return new LocalCloud(options, endpoint, tenant, false, record, deployEvents);
  }

  /**
   * The clients of a function built in this JVM, each made when its handler first asks: signed with
   * the role's credentials, which the endpoint checks against the role's policy; closed with the
   * cloud.
   */
  private HandlerRegistry.Clients roleClients(
      LocalClients functionClients, IamCheck role, Clock clock) {
    IamCheck.Credentials keys = role.credentials();
    LocalClients signed =
        functionClients.withCredentials(
            StaticCredentialsProvider.create(
                AwsSessionCredentials.create(
                    keys.accessKeyId(), keys.secretAccessKey(), keys.sessionToken())));
    java.net.URI endpointUri = endpoint.endpoint();
    return new HandlerRegistry.Clients() {
      @Override
      public DynamoDbClient dynamoDb() {
        return owned(
            signed
                .intercepted(faults.dynamoDbInterceptor())
                .withHttpClient(faults::throttling)
                .dynamoDb());
      }

      @Override
      public S3Client s3() {
        return owned(signed.s3());
      }

      @Override
      public SnsClient sns() {
        return owned(signed.sns(endpointUri));
      }

      @Override
      public CloudWatchClient cloudWatch() {
        return owned(signed.cloudWatch(endpointUri));
      }

      @Override
      public Clock clock() {
        // handlers stamp times (e.g. their metrics) with the cloud's clock, as Lambda's is AWS's
        return clock;
      }
    };
  }

  private <T extends AutoCloseable> T owned(T client) {
    owned.add(client);
    return client;
  }

  static AwsEndpoint endpoint(Options options) {
    try {
      return new AwsEndpoint(
          options.endpointPort(),
          options.clock(),
          options.clock() instanceof ScaledClock scaled ? scaled.scale() : 1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where a cloud with a data directory keeps its stack's CloudFormation record. */
  static java.util.Optional<java.nio.file.Path> recordFile(Options options) {
    return options
        .emulators()
        .dataDir()
        .map(dir -> dir.resolve("cloudformation").resolve(options.stackName() + ".json"));
  }

  private void serve(String signingName, io.s3clean.localcloud.endpoint.ServiceHandler handler) {
    tenant.serve(signingName, handler);
    served.put(signingName, handler);
  }

  /**
   * Whether this stack's service holds the resource a request names, so that the endpoint it shares
   * with other stacks sends the request here: a bucket, table, queue, topic ARN, function, alarm,
   * log group, HTTP API id or role ({@link Tenant.Holdings}).
   */
  private boolean holds(String service, String name, boolean thorough) {
    return switch (service) {
      // what the stack deployed, in memory; then the emulator, for one made by other means (an
      // artifact bucket)
      case "s3" ->
          deployedAs(name)
              || thorough && exists(() -> clients.s3().headBucket(r -> r.bucket(name)));
      case "dynamodb" ->
          deployedAs(name)
              || thorough && exists(() -> clients.dynamoDb().describeTable(r -> r.tableName(name)));
      case "sqs" -> exists(() -> emulators.sqsEngine().queueUrl(name));
      case "sns" -> sns.exists(name);
      case "lambda" -> exists(() -> functions.function(name));
      case "monitoring" -> cloudWatch.describeAlarm(name).isPresent();
      case "logs" -> cloudWatch.logs().logGroups().contains(name);
      case "apigateway" -> deployment.apis().stream().anyMatch(api -> api.apiId().equals(name));
      case "sts" -> functions.byRoleName(name).isPresent();
      default -> false;
    };
  }

  /** Whether a resource of the stack has this physical id; false while the stack deploys. */
  private boolean deployedAs(String physicalId) {
    DeployedStack deployed = stack;
    return deployed != null
        && deployed.resources().values().stream()
            .anyMatch(resource -> physicalId.equals(resource.physicalId()));
  }

  private static boolean exists(Runnable lookup) {
    try {
      lookup.run();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Lambda as CloudWatch's alarm actions meet it: an asynchronous invoke, allowed only by a
   * resource policy for lambda.alarms.cloudwatch.amazonaws.com naming the alarm, as on AWS; retried
   * with the function's EventInvokeConfig; an event Lambda gives up on goes to its on-failure
   * destination.
   */
  private final class AlarmActions implements AlarmActionTarget {
    @Override
    public void invoke(String functionArn, String payloadJson) throws IOException {
      String alarmArn = JSON.readTree(payloadJson).path("alarmArn").asText();
      HostedFunction function = functions.function(functionArn);
      boolean permitted =
          deployment.permissions().stream()
              .anyMatch(
                  p ->
                      p.principal().equals("lambda.alarms.cloudwatch.amazonaws.com")
                          && (p.sourceArn().isEmpty() || p.sourceArn().equals(alarmArn))
                          && functions.function(p.function()) == function);
      if (!permitted) {
        throw new IllegalStateException(
            "CloudWatch may not invoke "
                + functionArn
                + " for "
                + alarmArn
                + ": no AWS::Lambda::Permission for lambda.alarms.cloudwatch.amazonaws.com with that SourceArn");
      }
      function.invokeJson(payloadJson.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public AsyncInvocationConfig asyncInvocation(String functionArn) {
      return functions.asyncSettings(functionArn).config();
    }

    /** Lambda sends the invocation record with the function's role, which must allow it. */
    @Override
    public void discarded(DiscardedEvent event) {
      functions
          .asyncSettings(event.functionArn())
          .onFailure()
          .ifPresent(
              destination -> {
                String function = functions.function(event.functionArn()).spec().name();
                String record = InvocationRecord.of(event);
                if (destination.startsWith("arn:aws:sqs:")) {
                  functions
                      .iamCheck(function)
                      .requireForService(
                          List.of(new AccessRequest("sqs:SendMessage", destination)),
                          "the on-failure destination");
                  String queueUrl =
                      deployment
                          .findBy("Arn", destination)
                          .map(queue -> String.valueOf(queue.attributes().get("QueueUrl")))
                          .orElseThrow(
                              () ->
                                  new IllegalStateException(
                                      "no queue "
                                          + destination
                                          + " for the on-failure destination"));
                  emulators
                      .sqsEngine()
                      .send(queueUrl, OutgoingMessage.of(record), emulators.accountId());
                } else {
                  functions
                      .iamCheck(function)
                      .requireForService(
                          List.of(new AccessRequest("sns:Publish", destination)),
                          "the on-failure destination");
                  sns.publish(destination, null, record);
                }
              });
    }
  }

  /**
   * Where a cloud with this data directory keeps its CloudWatch logs and alarm snapshots, for other
   * processes.
   */
  /**
   * Puts each artifact in S3, over what a restart finds there: the file may have been built again.
   */
  private static void putArtifacts(S3Client s3, List<Artifact> artifacts) {
    for (Artifact artifact : artifacts) {
      LocalClients.createBucketIfMissing(s3, artifact.bucket());
      if (!java.nio.file.Files.isReadable(artifact.file())) {
        throw new IllegalArgumentException("cannot read the artifact " + artifact.file());
      }
      s3.putObject(
          p -> p.bucket(artifact.bucket()).key(artifact.key()),
          software.amazon.awssdk.core.sync.RequestBody.fromFile(artifact.file()));
    }
  }

  /**
   * Where functions' code is unpacked: in the data directory, so that a restart finds it; in a
   * folder of its own, deleted at close, for a cloud in memory.
   */
  private java.nio.file.Path codeRoot(Options options) {
    if (options.emulators().dataDir().isPresent()) {
      return options.emulators().dataDir().get().resolve("lambda-code");
    }
    try {
      java.nio.file.Path temporary =
          java.nio.file.Files.createTempDirectory("s3clean-lambda-code-");
      owned.add(() -> FileTrees.delete(temporary));
      return temporary;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot make a folder for the functions' code", e);
    }
  }

  public static java.nio.file.Path cloudWatchDirectory(java.nio.file.Path dataDir) {
    return dataDir.resolve("cloudwatch");
  }

  /**
   * Applies the IAM role policies of {@code template} to the running functions (a stack update of
   * the roles).
   */
  public List<String> updateRolePolicies(CloudFormationTemplate template) {
    return StackDeployer.standard().updateRolePolicies(template, stack.parameters(), deployment);
  }

  public DeployedStack stack() {
    return stack;
  }

  public Emulators emulators() {
    return emulators;
  }

  public LocalClients clients() {
    return clients;
  }

  public SnsService sns() {
    return sns;
  }

  /** Wall-clock time since the endpoint last had a request. */
  public Duration idle() {
    return endpoint.idle();
  }

  /**
   * What the cloud has served, in the units AWS bills (its endpoint's meter, which outlives an
   * update).
   */
  public UsageMeter meter() {
    return endpoint.meter();
  }

  /** The cloud's one AWS endpoint: every service of the stack, as AWS_ENDPOINT_URL. */
  public java.net.URI endpoint() {
    return endpoint.endpoint();
  }

  public CloudWatchSim cloudWatch() {
    return cloudWatch;
  }

  public FunctionHost functions() {
    return functions;
  }

  public Deployment deployment() {
    return deployment;
  }

  public S3Notifications notifications() {
    return notifications;
  }

  /** What the fault plan of {@link Options#faults()} has injected so far. */
  public FaultInjector faults() {
    return faults;
  }

  public Duration startup() {
    return startup;
  }

  @Override
  public void close() {
    // The functions' calls skip a pause of the endpoint (they are the cloud's own), so first stop
    // what invokes them, the HTTP APIs and the event sources, letting invocations under way end
    // against services still there; closing either again below does nothing.
    for (AutoCloseable invokers : new AutoCloseable[] {deployment, functions}) {
      try {
        if (invokers != null) {
          invokers.close();
        }
      } catch (Exception e) {
        // keep closing the rest
      }
    }
    // no request reaches what is about to close; an endpoint that outlives the cloud answers none
    served.forEach(tenant::unserve);
    tenant.authorizeWith(AwsEndpoint.Authorizer.ALLOW_ALL);
    tenant.recognizeKeys(key -> false);
    tenant.holdsWith((service, name, thorough) -> false);
    // Stop consumers first, then the plumbing, then the emulators under them.
    List<AutoCloseable> reversed = new ArrayList<>(owned);
    java.util.Collections.reverse(reversed);
    for (AutoCloseable closeable : reversed) {
      try {
        closeable.close();
      } catch (Exception e) {
        // keep closing the rest
      }
    }
  }
}
