package io.s3clean.cli.target;

import io.s3clean.cli.BucketNames;
import io.s3clean.cli.CliException;
import io.s3clean.cli.DurationConverter;
import io.s3clean.cli.ExitCodes;
import io.s3clean.cli.GlobalOptions;
import io.s3clean.localcloud.RunningCloud;
import io.s3clean.localcloud.emulator.EmulatorConfig;
import io.s3clean.localcloud.provision.CustomResources;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The embedded cloud as a target: the AWS target's own code over the cloud's one AWS endpoint, so
 * the stack, alarm, history and logs are what the cloud answers, on its clock. The cloud runs in a
 * process of its own ({@code s3clean local start}); a command that finds none running starts one in
 * the background, says so, and leaves it running until its idle timeout or {@code s3clean local
 * stop}. A deploy updates a stack that exists through a change set; a destroy stops it and deletes
 * the stack's data.
 */
public final class LocalTarget implements StackTarget {
  /** How long a cloud this target starts waits without a request before it stops itself. */
  public static final Duration IDLE_TIMEOUT = Duration.ofMinutes(30);

  static final String IDLE_TIMEOUT_VARIABLE = "S3CLEAN_IDLE_TIMEOUT";
  private static final Duration STOP_WAIT = Duration.ofSeconds(60);

  private final Path dataDir;
  private final String stackName;
  private final double timeScale;
  private final int port;
  private final Duration idleTimeout;
  private final Consumer<String> progress;
  private RunningCloud running;
  private AwsTarget aws;
  private boolean startedHere;

  /**
   * @param port the endpoint's port for a cloud this target starts (see {@link CloudPort})
   */
  LocalTarget(
      Path dataDir,
      String stackName,
      double timeScale,
      int port,
      Duration idleTimeout,
      Consumer<String> progress) {
    this.dataDir = dataDir;
    this.stackName = stackName;
    this.timeScale = timeScale;
    this.port = port;
    this.idleTimeout = idleTimeout;
    this.progress = progress;
  }

  public static LocalTarget open(GlobalOptions options, Consumer<String> progress) {
    return new LocalTarget(
        options.dataDir(),
        options.stackName(),
        options.timeScale(),
        CloudPort.configured(),
        idleTimeout(System.getenv()),
        progress);
  }

  /** {@value #IDLE_TIMEOUT_VARIABLE} (e.g. 5m; 0s for never), or 30 minutes. */
  static Duration idleTimeout(Map<String, String> environment) {
    String value = environment.get(IDLE_TIMEOUT_VARIABLE);
    if (value == null || value.isBlank()) {
      return IDLE_TIMEOUT;
    }
    try {
      Duration timeout = DurationConverter.parse(value.strip());
      if (!timeout.isNegative()) {
        return timeout;
      }
    } catch (Exception e) {
      // refused below in one line
    }
    throw new CliException(
        ExitCodes.BAD_PARAMETER,
        IDLE_TIMEOUT_VARIABLE + " '" + value + "' is not a duration such as 30m, 90s or 0s");
  }

  @Override
  public String name() {
    return "local";
  }

  /**
   * A stack that exists is updated as on AWS, through a change set on the cloud's endpoint (a cloud
   * started from an older build is started again first, so that the functions run this build's
   * code); a new one is deployed by the cloud this starts in the background.
   */
  @Override
  public StackInfo deploy(Map<String, String> templateParameters, Consumer<String> progress) {
    if (CloudHost.deployedParameters(stackDir()).isPresent()) {
      RunningCloud.find(stackDir())
          .filter(LocalTarget::olderThanThisBuild)
          .ifPresent(
              cloud -> {
                progress.accept(
                    "stopping the embedded cloud (process "
                        + cloud.pid()
                        + "): it runs an older build");
                BackgroundCloud.stop(cloud, stackDir(), STOP_WAIT);
                closeClients();
              });
      // the running cloud's way of running its functions, whatever this command's time scale says
      EmbeddedClouds.FunctionCode code =
          RunningCloud.find(stackDir())
              .map(
                  running ->
                      EmbeddedClouds.functionCode(
                          !EmbeddedClouds.ARTIFACT
                              .get("ArtifactKey")
                              .equals(running.parameters().get("ArtifactKey"))))
              .orElseGet(() -> EmbeddedClouds.functionCode(timeScale));
      // as on AWS, the jar goes to the artifact bucket before the change set names it
      code.jar()
          .ifPresent(
              jar ->
                  jar.upload(
                      s3(),
                      EmbeddedClouds.ARTIFACT_BUCKET,
                      s3().serviceClientConfiguration().region(),
                      Optional.empty(),
                      progress));
      Map<String, String> parameters = new LinkedHashMap<>(templateParameters);
      parameters.putAll(code.parameters());
      return cloud().deployTemplate(parameters, progress);
    }
    Map<String, String> parameters = new LinkedHashMap<>(templateParameters);
    RunningCloud.find(stackDir())
        .ifPresent(
            cloud -> {
              progress.accept(
                  "stopping the embedded cloud (process " + cloud.pid() + ") to deploy the stack");
              BackgroundCloud.stop(cloud, stackDir(), STOP_WAIT);
            });
    closeClients();
    attach(parameters, progress);
    return describe()
        .orElseThrow(
            () ->
                new CliException(
                    ExitCodes.OTHER_FAILURE,
                    "the embedded cloud started"
                        + " without stack "
                        + stackName
                        + "; see "
                        + stackDir().resolve(BackgroundCloud.LOG)));
  }

  @Override
  public Optional<StackInfo> describe() {
    if (CloudHost.deployedParameters(stackDir()).isEmpty()) {
      return Optional.empty();
    }
    return cloud().describe();
  }

  /** The values the last deploy kept; read from the stack's directory, starting nothing. */
  @Override
  public Map<String, String> previousParameters() {
    return CloudHost.deployedParameters(stackDir()).orElse(Map.of());
  }

  /**
   * A running cloud deletes the stack as AWS does, through the AWS target's code (buckets emptied,
   * DeleteStack, its events, the log groups); then the cloud is stopped and the stack's directory
   * deleted. With no cloud running, the directory is deleted at once.
   */
  @Override
  public void destroy(Consumer<String> progress) {
    // a bucket the stack did not make (one it adopted, one made with the AWS CLI) is the owner's:
    // the stack is then deleted through the cloud, whose adoption takes away only its own
    // notifications, and the cloud's data stays
    if (CloudHost.deployedParameters(stackDir()).isPresent()
        && (RunningCloud.find(stackDir()).isPresent() || !bucketsNotOfTheStack().isEmpty())) {
      cloud().destroy(progress);
    }
    RunningCloud.find(stackDir())
        .ifPresent(
            cloud -> {
              progress.accept("stopping the embedded cloud (process " + cloud.pid() + ")");
              BackgroundCloud.stop(cloud, stackDir(), STOP_WAIT);
            });
    closeClients();
    startedHere = false;
    Set<String> kept = bucketsNotOfTheStack();
    if (!kept.isEmpty()) {
      progress.accept(
          "kept the embedded cloud's data under "
              + stackDir()
              + ": bucket(s) "
              + String.join(", ", kept)
              + ", which the stack did not make, stay with their objects and notifications"
              + " (delete them with 'aws s3 rb', then destroy again to delete the data)");
      return;
    }
    try (CloudHost host =
        new CloudHost(stackName, stackDir(), timeScale, progress, EmbeddedClouds::start)) {
      host.destroy(progress);
    }
  }

  /**
   * The buckets in the cloud's S3 data that neither the stack nor the cloud made: not the stack's
   * own, nor the artifact bucket or CloudFormation's response bucket.
   */
  private Set<String> bucketsNotOfTheStack() {
    Path s3 = stackDir().resolve("data").resolve("s3");
    if (!Files.isDirectory(s3)) {
      return Set.of();
    }
    try (Stream<Path> buckets = Files.list(s3)) {
      return buckets
          .map(bucket -> bucket.getFileName().toString())
          .filter(name -> !name.equals(ownBucket("watched")) && !name.equals(ownBucket("plots")))
          .filter(name -> !name.equals(EmbeddedClouds.ARTIFACT_BUCKET))
          .filter(name -> !name.startsWith(CustomResources.RESPONSE_BUCKET_PREFIX))
          .collect(Collectors.toCollection(TreeSet::new));
    } catch (IOException e) {
      throw new CliException(
          ExitCodes.OTHER_FAILURE, "cannot list the cloud's buckets in " + s3 + ": " + e, e);
    }
  }

  /** A bucket the template makes, in the embedded cloud's account and region. */
  private String ownBucket(String suffix) {
    EmulatorConfig cloud = EmulatorConfig.inMemory();
    return BucketNames.of(stackName, cloud.accountId(), cloud.region(), suffix);
  }

  @Override
  public S3Client s3() {
    return cloud().s3();
  }

  @Override
  public void publishTotal(StackInfo stack, long totalBytes) {
    cloud().publishTotal(stack, totalBytes);
  }

  @Override
  public DynamoDbClient dynamoDb() {
    return cloud().dynamoDb();
  }

  @Override
  public SqsClient sqs() {
    return cloud().sqs();
  }

  @Override
  public AlarmStatus alarm(String alarmName) {
    return cloud().alarm(alarmName);
  }

  @Override
  public List<AlarmTransition> alarmHistory(String alarmName, Instant since) {
    return cloud().alarmHistory(alarmName, since);
  }

  @Override
  public List<LogLine> logs(String logGroup, Instant since) {
    return cloud().logs(logGroup, since);
  }

  /** The stack's ApiUrl names AWS's host; the running cloud says where its HTTP API listens. */
  @Override
  public byte[] fetchPlot(StackInfo stack, int width, int height) {
    cloud();
    String api = running.endpoints().get("api");
    if (api == null) {
      throw new CliException(
          ExitCodes.SERVICE_ERROR, "stack " + stackName + " on the embedded cloud has no plot API");
    }
    return CloudHost.signedGet(
        URI.create(api + "/plot?width=" + width + "&height=" + height), stackName);
  }

  @Override
  public Clock clock() {
    return cloud().clock();
  }

  /** The cloud this target uses: the running one, or one it starts in the background. */
  public RunningCloud running() {
    cloud();
    return running;
  }

  /** A cloud this command started lives on: say so, and how to stop it, as the command ends. */
  @Override
  public void close() {
    closeClients();
    if (startedHere && running != null && running.process().isPresent()) {
      progress.accept(
          "the embedded cloud keeps running in the background as process "
              + running.pid()
              + (idleTimeout.isZero()
                  ? ""
                  : "; it stops after "
                      + DurationConverter.format(idleTimeout)
                      + " without a request,")
              + " and 's3clean local stop' ends it now");
    }
  }

  /** Whether this process's code was built after the cloud started. */
  private static boolean olderThanThisBuild(RunningCloud cloud) {
    try {
      Path code =
          Path.of(LocalTarget.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return Files.getLastModifiedTime(code).toInstant().isAfter(Instant.parse(cloud.started()));
    } catch (Exception e) {
      return false;
    }
  }

  private Path stackDir() {
    return dataDir.resolve(stackName);
  }

  /** The running cloud's endpoint, through the AWS target; a cloud is started if none runs. */
  private AwsTarget cloud() {
    if (aws == null) {
      attach(null, progress);
    }
    return aws;
  }

  private void attach(Map<String, String> deployParameters, Consumer<String> progress) {
    Optional<RunningCloud> found =
        deployParameters == null ? RunningCloud.find(stackDir()) : Optional.empty();
    if (found.isPresent()) {
      running = found.get();
    } else {
      running =
          BackgroundCloud.start(
              new BackgroundCloud.Spec(
                  dataDir, stackName, timeScale, port, idleTimeout, deployParameters),
              progress);
      startedHere = true;
    }
    aws =
        AwsTarget.overEndpoint(
            stackName, URI.create(running.endpoints().get("endpoint")), running.region());
  }

  private void closeClients() {
    if (aws != null) {
      aws.close();
      aws = null;
    }
  }
}
