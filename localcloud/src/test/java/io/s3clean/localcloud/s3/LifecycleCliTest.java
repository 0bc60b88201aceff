package io.s3clean.localcloud.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.s3clean.dynamodb.testing.AwsCli;
import io.s3clean.localcloud.LocalCloud;
import io.s3clean.localcloud.LocalClouds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lifecycle rule set on the watched bucket with the real AWS CLI: the cloud expires what it
 * selects on its clock, raises LifecycleExpiration:Delete, which the stack subscribes to, and the
 * tracked total drops by what was expired.
 */
class LifecycleCliTest {
  @TempDir static Path home;
  private static LocalCloud cloud;
  private static StackCli cli;
  private static String bucket;

  @BeforeAll
  static void start() {
    assertThat(AwsCli.majorVersion()).as("the AWS CLI on PATH").isPresent();
    cloud = LocalClouds.shipped(Map.of("ThresholdBytes", "1000000"), 60);
    cli = new StackCli(cloud, new AwsCli(cloud.endpoint(), home));
    bucket = cloud.stack().typed().watchedBucket();
  }

  @AfterAll
  static void stop() {
    cloud.close();
  }

  @Test
  void anExpiredObjectIsDeletedOnTheCloudsClockAndTheTotalFollows() throws Exception {
    put("tmp/scratch.bin", 40);
    put("keep/report.csv", 9);
    // every object under tmp/ from this midnight on: due at once
    String today = LocalDate.now(ZoneOffset.UTC) + "T00:00:00Z";
    Path rules =
        Files.writeString(
            home.resolve("lifecycle.json"),
            "{\"Rules\":[{\"ID\":\"scratch\",\"Status\":\"Enabled\","
                + "\"Filter\":{\"Prefix\":\"tmp/\"},\"Expiration\":{\"Date\":\""
                + today
                + "\"}}]}");

    cli.ok(
        "s3api",
        "put-bucket-lifecycle-configuration",
        "--bucket",
        bucket,
        "--lifecycle-configuration",
        "file://" + rules);
    JsonNode stored = cli.ok("s3api", "get-bucket-lifecycle-configuration", "--bucket", bucket);

    assertThat(stored.at("/Rules/0/ID").asText()).isEqualTo("scratch");
    assertThat(stored.at("/Rules/0/Filter/Prefix").asText()).isEqualTo("tmp/");
    assertThat(cli.awaitTotal(bucket, 9)).isEqualTo(9);
    assertThat(
            cli.ok("s3api", "list-objects-v2", "--bucket", bucket)
                .path("Contents")
                .findValuesAsText("Key"))
        .containsExactly("keep/report.csv");
    assertThat(cli.history(bucket))
        .extracting(item -> item.at("/event_type/S").asText())
        .contains("LifecycleExpiration:Delete");

    cli.ok("s3api", "delete-bucket-lifecycle", "--bucket", bucket);
    AwsCli.Run gone = cli.run("s3api", "get-bucket-lifecycle-configuration", "--bucket", bucket);
    assertThat(gone.exitCode()).isNotZero();
    assertThat(gone.stderr()).contains("NoSuchLifecycleConfiguration");
  }

  @Test
  void theTemplatesLifecycleRulesAreTheBucketsOwn() {
    String plots = cloud.stack().output("PlotBucketName");

    JsonNode rules = cli.ok("s3api", "get-bucket-lifecycle-configuration", "--bucket", plots);

    assertThat(rules.at("/Rules/0/ID").asText()).isEqualTo("ExpireArchivedPlots");
    assertThat(rules.at("/Rules/0/Filter/And/Prefix").asText()).isEqualTo("archive/");
    assertThat(rules.at("/Rules/0/Expiration/Days").asInt()).isEqualTo(30);
  }

  @Test
  void aRuleS3RefusesIsRefusedInItsWords() throws Exception {
    Path rules =
        Files.writeString(
            home.resolve("refused.json"),
            "{\"Rules\":[{\"ID\":\"r\",\"Status\":\"Enabled\",\"Filter\":{\"Prefix\":\"\"},"
                + "\"Expiration\":{\"Date\":\"2030-01-01T10:00:00Z\"}}]}");

    AwsCli.Run refused =
        cli.run(
            "s3api",
            "put-bucket-lifecycle-configuration",
            "--bucket",
            bucket,
            "--lifecycle-configuration",
            "file://" + rules);

    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.stderr()).contains("InvalidArgument", "'Date' must be at midnight GMT");
  }

  private void put(String key, int size) throws Exception {
    Path body = Files.write(home.resolve("body-" + size), new byte[size]);
    cli.ok("s3api", "put-object", "--bucket", bucket, "--key", key, "--body", body.toString());
  }
}
