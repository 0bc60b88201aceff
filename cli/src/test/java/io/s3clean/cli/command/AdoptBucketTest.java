package io.s3clean.cli.command;

import static io.s3clean.cli.testing.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3clean.cli.ExitCodes;
import io.s3clean.cli.testing.CliRun;
import io.s3clean.cli.testing.TestCredentials;
import io.s3clean.localcloud.RunningCloud;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.GetBucketNotificationConfigurationResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code s3clean deploy --bucket}: a bucket the stack did not make, with objects and a notification
 * configuration of its own, is adopted (its configuration kept, what it held counted by the
 * backfill the deploy runs), and {@code destroy} leaves it, its objects and its configuration as
 * they were. A bucket that does not exist, one of another region, one whose configuration overlaps
 * the stack's, and an adoption without a threshold are each refused in one line, exit 252, with the
 * stack and the bucket unchanged.
 */
class AdoptBucketTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;

  @BeforeAll
  static void credentials() {
    TestCredentials.install();
  }

  /** Whatever a test left, its cloud and data go (destroy stops a cloud, and says so of none). */
  @AfterEach
  void destroy() {
    cli("destroy", "--yes");
  }

  @Test
  void deployAdoptsABucketCountsWhatItHoldsAndDestroyLeavesItAsItWas() throws Exception {
    CliRun first = cli("deploy", "--threshold", "1000000");
    assertThat(first.exitCode()).as(first.err()).isZero();
    GetBucketNotificationConfigurationResponse before;
    try (S3Client s3 = s3()) {
      String ownersTopic = outputs().path("NotifyTopicArn").asText();
      s3.createBucket(r -> r.bucket("team-data"));
      for (int size : List.of(100, 200, 300)) {
        s3.putObject(
            r -> r.bucket("team-data").key("old/f" + size), RequestBody.fromBytes(new byte[size]));
      }
      // the owner's own configuration: restores, which the stack does not follow
      s3.putBucketNotificationConfiguration(
          r ->
              r.bucket("team-data")
                  .notificationConfiguration(
                      n ->
                          n.topicConfigurations(
                              t ->
                                  t.id("owners-restores")
                                      .topicArn(ownersTopic)
                                      .events(Event.S3_OBJECT_RESTORE)))
                  .build());
      before = s3.getBucketNotificationConfiguration(r -> r.bucket("team-data"));

      CliRun adopt =
          cli("--output", "json", "deploy", "--bucket", "team-data", "--threshold", "1000000");

      assertThat(adopt.exitCode()).as(adopt.err()).isZero();
      JsonNode result = JSON.readTree(adopt.out());
      assertThat(result.at("/outputs/WatchedBucketName").asText()).isEqualTo("team-data");
      assertThat(result.at("/backfill/counted").asLong()).isEqualTo(3);
      assertThat(result.at("/backfill/ledger_total").asLong()).isEqualTo(600);
      assertThat(adopt.err()).contains("counting what bucket team-data already holds");
      assertThat(
              s3.getBucketNotificationConfiguration(r -> r.bucket("team-data"))
                  .topicConfigurations())
          .extracting(t -> t.id())
          .containsExactly(
              "owners-restores",
              "s3clean-s3clean-ObjectCreated",
              "s3clean-s3clean-ObjectRemoved",
              "s3clean-s3clean-LifecycleExpiration");

      s3.putObject(r -> r.bucket("team-data").key("new"), RequestBody.fromBytes(new byte[50]));
      CliRun status = awaitStatus("\"ledger_total\" : 650");
      assertThat(status.out()).contains("\"ledger_vs_bucket\" : \"match\"");

      // a stack keeps the bucket it adopted
      s3.createBucket(r -> r.bucket("other-data"));
      assertRefused(
          cli("deploy", "--bucket", "other-data", "--threshold", "100"),
          "s3clean: stack s3clean guards bucket team-data, which it adopted, and keeps it: destroy"
              + " the stack (the bucket stays as it was) and deploy it again to guard bucket"
              + " other-data");
      assertRefused(
          cli("deploy", "--bucket", ""),
          "s3clean: stack s3clean guards bucket team-data, which it adopted, and keeps it: destroy"
              + " the stack (the bucket stays as it was) and deploy it again to guard a bucket of"
              + " its own");

      CliRun destroy = cli("destroy", "--yes");
      assertThat(destroy.exitCode()).as(destroy.err()).isZero();
      assertThat(destroy.err())
          .contains("bucket(s) other-data, team-data, which the stack did not make, stay with");
    }

    // a cloud started again serves the bucket as the owner left it
    CliRun again = cli("local", "start", "--detach");
    assertThat(again.exitCode()).as(again.err()).isZero();
    try (S3Client s3 = s3()) {
      assertThat(s3.listObjectsV2(r -> r.bucket("team-data")).contents())
          .extracting(S3Object::key)
          .containsExactly("new", "old/f100", "old/f200", "old/f300");
      assertThat(
              s3.getBucketNotificationConfiguration(r -> r.bucket("team-data"))
                  .topicConfigurations())
          .isEqualTo(before.topicConfigurations());
    }
    // destroying the new stack, then again with no stack left, keeps what no stack made
    assertThat(cli("destroy", "--yes").exitCode()).isZero();
    CliRun twice = cli("destroy", "--yes");
    assertThat(twice.exitCode()).as(twice.err()).isZero();
    assertThat(twice.err())
        .contains("bucket(s) other-data, team-data, which the stack did not make, stay");
    assertThat(dataDir.resolve("s3clean").resolve("data").resolve("s3").resolve("team-data"))
        .isDirectory();
  }

  @Test
  void aBucketAlreadyOverTheThresholdIsCleanedOnceAdopted() throws Exception {
    CliRun first = cli("deploy", "--threshold", "1000000");
    assertThat(first.exitCode()).as(first.err()).isZero();
    try (S3Client s3 = s3()) {
      s3.createBucket(r -> r.bucket("full-data"));
      for (int size : List.of(100, 200, 300)) {
        s3.putObject(
            r -> r.bucket("full-data").key("f" + size), RequestBody.fromBytes(new byte[size]));
      }

      // 600 bytes over a threshold of 500: the backfill's total reaches the alarm, whose cleaner
      // deletes the largest object, with no further change to the bucket
      CliRun adopt = cli("deploy", "--bucket", "full-data", "--threshold", "500");
      assertThat(adopt.exitCode()).as(adopt.err()).isZero();
      long deadline = System.nanoTime() + 60_000_000_000L;
      List<String> keys = keys(s3, "full-data");
      while (keys.size() == 3 && System.nanoTime() < deadline) {
        Thread.sleep(250);
        keys = keys(s3, "full-data");
      }

      assertThat(keys).containsExactly("f100", "f200");
      awaitStatus("\"ledger_total\" : 300");
    }
  }

  private static List<String> keys(S3Client s3, String bucket) {
    return s3.listObjectsV2(r -> r.bucket(bucket)).contents().stream().map(S3Object::key).toList();
  }

  @Test
  void withNoLocalStackABucketIsRefusedWithoutStartingTheCloud() {
    CliRun refused = cli("deploy", "--bucket", "team-data", "--threshold", "100");

    assertRefused(
        refused,
        "s3clean: the embedded cloud runs no stack s3clean whose S3 could hold bucket"
            + " 'team-data': deploy the stack without --bucket first (or s3clean local start),"
            + " make or keep the bucket there, then deploy --bucket");
    assertThat(RunningCloud.find(dataDir.resolve("s3clean"))).isEmpty();
  }

  @Test
  void aBucketThatCannotBeAdoptedIsRefusedInOneLineAndNothingChanges() throws Exception {
    CliRun first = cli("deploy", "--threshold", "1000000");
    assertThat(first.exitCode()).as(first.err()).isZero();
    try (S3Client s3 = s3()) {
      String ownersTopic = outputs().path("NotifyTopicArn").asText();
      s3.createBucket(
          r ->
              r.bucket("dublin-data")
                  .createBucketConfiguration(
                      c -> c.locationConstraint(BucketLocationConstraint.EU_WEST_1)));
      s3.createBucket(r -> r.bucket("busy-data"));
      s3.putBucketNotificationConfiguration(
          r ->
              r.bucket("busy-data")
                  .notificationConfiguration(
                      n ->
                          n.topicConfigurations(
                              t ->
                                  t.id("owners-uploads")
                                      .topicArn(ownersTopic)
                                      .events(Event.S3_OBJECT_CREATED_PUT)))
                  .build());
      GetBucketNotificationConfigurationResponse busyBefore =
          s3.getBucketNotificationConfiguration(r -> r.bucket("busy-data"));
      JsonNode outputsBefore = outputs();

      CliRun missing = cli("deploy", "--bucket", "no-such-data", "--threshold", "100");
      CliRun dublin = cli("deploy", "--bucket", "dublin-data", "--threshold", "100");
      CliRun busy = cli("deploy", "--bucket", "busy-data", "--threshold", "100");
      CliRun noThreshold = cli("deploy", "--bucket", "busy-data");

      assertRefused(
          missing, "s3clean: cannot adopt with --bucket: bucket 'no-such-data' does not exist");
      assertRefused(
          dublin,
          "s3clean: cannot adopt with --bucket: bucket 'dublin-data' is in eu-west-1, not"
              + " us-east-1: S3 sends a bucket's events only to a topic in the bucket's own"
              + " region, so deploy the stack in eu-west-1");
      assertRefused(
          busy,
          "s3clean: cannot adopt with --bucket: bucket 'busy-data' already has configuration"
              + " 'owners-uploads' (s3:ObjectCreated:Put to "
              + ownersTopic
              + "), which S3 will not let share s3:ObjectCreated:*, s3:ObjectRemoved:*,"
              + " s3:LifecycleExpiration:* with the stack's topic over overlapping keys; remove it,"
              + " or give the stack a key prefix or suffix that does not overlap its filter");
      assertRefused(
          noThreshold,
          "s3clean: --bucket needs --threshold: the cleaner deletes the largest objects of bucket"
              + " busy-data once its total reaches the threshold, so say which");
      assertThat(outputs()).as("the stack as it was").isEqualTo(outputsBefore);
      assertThat(
              s3.getBucketNotificationConfiguration(r -> r.bucket("busy-data"))
                  .topicConfigurations())
          .isEqualTo(busyBefore.topicConfigurations());
      assertThat(
              s3.getBucketNotificationConfiguration(r -> r.bucket("dublin-data"))
                  .topicConfigurations())
          .isEmpty();

      // a stack whose own bucket holds objects does not move to an adopted one
      String own = outputsBefore.path("WatchedBucketName").asText();
      s3.putObject(r -> r.bucket(own).key("kept"), RequestBody.fromBytes(new byte[5]));
      s3.createBucket(r -> r.bucket("team-data"));
      assertRefused(
          cli("deploy", "--bucket", "team-data", "--threshold", "100"),
          "s3clean: the stack's own bucket "
              + own
              + " still holds objects, which CloudFormation cannot delete when the stack moves to"
              + " bucket team-data: empty it, or destroy the stack and deploy it again with"
              + " --bucket");
      assertThat(outputs()).as("the stack as it was").isEqualTo(outputsBefore);
    }
  }

  private static void assertRefused(CliRun run, String line) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.BAD_PARAMETER);
    assertThat(run.err()).isEqualTo(line + System.lineSeparator());
  }

  /** Waits for the status document to say {@code expected}; returns the last status. */
  private CliRun awaitStatus(String expected) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    CliRun status = cli("--output", "json", "status");
    while (!status.out().contains(expected) && System.nanoTime() < deadline) {
      Thread.sleep(250);
      status = cli("--output", "json", "status");
    }
    assertThat(status.out()).contains(expected);
    return status;
  }

  private JsonNode outputs() throws Exception {
    CliRun status = cli("--output", "json", "status");
    assertThat(status.exitCode()).as(status.err()).isZero();
    return JSON.readTree(status.out()).path("outputs");
  }

  private CliRun cli(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--data-dir";
    all[1] = dataDir.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    return run(all);
  }

  private S3Client s3() {
    RunningCloud cloud = RunningCloud.find(dataDir.resolve("s3clean")).orElseThrow();
    return S3Client.builder()
        .endpointOverride(URI.create(cloud.endpoints().get("endpoint")))
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .build();
  }
}
