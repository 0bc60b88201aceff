package io.s3clean.localcloud;

import static io.s3clean.localcloud.LocalCloudTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.s3clean.ledger.dynamodb.DynamoLedgerReader;
import io.s3clean.localcloud.emulator.EmulatorConfig;
import io.s3clean.template.ShippedTemplate;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

/**
 * On a versioned bucket over the threshold the deployed alarm's cleaner frees bytes by deleting
 * versions, never by adding delete markers (which would free nothing), and ends below the threshold
 * in one invocation.
 */
class VersionedCleanupTest {

  @Test
  void theCleanerDeletesVersionsAndEndsBelowTheThresholdInOneInvocation() {
    try (LocalCloud cloud =
        LocalClouds.start(
            ShippedTemplate.parsed(), EmulatorConfig.inMemory(), e -> {}, (w, e) -> {})) {
      String bucket = cloud.stack().typed().watchedBucket();
      S3Client s3 = cloud.clients().s3();
      s3.putBucketVersioning(
          r ->
              r.bucket(bucket)
                  .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));

      // the template's threshold is 20 bytes: 12 + 15 + 4 bytes in three versions
      put(s3, bucket, "report.csv", 12);
      put(s3, bucket, "report.csv", 15);
      put(s3, bucket, "notes.txt", 4);

      await(() -> billed(s3, bucket) < 20, "the bucket below its threshold");
      ListObjectVersionsResponse left = s3.listObjectVersions(r -> r.bucket(bucket));
      assertThat(left.deleteMarkers()).isEmpty();
      assertThat(left.versions())
          .extracting(v -> v.key() + "=" + v.size())
          .containsExactlyInAnyOrder("report.csv=12", "notes.txt=4");
      DynamoLedgerReader ledger =
          new DynamoLedgerReader(cloud.clients().dynamoDb(), cloud.stack().typed().objectTable());
      await(() -> ledger.state(bucket).totalSize() == 16, "the ledger at the bucket's 16 bytes");
      assertThat(
              LocalClouds.logs(cloud, cloud.stack().output("CleanerLogGroupName")).stream()
                  .filter(e -> e.message().contains("\"object_deleted\""))
                  .toList())
          .singleElement()
          .satisfies(e -> assertThat(e.message()).contains("\"size\":15", "\"version_id\""));
    }
  }

  private static void put(S3Client s3, String bucket, String key, int size) {
    s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(new byte[size]));
  }

  private static long billed(S3Client s3, String bucket) {
    return s3.listObjectVersions(r -> r.bucket(bucket)).versions().stream()
        .mapToLong(ObjectVersion::size)
        .sum();
  }
}
