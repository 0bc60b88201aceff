package io.s3clean.localcloud;

import static io.s3clean.localcloud.LocalCloudTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.s3clean.clock.ScaledClock;
import io.s3clean.ledger.LedgerReader;
import io.s3clean.ledger.dynamodb.DynamoLedgerReader;
import io.s3clean.localcloud.emulator.EmulatorConfig;
import io.s3clean.localcloud.lambda.HostedFunction;
import io.s3clean.localcloud.lambda.runtime.TestJars;
import io.s3clean.template.ShippedTemplate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The shipped template on the embedded cloud with its functions running the Lambda jar this build
 * made, from the cloud's S3, in processes of AWS's Java runtime: what a user's deploy runs.
 */
class DeployedCodeTest {
  private static final String ARTIFACT_KEY = "s3clean-lambdas.jar";

  @TempDir Path folder;

  private static LocalCloud start(Path jar, Map<String, String> parameters, List<String> errors) {
    Map<String, String> all =
        new java.util.HashMap<>(
            Map.of("ArtifactBucket", "local-artifacts", "ArtifactKey", ARTIFACT_KEY));
    all.putAll(parameters);
    // the functions' clock is the machine's, so the cloud's is too
    return LocalCloud.start(
        new LocalCloud.Options(
                ShippedTemplate.parsed(),
                EmulatorConfig.inMemory(),
                "local",
                all,
                ScaledClock.realTime(),
                e -> {},
                (what, e) -> errors.add(what + ": " + e))
            .withDeployedCode(new LocalCloud.Artifact("local-artifacts", ARTIFACT_KEY, jar)));
  }

  @Test
  void theBuildsJarTracksAlarmsCleansAndPlotsInProcessesOfAwsJavaRuntime() throws Exception {
    List<String> errors = new CopyOnWriteArrayList<>();
    try (LocalCloud cloud =
        start(
            TestJars.lambdaJar(),
            // the alarm watches the tracker's 1-second metric with a 10-second period: the
            // machine's clock runs here
            Map.of("ThresholdBytes", "100", "AlarmResolution", "high"),
            errors)) {
      S3Client s3 = cloud.clients().s3();
      String bucket = cloud.stack().output("WatchedBucketName");
      LedgerReader ledger =
          new DynamoLedgerReader(
              cloud.clients().dynamoDb(), cloud.stack().output("ObjectTableName"));

      s3.putObject(r -> r.bucket(bucket).key("small.txt"), RequestBody.fromBytes(new byte[30]));
      await(() -> ledger.find(bucket, "small.txt").isPresent(), "the tracker's first apply");
      s3.putObject(r -> r.bucket(bucket).key("big.bin"), RequestBody.fromBytes(new byte[80]));

      // 110 bytes pass the threshold of 100: the alarm's action runs the cleaner, which deletes the
      // largest
      awaitShowingLogs(
          cloud,
          () -> ledger.find(bucket, "big.bin").map(o -> !o.live()).orElse(false),
          "the cleaner's delete tracked");
      await(() -> ledger.state(bucket).totalSize() == 30, "the total back to 30 bytes");
      assertThat(s3.listObjectsV2(r -> r.bucket(bucket)).contents())
          .extracting(o -> o.key())
          .containsExactly("small.txt");
      await(
          () ->
              LocalClouds.logs(cloud, "/aws/lambda/local-event-logging").stream()
                  .anyMatch(
                      e ->
                          e.message().contains("\"key\":\"big.bin\"")
                              && e.message().contains("\"size_delta\":-80")),
          "the event logger's line for the cleaner's delete");

      String api =
          String.valueOf(cloud.stack().resources().get("PlotApi").attributes().get("ApiEndpoint"));
      HttpResponse<byte[]> plot =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(api + "/plot"))
                      .header(
                          "Authorization",
                          "AWS4-HMAC-SHA256 Credential=local/20261204/us-east-1/execute-api/aws4_request, "
                              + "SignedHeaders=host;x-amz-date, Signature=0")
                      .build(),
                  HttpResponse.BodyHandlers.ofByteArray());
      assertThat(plot.statusCode()).isEqualTo(200);
      assertThat(plot.headers().firstValue("Content-Type")).hasValue("image/png");

      for (HostedFunction function : cloud.functions().functions()) {
        assertThat(function.processes()).as(function.spec().name()).isPresent();
        if (function.spec().name().endsWith("-bucket-adoption")) {
          continue; // idle: this stack adopts no bucket
        }
        assertThat(function.processes().orElseThrow().coldStarts())
            .as(function.spec().name())
            .isPositive();
      }
      assertThat(LocalClouds.logs(cloud, "/aws/lambda/local-size-tracking"))
          .anyMatch(
              e ->
                  e.message().startsWith("REPORT RequestId: ")
                      && e.message().contains("Init Duration: "));
      assertThat(errors).isEmpty();
    }
  }

  @Test
  void aJarMissingAHandlerClassFailsThatFunctionAsLambdaReportsItAndTheOthersRun()
      throws Exception {
    Path jar = folder.resolve("without-plotting.jar");
    Files.write(
        jar,
        TestJars.without(
            TestJars.lambdaJar(), entry -> entry.startsWith("io/s3clean/handler/PlottingHandler")));
    List<String> errors = new CopyOnWriteArrayList<>();
    try (LocalCloud cloud = start(jar, Map.of("ThresholdBytes", "1000000000000"), errors)) {
      S3Client s3 = cloud.clients().s3();
      String bucket = cloud.stack().output("WatchedBucketName");
      LedgerReader ledger =
          new DynamoLedgerReader(
              cloud.clients().dynamoDb(), cloud.stack().output("ObjectTableName"));

      HostedFunction.Result invoked =
          cloud
              .functions()
              .function("local-plotting")
              .invokePayload("{}".getBytes(StandardCharsets.UTF_8));
      s3.putObject(r -> r.bucket(bucket).key("tracked.txt"), RequestBody.fromBytes(new byte[7]));

      assertThat(invoked.functionError()).contains("Unhandled");
      assertThat(new String(invoked.payload(), StandardCharsets.UTF_8))
          .contains("\"errorType\":\"java.lang.ClassNotFoundException\"")
          .contains("\"errorMessage\":\"Class not found: io.s3clean.handler.PlottingHandler\"");
      awaitShowingLogs(
          cloud,
          () -> ledger.find(bucket, "tracked.txt").isPresent(),
          "the tracker, whose classes the jar holds, at work");
      assertThat(errors).isEmpty();
    }
  }

  /**
   * Waits up to 90 s (an alarm period and its evaluation); on a timeout the functions' logs say
   * why, in the failure's message.
   */
  private static void awaitShowingLogs(
      LocalCloud cloud, java.util.function.BooleanSupplier condition, String what) {
    try {
      await(condition, what, java.time.Duration.ofSeconds(90));
    } catch (AssertionError e) {
      StringBuilder logs = new StringBuilder(e.getMessage());
      for (String group : cloud.cloudWatch().logs().logGroups()) {
        logs.append("\n").append(group);
        LocalClouds.logs(cloud, group).forEach(line -> logs.append("\n  ").append(line.message()));
      }
      throw new AssertionError(logs.toString(), e);
    }
  }
}
