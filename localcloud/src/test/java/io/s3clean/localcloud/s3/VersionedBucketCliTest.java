package io.s3clean.localcloud.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.s3clean.dynamodb.testing.AwsCli;
import io.s3clean.localcloud.LocalCloud;
import io.s3clean.localcloud.LocalClouds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watched bucket made versioned with the real AWS CLI: the stack's total follows what S3 bills,
 * every version's bytes, through overwrites, delete markers, deletes of a version and a suspended
 * bucket's null version, and ends equal to the sum of ListObjectVersions' sizes.
 */
class VersionedBucketCliTest {
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
  void theTotalIsEveryVersionsBytesAsListObjectVersionsSumsThem() throws Exception {
    cli.ok(
        "s3api",
        "put-bucket-versioning",
        "--bucket",
        bucket,
        "--versioning-configuration",
        "Status=Enabled");
    assertThat(cli.ok("s3api", "get-bucket-versioning", "--bucket", bucket).path("Status").asText())
        .isEqualTo("Enabled");

    String first = put("report.csv", 10);
    String second = put("report.csv", 25);
    put("notes.txt", 7);
    JsonNode marker = cli.ok("s3api", "delete-object", "--bucket", bucket, "--key", "report.csv");
    cli.ok(
        "s3api", "delete-object", "--bucket", bucket, "--key", "report.csv", "--version-id", first);

    cli.ok(
        "s3api",
        "put-bucket-versioning",
        "--bucket",
        bucket,
        "--versioning-configuration",
        "Status=Suspended");
    assertThat(put("draft.txt", 5)).isEqualTo("null");
    put("draft.txt", 6); // replaces the null version
    cli.ok("s3api", "delete-object", "--bucket", bucket, "--key", "draft.txt"); // its null marker

    assertThat(marker.path("DeleteMarker").asBoolean()).isTrue();
    assertThat(second).isNotEqualTo(first);
    long billed = sumOfVersionSizes();
    assertThat(billed).isEqualTo(25 + 7);
    assertThat(awaitTotal(billed)).isEqualTo(billed);
    // the history recorded the marker, which changed no total, and which version each change was to
    List<String> markers = new ArrayList<>();
    for (JsonNode item : cli.history(bucket)) {
      if (item.at("/event_type/S").asText().equals("ObjectRemoved:DeleteMarkerCreated")) {
        markers.add(item.at("/object_name/S").asText() + " " + item.at("/size_delta/N").asText());
      }
    }
    assertThat(markers).containsExactlyInAnyOrder("report.csv 0", "draft.txt -6");
  }

  private String put(String key, int size) throws Exception {
    Path body = Files.write(home.resolve("body-" + size), new byte[size]);
    return cli.ok(
            "s3api", "put-object", "--bucket", bucket, "--key", key, "--body", body.toString())
        .path("VersionId")
        .asText("null");
  }

  private long sumOfVersionSizes() {
    long sum = 0;
    for (JsonNode version :
        cli.ok("s3api", "list-object-versions", "--bucket", bucket).path("Versions")) {
      sum += version.path("Size").asLong();
    }
    return sum;
  }

  /**
   * The ledger's total once all eight changes are in its history and it matches {@code expected},
   * or whatever it is at the deadline.
   */
  private long awaitTotal(long expected) throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    long total = cli.ledgerTotal(bucket);
    while ((total != expected || cli.history(bucket).size() != 8) && System.nanoTime() < deadline) {
      Thread.sleep(250);
      total = cli.ledgerTotal(bucket);
    }
    return total;
  }
}
