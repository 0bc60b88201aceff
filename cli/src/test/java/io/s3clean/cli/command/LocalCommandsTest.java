package io.s3clean.cli.command;

import static io.s3clean.cli.testing.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3clean.cli.S3cleanCommand;
import io.s3clean.cli.testing.CliRun;
import io.s3clean.cli.testing.ProcessExit;
import io.s3clean.event.ObjectEvent;
import io.s3clean.event.Sequencer;
import io.s3clean.ledger.dynamodb.DynamoLedger;
import io.s3clean.localcloud.RunningCloud;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The operator's commands on the local target, end to end: the AWS target's code over the embedded
 * cloud's one endpoint, against a cloud running in the background as a user's would. An upload over
 * the threshold is watched into ALARM and, once the cleaner has deleted it, back to OK; its logs,
 * history, plot and a reconcile with a repair follow; logs --follow sees a new line; destroy leaves
 * nothing.
 */
class LocalCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;

  @Test
  void watchAlarmLogsHistoryPlotReconcileAndDestroyWorkThroughTheEndpoint() throws Exception {
    CliRun deploy = cli("--output", "json", "deploy", "--threshold", "40");
    assertThat(deploy.exitCode()).as(deploy.err()).isZero();
    assertThat(cli("local", "usage", "--reset").exitCode()).isZero();
    URI endpoint =
        URI.create(
            RunningCloud.find(dataDir.resolve("s3clean"))
                .orElseThrow()
                .endpoints()
                .get("endpoint"));
    String bucket = JSON.readTree(deploy.out()).path("outputs").path("WatchedBucketName").asText();
    try (S3Client s3 =
            S3Client.builder()
                .endpointOverride(endpoint)
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials())
                .build();
        DynamoDbClient dynamo =
            DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials())
                .build()) {
      // an upload that takes the bucket over the threshold
      s3.putObject(r -> r.bucket(bucket).key("small.txt"), RequestBody.fromBytes(new byte[10]));
      s3.putObject(r -> r.bucket(bucket).key("big.bin"), RequestBody.fromBytes(new byte[50]));

      CliRun alarm =
          cli("watch-alarm", "--until", "ALARM", "--timeout", "60s", "--interval", "200ms");
      assertThat(alarm.exitCode()).as(alarm.err()).isZero();
      assertThat(alarm.out()).contains("ALARM");
      CliRun cleaned =
          cli("watch-alarm", "--until", "OK", "--timeout", "120s", "--interval", "200ms");
      assertThat(cleaned.exitCode()).as(cleaned.err()).isZero();
      // OK can come before the delete: a cleaner run that fails (a loaded machine) re-arms the
      // alarm, and a later run deletes; the deletion is what is asserted
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (s3.listObjectsV2(r -> r.bucket(bucket)).contents().size() > 1
          && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertThat(s3.listObjectsV2(r -> r.bucket(bucket)).contents())
          .extracting(o -> o.key())
          .containsExactly("small.txt");

      // the meter saw the two uploads as the clients', and the stack's work for them as the stack's
      CliRun usage = cli("--output", "json", "local", "usage");
      assertThat(usage.exitCode()).as(usage.err()).isZero();
      JsonNode lines = JSON.readTree(usage.out()).path("usage");
      // the two uploads, and the listings commands make (LIST is billed as a PUT)
      assertThat(quantity(lines, "s3", "PUT, COPY, POST, LIST requests", "clients"))
          .isGreaterThanOrEqualTo(2);
      assertThat(quantity(lines, "sns", "Publish", "stack"))
          .isGreaterThanOrEqualTo(3); // two puts, the cleaner's delete
      assertThat(quantity(lines, "s3", "event notifications", "stack")).isGreaterThanOrEqualTo(3);
      CliRun csv = cli("--output", "csv", "local", "usage");
      assertThat(csv.out().lines().findFirst()).contains("service,item,unit,payer,quantity");
      assertThat(csv.out()).contains("s3,\"PUT, COPY, POST, LIST requests\",requests,clients,");
      CliRun reset = cli("--output", "json", "local", "usage", "--reset");
      assertThat(JSON.readTree(reset.out()).path("usage")).isNotEmpty();
      assertThat(
              quantity(
                  JSON.readTree(cli("--output", "json", "local", "usage").out()).path("usage"),
                  "s3",
                  "PUT, COPY, POST, LIST requests",
                  "clients"))
          .isZero();

      CliRun logs = cli("logs", "cleaner", "--since", "1h");
      assertThat(logs.exitCode()).as(logs.err()).isZero();
      assertThat(logs.out()).contains("big.bin");

      CliRun history = cli("--output", "json", "history");
      assertThat(history.exitCode()).as(history.err()).isZero();
      List<Long> totals = new ArrayList<>();
      JSON.readTree(history.out()).forEach(row -> totals.add(row.path("total_size").asLong()));
      assertThat(totals).endsWith(60L, 10L);
      Path plot = dataDir.resolve("history.png");
      CliRun plotted =
          cli("history", "--plot", plot.toString(), "--width", "640", "--height", "320");
      assertThat(plotted.exitCode()).as(plotted.err()).isZero();
      BufferedImage image = ImageIO.read(plot.toFile());
      assertThat(image.getWidth()).isEqualTo(640);

      // a ledger still counting an object the bucket never had: found, repaired, then in agreement
      new DynamoLedger(dynamo, "s3clean-objects", "s3clean-history")
          .apply(
              bucket,
              List.of(
                  new ObjectEvent(
                      bucket,
                      "ghost.txt",
                      ObjectEvent.Kind.CREATED,
                      "ObjectCreated:Put",
                      5,
                      Sequencer.parse("0A"),
                      Instant.now())));
      CliRun look = cli("--output", "json", "reconcile");
      assertThat(look.exitCode()).as(look.err()).isZero();
      assertThat(JSON.readTree(look.out()).path("differences"))
          .extracting(d -> d.path("key").asText(), d -> d.path("difference").asText())
          .containsExactly(tuple("ghost.txt", "missing in bucket"));
      assertThat(cli("reconcile", "--apply").exitCode()).isZero();
      CliRun again = cli("reconcile");
      assertThat(again.err()).contains("The ledger agrees with the bucket");

      // a backfill of a bucket the stack has tracked from its start counts nothing twice
      CliRun backfill = cli("--output", "json", "backfill");
      assertThat(backfill.exitCode()).as(backfill.err()).isZero();
      JsonNode counted = JSON.readTree(backfill.out());
      assertThat(counted.path("counted").asLong()).isZero();
      assertThat(counted.path("already_tracked").asLong())
          .isEqualTo(counted.path("versions_listed").asLong())
          .isPositive();
      assertThat(backfill.err()).contains("versions listed");
      assertThat(cli("backfill").err()).contains("finished before");

      assertThat(
              follows(
                  key ->
                      s3.putObject(
                          r -> r.bucket(bucket).key(key), RequestBody.fromBytes(new byte[3]))))
          .as("logs --follow printed the line of an upload made while it followed")
          .isTrue();
    }

    RunningCloud cloud = RunningCloud.find(dataDir.resolve("s3clean")).orElseThrow();
    CliRun destroy = cli("destroy", "--yes");
    assertThat(destroy.exitCode()).as(destroy.err()).isZero();
    assertThat(ProcessExit.within(cloud.pid(), java.time.Duration.ofSeconds(30))).isTrue();
    assertThat(dataDir.resolve("s3clean")).doesNotExist();
  }

  /** A failed step leaves no cloud behind either. */
  @AfterEach
  void stopTheCloud() {
    cli("local", "stop");
  }

  /**
   * `logs size-tracking --follow` in a process of its own, as at a terminal. An upload made before
   * it starts shows in its first lines (it looks back an hour of the cloud's clock, a minute of the
   * wall's); once that line is out, the process is surely following, and a second upload's line
   * must come through the follow. No step depends on how long the process takes to start.
   */
  private boolean follows(java.util.function.Consumer<String> upload) throws Exception {
    upload.accept("late.txt");
    String java = ProcessHandle.current().info().command().orElseThrow();
    Process follow =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                S3cleanCommand.class.getName(),
                "--data-dir",
                dataDir.toString(),
                "logs",
                "size-tracking",
                "--since",
                "1h",
                "--follow",
                "--interval",
                "200ms")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(follow.getInputStream(), StandardCharsets.UTF_8))) {
                out.lines().forEach(lines::add);
              } catch (Exception e) {
                // the process ended
              }
            },
            "logs-follow-reader");
    reader.start();
    try {
      if (!awaitLine(lines, "\"key\":\"late.txt\"")) {
        return false;
      }
      upload.accept("later.txt");
      return awaitLine(lines, "\"key\":\"later.txt\"");
    } finally {
      follow.destroy();
      assertThat(follow.waitFor(30, TimeUnit.SECONDS))
          .as("logs --follow stops on SIGTERM")
          .isTrue();
      reader.join(5_000);
    }
  }

  private static boolean awaitLine(BlockingQueue<String> lines, String expected)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      String line = lines.poll(100, TimeUnit.MILLISECONDS);
      if (line != null && line.contains(expected)) {
        return true;
      }
    }
    return false;
  }

  private static double quantity(JsonNode usage, String service, String item, String payer) {
    double sum = 0;
    for (JsonNode line : usage) {
      if (line.path("service").asText().equals(service)
          && line.path("item").asText().equals(item)
          && line.path("payer").asText().equals(payer)) {
        sum += line.path("quantity").asDouble();
      }
    }
    return sum;
  }

  private static StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
  }

  private CliRun cli(String... args) {
    List<String> all = new ArrayList<>(List.of("--data-dir", dataDir.toString()));
    all.addAll(List.of(args));
    return run(all.toArray(String[]::new));
  }
}
