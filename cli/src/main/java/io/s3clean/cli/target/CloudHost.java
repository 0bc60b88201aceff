package io.s3clean.cli.target;

import io.s3clean.cli.CliException;
import io.s3clean.cli.ExitCodes;
import io.s3clean.cli.GlobalOptions;
import io.s3clean.cloudwatch.metrics.Datapoint;
import io.s3clean.cloudwatch.metrics.MetricId;
import io.s3clean.cloudwatch.metrics.StorageResolution;
import io.s3clean.localcloud.FileTrees;
import io.s3clean.localcloud.HostedStack;
import io.s3clean.localcloud.LocalCloud;
import io.s3clean.localcloud.RunningCloud;
import io.s3clean.localcloud.cfn.StackRecord;
import io.s3clean.localcloud.provision.ProvisioningException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The embedded local cloud, run in this process: what {@code s3clean local start} hosts. Its state
 * lives under {@code <data-dir>/<stack>}; a deploy provisions the template over that state
 * (buckets, tables and queues that exist are kept), a restart re-creates nothing. Every other
 * command reaches it through its one AWS endpoint ({@link LocalTarget}); the views it answers
 * in-process serve the tests that compare them with the endpoint's.
 */
public final class CloudHost implements StackTarget {
  private final String stackName;
  private final Path stackDir;
  private final double timeScale;
  private final Consumer<String> progress;
  private final LocalClouds clouds;
  private final int port;
  private HostedStack cloud;
  private boolean published;

  /** Starts an embedded cloud for a stack: the production one, or a test's. */
  @FunctionalInterface
  public interface LocalClouds {
    HostedStack start(
        String stackName,
        Path stackDir,
        Map<String, String> parameters,
        double timeScale,
        int port,
        boolean restart,
        Consumer<String> progress);
  }

  /**
   * The production cloud for a stack of the global options.
   *
   * @param port the loopback port of the cloud's one AWS endpoint; 0 for any free one
   */
  public CloudHost(GlobalOptions options, int port, Consumer<String> progress) {
    this(
        options.stackName(),
        options.dataDir().resolve(options.stackName()),
        options.timeScale(),
        port,
        progress,
        EmbeddedClouds::start);
  }

  /** A cloud whose endpoint takes any free port. */
  CloudHost(
      String stackName,
      Path stackDir,
      double timeScale,
      Consumer<String> progress,
      LocalClouds clouds) {
    this(stackName, stackDir, timeScale, 0, progress, clouds);
  }

  CloudHost(
      String stackName,
      Path stackDir,
      double timeScale,
      int port,
      Consumer<String> progress,
      LocalClouds clouds) {
    this.port = port;
    this.stackName = stackName;
    this.stackDir = stackDir;
    this.timeScale = timeScale;
    this.progress = progress;
    this.clouds = clouds;
  }

  @Override
  public String name() {
    return "local";
  }

  @Override
  public StackInfo deploy(Map<String, String> templateParameters, Consumer<String> progress) {
    Map<String, String> parameters =
        new LinkedHashMap<>(deployedParameters(stackDir).orElse(Map.of()));
    parameters.putAll(templateParameters);
    if (cloud != null) {
      saveTime();
      cloud.close();
      cloud = null;
    }
    start(parameters, false);
    return info();
  }

  @Override
  public Optional<StackInfo> describe() {
    Optional<Map<String, String>> parameters = deployedParameters(stackDir);
    if (parameters.isEmpty()) {
      return Optional.empty();
    }
    if (cloud == null) {
      start(parameters.get(), true);
    }
    return Optional.of(info());
  }

  /** The values the last deploy kept in the stack file, which {@link #deploy} starts from. */
  @Override
  public Map<String, String> previousParameters() {
    return deployedParameters(stackDir).orElse(Map.of());
  }

  @Override
  public void destroy(Consumer<String> progress) {
    if (cloud != null) {
      cloud.close();
      cloud = null;
    }
    if (!Files.exists(stackDir)) {
      progress.accept("no local stack " + stackName + " to destroy");
      return;
    }
    try {
      FileTrees.delete(stackDir);
    } catch (IOException e) {
      throw new CliException(
          ExitCodes.OTHER_FAILURE, "cannot remove " + stackDir + ": " + e.getMessage(), e);
    }
    progress.accept("deleted local stack " + stackName + " and its data");
  }

  @Override
  public S3Client s3() {
    return running().clients().s3();
  }

  @Override
  public DynamoDbClient dynamoDb() {
    return running().clients().dynamoDb();
  }

  @Override
  public SqsClient sqs() {
    return running().clients().sqs();
  }

  @Override
  public void publishTotal(StackInfo stack, long totalBytes) {
    AlarmMetric metric = AlarmMetric.of(stack);
    running()
        .cloudWatch()
        .putMetricData(
            List.of(
                new Datapoint(
                    new MetricId(
                        metric.namespace(), metric.name(), Map.of("BucketName", metric.bucket())),
                    clock().instant(),
                    totalBytes,
                    "Bytes",
                    metric.highResolution()
                        ? StorageResolution.HIGH
                        : StorageResolution.STANDARD)));
  }

  @Override
  public AlarmStatus alarm(String alarmName) {
    return CloudWatchViews.status(running().cloudWatch().describeAlarm(alarmName), alarmName);
  }

  @Override
  public List<AlarmTransition> alarmHistory(String alarmName, Instant since) {
    return CloudWatchViews.transitions(
        running().cloudWatch().describeAlarm(alarmName), alarmName, since);
  }

  @Override
  public List<LogLine> logs(String logGroup, Instant since) {
    return CloudWatchViews.lines(running().cloudWatch().logs().read(logGroup, since, line -> true));
  }

  @Override
  public byte[] fetchPlot(StackInfo stack, int width, int height) {
    String endpoint =
        String.valueOf(
            running().stack().resources().get("PlotApi").attributes().get("ApiEndpoint"));
    return signedGet(
        URI.create(endpoint + "/plot?width=" + width + "&height=" + height), stackName);
  }

  /**
   * The local HTTP API checks that a request is signed, not the signature: any SigV4-shaped header
   * passes.
   */
  static byte[] signedGet(URI uri, String stackName) {
    try {
      HttpResponse<byte[]> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(uri)
                      .header(
                          "Authorization",
                          "AWS4-HMAC-SHA256 Credential=local/"
                              + stackName
                              + "/execute-api/aws4_request, SignedHeaders=host, Signature=local")
                      .build(),
                  HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new CliException(
            ExitCodes.SERVICE_ERROR,
            "GET "
                + uri.getPath()
                + " answered "
                + response.statusCode()
                + ": "
                + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
      }
      return response.body();
    } catch (IOException e) {
      throw new CliException(
          ExitCodes.SERVICE_ERROR, "GET " + uri + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCodes.INTERRUPTED, "interrupted");
    }
  }

  /**
   * Leaves a note so that other processes use this cloud while it runs, written again after each
   * update of the stack; removed on close.
   */
  public RunningCloud publish() {
    String started = java.time.Instant.now().toString();
    RunningCloud note = note(running(), started);
    cloud.afterUpdate(updated -> note(updated, started));
    published = true;
    return note;
  }

  /**
   * @param started when this process's cloud started: what tells an older build's cloud
   */
  private RunningCloud note(LocalCloud running, String started) {
    Map<String, String> endpoints = new LinkedHashMap<>();
    endpoints.put("s3", running.emulators().s3Endpoint().toString());
    endpoints.put("sqs", running.emulators().sqsEndpoint().toString());
    endpoints.put("dynamodb", running.emulators().dynamoDbEndpoint().toString());
    endpoints.put("endpoint", cloud.endpoint().toString());
    // a template deployed through the endpoint may have no plot API
    java.util.Optional.ofNullable(running.stack().resources().get("PlotApi"))
        .map(api -> api.attributes().get("ApiEndpoint"))
        .ifPresent(api -> endpoints.put("api", String.valueOf(api)));
    RunningCloud note =
        new RunningCloud(
            ProcessHandle.current().pid(),
            started,
            running.emulators().region(),
            endpoints,
            running.stack().outputs(),
            running.stack().parameters());
    try {
      note.write(stackDir);
    } catch (IOException e) {
      throw new CliException(
          ExitCodes.BAD_ENVIRONMENT,
          "cannot write " + stackDir.resolve(RunningCloud.FILE) + ": " + e.getMessage(),
          e);
    }
    return note;
  }

  @Override
  public Clock clock() {
    running();
    return cloud.clock();
  }

  /** Wall-clock time since the cloud's endpoint last had a request. */
  public java.time.Duration idle() {
    return cloud == null ? java.time.Duration.ZERO : cloud.idle();
  }

  @Override
  public void close() {
    if (cloud != null) {
      saveTime();
      cloud.close();
      cloud = null;
    }
    // last: a note gone says the cloud is closed, its port and data free for the next one (the JVM
    // may still be writing its class archive; see BackgroundCloud.stop)
    if (published) {
      try {
        Files.deleteIfExists(stackDir.resolve(RunningCloud.FILE));
      } catch (IOException e) {
        // the note names a dead process from now on, which readers recognise
      }
      published = false;
    }
  }

  /** Notes the cloud's time, so that the next start goes on from it (see {@link CloudTime}). */
  public void saveTime() {
    if (cloud != null) {
      CloudTime.save(stackDir, cloud.clock().instant());
    }
  }

  private LocalCloud running() {
    if (cloud == null) {
      start(
          deployedParameters(stackDir)
              .orElseThrow(
                  () ->
                      new CliException(
                          ExitCodes.SERVICE_ERROR,
                          "no local stack " + stackName + "; deploy it with: s3clean deploy")),
          true);
    }
    return cloud.cloud();
  }

  private void start(Map<String, String> parameters, boolean restart) {
    try {
      cloud = clouds.start(stackName, stackDir, parameters, timeScale, port, restart, progress);
    } catch (ProvisioningException e) {
      throw new CliException(
          ExitCodes.BAD_PARAMETER, "local deployment failed: " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof java.net.BindException) {
        throw new CliException(
            ExitCodes.BAD_ENVIRONMENT,
            "port "
                + port
                + " on 127.0.0.1 is in use (another"
                + " stack's cloud, or another program); choose another with --port or "
                + CloudPort.VARIABLE,
            e);
      }
      throw e;
    }
  }

  private StackInfo info() {
    LocalCloud running = running();
    return new StackInfo(
        stackName,
        cloud.record().status(),
        running.stack().outputs(),
        running.stack().parameters());
  }

  /**
   * The parameter values of the stack deployed under this directory, as its CloudFormation record
   * keeps them, or empty when none is. Starts nothing.
   */
  static Optional<Map<String, String>> deployedParameters(Path stackDir) {
    return deployed(stackDir).map(StackRecord.Kept::parameters);
  }

  /** The template and values the stack under this directory was last deployed with, if it was. */
  static Optional<StackRecord.Kept> deployed(Path stackDir) {
    try {
      return StackRecord.kept(
          EmbeddedClouds.recordFile(stackDir), stackDir.getFileName().toString());
    } catch (RuntimeException e) {
      throw new CliException(
          ExitCodes.BAD_ENVIRONMENT,
          "cannot read the stack's record in "
              + EmbeddedClouds.recordFile(stackDir)
              + ": "
              + e.getMessage(),
          e);
    }
  }
}
