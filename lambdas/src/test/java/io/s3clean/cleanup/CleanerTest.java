package io.s3clean.cleanup;

import static io.s3clean.testing.TestEvents.put;
import static org.assertj.core.api.Assertions.assertThat;

import io.s3clean.aws.S3ObjectStore;
import io.s3clean.engines.testing.LocalS3;
import io.s3clean.ledger.dynamodb.DynamoLedger;
import io.s3clean.logging.JsonLog;
import io.s3clean.testing.LocalDynamo;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The cleaner against the DynamoDB engine and a real S3 endpoint; the pipeline's lag is left as it
 * is.
 */
class CleanerTest {
  private static final AlarmTrigger ALARM =
      new AlarmTrigger("total-size", "ALARM", "Threshold Crossed", "t");
  private static LocalDynamo dynamo;
  @RegisterExtension static final LocalS3 s3 = new LocalS3();
  private static int buckets;
  private DynamoLedger ledger;
  private String bucket;
  private long order;
  private final List<CleanupReport> notified = new ArrayList<>();
  private final List<String> rearmed = new ArrayList<>();
  private final List<String> logged = new ArrayList<>();

  @BeforeAll
  static void start() {
    dynamo = LocalDynamo.start();
    dynamo.createTables("objects", "history");
  }

  @AfterAll
  static void stop() {
    dynamo.close();
  }

  @BeforeEach
  void freshBucket() {
    ledger = new DynamoLedger(dynamo.client(), "objects", "history");
    bucket = "watched-" + (++buckets);
    s3.createBucket(bucket);
  }

  @Test
  void theSeedScenarioRemovesTheLargestObjectOnce() {
    upload(bucket, "assignment1.txt", 18);
    upload(bucket, "assignment2.txt", 28);

    CleanupReport report = cleaner(20, CleanupPolicy.UNTIL_BELOW).clean(ALARM);

    assertThat(report.outcome()).isEqualTo(CleanupReport.Outcome.CLEANED);
    assertThat(report.deleted()).containsExactly(new CleanupReport.Removed("assignment2.txt", 28));
    assertThat(report.expectedTotal()).isEqualTo(18);
    assertThat(keysIn(bucket)).containsExactly("assignment1.txt");
    assertThat(notified).containsExactly(report);
  }

  @Test
  void keepsDeletingUntilBelowTheThresholdBecauseTheAlarmFiresOnlyOnce() {
    upload(bucket, "ten", 10);
    upload(bucket, "nine", 9);
    upload(bucket, "eight", 8);

    CleanupReport report = cleaner(12, CleanupPolicy.UNTIL_BELOW).clean(ALARM);

    assertThat(report.deleted())
        .extracting(CleanupReport.Removed::key)
        .containsExactly("ten", "nine");
    assertThat(report.expectedTotal()).isEqualTo(8);
    assertThat(keysIn(bucket)).containsExactly("eight");
  }

  @Test
  void theOnePolicyDeletesExactlyTheLargest() {
    upload(bucket, "ten", 10);
    upload(bucket, "nine", 9);
    upload(bucket, "eight", 8);

    CleanupReport report = cleaner(12, CleanupPolicy.ONE).clean(ALARM);

    assertThat(report.deleted()).extracting(CleanupReport.Removed::key).containsExactly("ten");
    assertThat(keysIn(bucket)).containsExactly("eight", "nine");
  }

  @Test
  void neverActsBelowTheThreshold() {
    upload(bucket, "a", 19);

    CleanupReport report = cleaner(20, CleanupPolicy.UNTIL_BELOW).clean(ALARM);

    assertThat(report.outcome()).isEqualTo(CleanupReport.Outcome.BELOW_THRESHOLD);
    assertThat(keysIn(bucket)).containsExactly("a");
    assertThat(notified).isEmpty();
  }

  @Test
  void ignoresAnInvocationForAnotherState() {
    upload(bucket, "a", 50);

    CleanupReport report =
        cleaner(20, CleanupPolicy.UNTIL_BELOW).clean(new AlarmTrigger("x", "OK", "", ""));

    assertThat(report.outcome()).isEqualTo(CleanupReport.Outcome.NOT_IN_ALARM);
    assertThat(keysIn(bucket)).containsExactly("a");
  }

  @Test
  void aSecondInvocationBeforeTheLedgerCaughtUpDeletesNothingMore() {
    // given a first run whose deletions have not yet come back through the pipeline
    upload(bucket, "ten", 10);
    upload(bucket, "nine", 9);
    upload(bucket, "eight", 8);
    cleaner(12, CleanupPolicy.UNTIL_BELOW).clean(ALARM);

    // when the same alarm event is delivered again
    CleanupReport again = cleaner(12, CleanupPolicy.UNTIL_BELOW).clean(ALARM);

    // then it sees the first run's work in the bucket and stops
    assertThat(again.deleted()).isEmpty();
    assertThat(again.alreadyRemoved())
        .extracting(CleanupReport.Removed::key)
        .containsExactly("ten", "nine");
    assertThat(again.outcome()).isEqualTo(CleanupReport.Outcome.CLEANED);
    assertThat(keysIn(bucket)).containsExactly("eight");
  }

  @Test
  void anObjectDeletedBehindItsBackCountsAsRemovedInsteadOfTriggeringMoreDeletes() {
    upload(bucket, "big", 30);
    upload(bucket, "small", 5);
    s3.client().deleteObject(r -> r.bucket(bucket).key("big"));

    CleanupReport report = cleaner(20, CleanupPolicy.UNTIL_BELOW).clean(ALARM);

    assertThat(report.deleted()).isEmpty();
    assertThat(report.alreadyRemoved()).containsExactly(new CleanupReport.Removed("big", 30));
    assertThat(keysIn(bucket)).containsExactly("small");
  }

  @Test
  void neverTouchesAnotherBucket() {
    String other = bucket + "-other";
    s3.createBucket(other);
    upload(other, "huge", 1_000);
    upload(bucket, "a", 25);

    cleaner(20, CleanupPolicy.UNTIL_BELOW).clean(ALARM);

    assertThat(keysIn(other)).containsExactly("huge");
    assertThat(keysIn(bucket)).isEmpty();
  }

  @Test
  void aRunThatBringsTheBucketBelowTheThresholdLeavesTheAlarmAloneAndLogsTheTotalItLeaves() {
    upload(bucket, "a", 18);
    upload(bucket, "b", 28);

    cleaner(20, CleanupPolicy.UNTIL_BELOW).clean(ALARM);

    assertThat(rearmed).isEmpty();
    assertThat(logged)
        .filteredOn(line -> line.contains("\"cleanup_finished\""))
        .singleElement()
        .asString()
        .contains("\"total_size\":18", "\"bucket\":\"" + bucket + "\"");
  }

  @Test
  void aRunThatLeavesTheBucketOverTheThresholdReArmsTheAlarmSoItRunsAgain() {
    upload(bucket, "a", 15);
    upload(bucket, "b", 16);
    upload(bucket, "c", 17);

    CleanupReport report = cleaner(20, CleanupPolicy.ONE).clean(ALARM);

    assertThat(report.expectedTotal()).isEqualTo(31);
    assertThat(rearmed)
        .singleElement()
        .asString()
        .startsWith(
            "total-size: s3clean: " + bucket + " is still at 31 bytes after a cleanup (CLEANED)");
    assertThat(logged)
        .filteredOn(line -> line.contains("\"cleanup_finished\""))
        .singleElement()
        .asString()
        .contains("\"total_size\":31");
  }

  @Test
  void aFailedRunLogsWhatItLeftReArmsTheAlarmAndFailsTheInvocation() {
    upload(bucket, "a", 25);
    upload(bucket, "b", 30);
    S3ObjectStore real = new S3ObjectStore(s3.client());
    // S3 refuses the second deletion, as it would a key the role may not delete
    ObjectStore failingSecondDelete =
        new ObjectStore() {
          private int deletes;

          @Override
          public java.util.OptionalLong sizeOf(
              String bucketName, io.s3clean.event.VersionedKey object) {
            return real.sizeOf(bucketName, object);
          }

          @Override
          public void delete(String bucketName, io.s3clean.event.VersionedKey object) {
            if (++deletes == 2) {
              throw new IllegalStateException("Access Denied");
            }
            real.delete(bucketName, object);
          }
        };

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> cleaner(20, CleanupPolicy.UNTIL_BELOW, failingSecondDelete).clean(ALARM))
        .hasMessage("Access Denied");

    assertThat(keysIn(bucket)).containsExactly("a");
    assertThat(logged)
        .filteredOn(line -> line.contains("\"cleanup_failed\""))
        .singleElement()
        .asString()
        .contains("\"total_size\":25", "\"error\":\"Access Denied\"");
    assertThat(rearmed)
        .singleElement()
        .asString()
        .startsWith("total-size: s3clean: the cleanup of " + bucket + " failed (Access Denied)");
  }

  @Test
  void onAVersionedBucketItDeletesVersionsByIdAndEndsBelowTheThresholdInOneRun() {
    s3.client()
        .putBucketVersioning(
            r ->
                r.bucket(bucket)
                    .versioningConfiguration(
                        v ->
                            v.status(
                                software.amazon.awssdk.services.s3.model.BucketVersioningStatus
                                    .ENABLED)));
    uploadVersion("report", 30);
    uploadVersion("report", 25);
    uploadVersion("notes", 4);

    CleanupReport report = cleaner(20, CleanupPolicy.UNTIL_BELOW).clean(ALARM);

    assertThat(report.outcome()).isEqualTo(CleanupReport.Outcome.CLEANED);
    assertThat(report.expectedTotal()).isEqualTo(4);
    var versions = s3.client().listObjectVersions(r -> r.bucket(bucket));
    // both versions of "report" are gone for good: no delete marker stands in for either
    assertThat(versions.versions())
        .extracting(v -> v.key() + "=" + v.size())
        .containsExactly("notes=4");
    assertThat(versions.deleteMarkers()).isEmpty();
    assertThat(logged)
        .filteredOn(line -> line.contains("\"object_deleted\""))
        .hasSize(2)
        .allSatisfy(line -> assertThat(line).contains("\"version_id\""));
  }

  @Test
  void aNullVersionNowADeleteMarkerIsAlreadyRemovedNotAFailure() {
    // a suspended bucket's object, deleted (its null version is now a marker) before the ledger
    // heard of the deletion: HEAD of that version answers 405, which holds no bytes
    upload(bucket, "gone-soon", 30);
    upload(bucket, "kept", 25);
    s3.client()
        .putBucketVersioning(
            r ->
                r.bucket(bucket)
                    .versioningConfiguration(
                        v ->
                            v.status(
                                software.amazon.awssdk.services.s3.model.BucketVersioningStatus
                                    .SUSPENDED)));
    s3.client().deleteObject(r -> r.bucket(bucket).key("gone-soon"));

    CleanupReport report = cleaner(20, CleanupPolicy.UNTIL_BELOW).clean(ALARM);

    assertThat(report.alreadyRemoved()).containsExactly(new CleanupReport.Removed("gone-soon", 30));
    assertThat(report.deleted()).containsExactly(new CleanupReport.Removed("kept", 25));
    assertThat(s3.client().listObjectVersions(r -> r.bucket(bucket)).versions()).isEmpty();
  }

  private void uploadVersion(String key, int size) {
    String versionId =
        s3.client()
            .putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(new byte[size]))
            .versionId();
    ledger.apply(
        bucket,
        List.of(
            io.s3clean.testing.TestEvents.ofVersion(put(bucket, key, size, ++order), versionId)));
  }

  private Cleaner cleaner(long threshold, CleanupPolicy policy) {
    return cleaner(threshold, policy, new S3ObjectStore(s3.client()));
  }

  private Cleaner cleaner(long threshold, CleanupPolicy policy, ObjectStore store) {
    return new Cleaner(
        bucket,
        threshold,
        policy,
        ledger,
        store,
        notified::add,
        (alarm, reason) -> rearmed.add(alarm + ": " + reason),
        new JsonLog(logged::add));
  }

  private void upload(String target, String key, int size) {
    s3.client().putObject(r -> r.bucket(target).key(key), RequestBody.fromBytes(new byte[size]));
    ledger.apply(target, List.of(put(target, key, size, ++order)));
  }

  private static List<String> keysIn(String bucket) {
    return s3.client().listObjectsV2(r -> r.bucket(bucket)).contents().stream()
        .map(S3Object::key)
        .sorted()
        .toList();
  }
}
