package io.s3clean.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3clean.engines.testing.LocalS3;
import io.s3clean.ledger.dynamodb.BackfillCheckpoints;
import io.s3clean.ledger.dynamodb.DynamoLedger;
import io.s3clean.ledger.dynamodb.DynamoLedgerReader;
import io.s3clean.reconcile.TrackedKeys;
import io.s3clean.testing.LocalDynamo;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/** The backfill's runs against the S3 and DynamoDB engines, no pipeline: only what it lists. */
class BackfillTest {
  @RegisterExtension static final LocalS3 s3 = new LocalS3();
  private static LocalDynamo dynamo;

  @BeforeAll
  static void start() {
    dynamo = LocalDynamo.start();
    dynamo.createTables("objects", "history");
  }

  @AfterAll
  static void stop() {
    dynamo.close();
  }

  @Test
  void aCheckpointOfOtherKeyFiltersIsNotResumed() {
    s3.createBucket("filtered");
    for (String key : List.of("a/1", "a/2", "b/1", "b/2", "b/3")) {
      put("filtered", key, 10);
    }

    BackfillCheckpoints.Checkpoint first =
        backfill("filtered", new TrackedKeys("a/", ""), () -> {});
    BackfillCheckpoints.Checkpoint second =
        backfill("filtered", new TrackedKeys("b/", ""), () -> {});

    assertThat(first.written()).isEqualTo(2);
    assertThat(second.written()).isEqualTo(3);
    assertThat(reader().state("filtered").totalSize()).isEqualTo(50);
  }

  @Test
  void versioningTurnedOnDuringARunListsTheNextPagesByVersion() {
    s3.createBucket("switched");
    for (int i = 0; i < 1_001; i++) {
      put("switched", String.format("k%04d", i), 1); // two pages of ListObjectsV2
    }
    AtomicBoolean switched = new AtomicBoolean();

    backfill(
        "switched",
        TrackedKeys.ALL,
        () -> {
          if (switched.compareAndSet(false, true)) {
            // while the first page is written: versioning on, and the last key (on the second
            // page) overwritten, so it holds its null version and a version
            s3.client()
                .putBucketVersioning(
                    r ->
                        r.bucket("switched")
                            .versioningConfiguration(
                                v -> v.status(BucketVersioningStatus.ENABLED)));
            put("switched", "k1000", 20);
          }
        });

    // every version S3 bills: 1,001 null versions of 1 byte and k1000's new version of 20
    assertThat(reader().state("switched").totalSize()).isEqualTo(1_021);
    assertThat(reader().state("switched").objectCount()).isEqualTo(1_002);
  }

  private BackfillCheckpoints.Checkpoint backfill(
      String bucket, TrackedKeys tracked, Runnable beforeWrite) {
    List<String> progress = new ArrayList<>();
    return new Backfill(
            s3.client(),
            new DynamoLedger(dynamo.client(), "objects", "history"),
            reader(),
            new BackfillCheckpoints(dynamo.client(), "objects"),
            bucket,
            tracked,
            Clock.systemUTC(),
            progress::add,
            beforeWrite)
        .run(false);
  }

  private static DynamoLedgerReader reader() {
    return new DynamoLedgerReader(dynamo.client(), "objects");
  }

  private static void put(String bucket, String key, int size) {
    s3.client().putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(new byte[size]));
  }
}
