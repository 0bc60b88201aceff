package io.s3clean.cli.target;

import io.s3clean.cli.CliException;
import io.s3clean.cli.ExitCodes;
import io.s3clean.cloudwatch.AlarmSnapshots;
import io.s3clean.cloudwatch.logs.LogStore;
import io.s3clean.localcloud.emulator.Endpoints;
import io.s3clean.localcloud.emulator.LocalClients;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/** An embedded cloud that another process runs ({@code s3clean local start}), used through its endpoints. */
final class AttachedLocalTarget implements StackTarget {
  private final String stackName;
  private final RunningCloud running;
  private final Path cloudWatchDir;
  private final S3Client s3;
  private final DynamoDbClient dynamo;
  private final SqsClient sqs;

  AttachedLocalTarget(String stackName, Path stackDir, RunningCloud running) {
    this.stackName = stackName;
    this.running = running;
    this.cloudWatchDir = EmbeddedClouds.cloudWatchDirectory(stackDir);
    LocalClients clients = LocalClients.of(new Endpoints(URI.create(running.endpoints().get("dynamodb")),
        URI.create(running.endpoints().get("sqs")), URI.create(running.endpoints().get("s3")), running.region()));
    this.s3 = clients.s3();
    this.dynamo = clients.dynamoDb();
    this.sqs = clients.sqs();
  }

  @Override
  public String name() {
    return "local";
  }

  @Override
  public StackInfo deploy(java.util.Map<String, String> templateParameters, Consumer<String> progress) {
    throw busy("deploy");
  }

  @Override
  public Optional<StackInfo> describe() {
    return Optional.of(new StackInfo(stackName, "CREATE_COMPLETE", running.outputs(), running.parameters()));
  }

  @Override
  public java.util.Map<String, String> previousParameters() {
    return running.parameters();
  }

  @Override
  public void destroy(Consumer<String> progress) {
    throw busy("destroy");
  }

  @Override
  public S3Client s3() {
    return s3;
  }

  @Override
  public DynamoDbClient dynamoDb() {
    return dynamo;
  }

  @Override
  public SqsClient sqs() {
    return sqs;
  }

  /** The running cloud rewrites each alarm's snapshot on every transition and action. */
  @Override
  public AlarmStatus alarm(String alarmName) {
    return CloudWatchViews.status(CloudWatchViews.snapshot(AlarmSnapshots.readAll(cloudWatchDir), alarmName));
  }

  @Override
  public List<AlarmTransition> alarmHistory(String alarmName, Instant since) {
    return CloudWatchViews.transitions(CloudWatchViews.snapshot(AlarmSnapshots.readAll(cloudWatchDir), alarmName), since);
  }

  /** Log streams are JSON-lines files that the running cloud appends to and any process may read. */
  @Override
  public List<LogLine> logs(String logGroup, Instant since) {
    try (LogStore store = LogStore.open(cloudWatchDir.resolve("logs"), Clock.systemUTC())) {
      return CloudWatchViews.lines(store.read(logGroup, since, line -> true));
    }
  }

  @Override
  public byte[] fetchPlot(StackInfo stack, int width, int height) {
    return LocalTarget.signedGet(URI.create(running.endpoints().get("api") + "/plot?width=" + width + "&height=" + height),
        stackName);
  }

  @Override
  public Clock clock() {
    return Clock.systemUTC();
  }

  private CliException busy(String what) {
    return new CliException(ExitCodes.BAD_ENVIRONMENT, "cannot " + what + " stack " + stackName
        + " while its embedded cloud runs in process " + running.pid() + "; stop it (Ctrl-C) first");
  }

  @Override
  public void close() {
    s3.close();
    dynamo.close();
    sqs.close();
  }
}
