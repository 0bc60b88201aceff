package io.s3clean.localcloud.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.s3clean.backfill.Backfill;
import io.s3clean.ledger.dynamodb.BackfillCheckpoints;
import io.s3clean.ledger.dynamodb.DynamoLedger;
import io.s3clean.ledger.dynamodb.DynamoLedgerReader;
import io.s3clean.ledger.dynamodb.LedgerTables;
import io.s3clean.localcloud.LocalCloud;
import io.s3clean.localcloud.LocalClouds;
import io.s3clean.reconcile.BucketListing;
import io.s3clean.reconcile.Difference;
import io.s3clean.reconcile.LedgerSnapshot;
import io.s3clean.reconcile.TrackedKeys;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * A backfill of the watched bucket on the embedded cloud while live changes keep arriving through
 * the deployed pipeline, interleaved at random between its reads and its writes: the ledger ends
 * exactly at what the bucket holds, and reconcile finds nothing.
 */
class BackfillOnLocalCloudTest {
  private static LocalCloud cloud;
  private static S3Client s3;
  private static DynamoDbClient dynamo;
  private static String bucket;

  @BeforeAll
  static void start() {
    cloud = LocalClouds.shipped(Map.of("ThresholdBytes", "1000000000"), 60);
    s3 = cloud.clients().s3();
    dynamo = cloud.clients().dynamoDb();
    bucket = cloud.stack().typed().watchedBucket();
  }

  @AfterAll
  static void stop() {
    cloud.close();
  }

  @BeforeEach
  void emptyBucketAndLedger() throws InterruptedException {
    s3.listObjectVersionsPaginator(r -> r.bucket(bucket))
        .versions()
        .forEach(v -> s3.deleteObject(r -> r.bucket(bucket).key(v.key()).versionId(v.versionId())));
    s3.listObjectVersionsPaginator(r -> r.bucket(bucket))
        .deleteMarkers()
        .forEach(m -> s3.deleteObject(r -> r.bucket(bucket).key(m.key()).versionId(m.versionId())));
    Thread.sleep(3_000); // the deletions' events through the pipeline
    forgetLedger();
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {3, 4})
  void aBackfillInterleavedWithLiveChangesConvergesToTheBucket(long seed) throws Exception {
    Random random = new Random(seed);
    boolean versioned = seed % 2 == 0;
    if (versioned) {
      s3.putBucketVersioning(
          r ->
              r.bucket(bucket)
                  .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
    }
    // what the bucket held before the stack counted it: tracked, then forgotten by the ledger
    for (int i = 0; i < 150; i++) {
      put("before/" + i, random);
    }
    Thread.sleep(3_000);
    forgetLedger();
    List<String> progress = new ArrayList<>();

    Backfill backfill =
        backfill(
            progress,
            () -> {
              if (random.nextInt(3) == 0) {
                liveChanges(random, 1 + random.nextInt(4));
              }
            });
    BackfillCheckpoints.Checkpoint done = backfill.run(false);

    assertThat(done.done()).isTrue();
    assertThat(done.listed()).isGreaterThanOrEqualTo(150);
    assertConverges();
    assertThat(progress).last().asString().contains("versions listed");
  }

  @org.junit.jupiter.api.Test
  void aBackfillCutOffResumesAfterItsLastPage() throws Exception {
    Random random = new Random(7);
    for (int i = 0; i < 2_100; i++) {
      put("many/" + i, random); // three pages of ListObjectsV2
    }
    Thread.sleep(5_000);
    forgetLedger();
    AtomicInteger chunks = new AtomicInteger();
    List<String> progress = new ArrayList<>();

    assertThatThrownBy(
            () ->
                backfill(
                        progress,
                        () -> {
                          if (chunks.incrementAndGet() == 30) {
                            throw new IllegalStateException("cut off");
                          }
                        })
                    .run(false))
        .hasMessage("cut off");
    BackfillCheckpoints.Checkpoint done = backfill(progress, () -> {}).run(false);

    assertThat(progress).anySatisfy(line -> assertThat(line).startsWith("Resuming the backfill"));
    assertThat(done.done()).isTrue();
    assertConverges();
  }

  private static Backfill backfill(List<String> progress, Runnable beforeWrite) {
    String objects = cloud.stack().typed().objectTable();
    return new Backfill(
        s3,
        new DynamoLedger(dynamo, objects, cloud.stack().typed().historyTable()),
        new DynamoLedgerReader(dynamo, objects),
        new BackfillCheckpoints(dynamo, objects),
        bucket,
        TrackedKeys.ALL,
        Clock.systemUTC(),
        progress::add,
        beforeWrite);
  }

  /** Puts, overwrites and deletes, their events on their way through the pipeline. */
  private static void liveChanges(Random random, int count) {
    for (int i = 0; i < count; i++) {
      String key = (random.nextBoolean() ? "before/" : "live/") + random.nextInt(160);
      if (random.nextInt(4) == 0) {
        s3.deleteObject(r -> r.bucket(bucket).key(key));
      } else {
        put(key, random);
      }
    }
  }

  private static void put(String key, Random random) {
    s3.putObject(
        r -> r.bucket(bucket).key(key), RequestBody.fromBytes(new byte[random.nextInt(2_000)]));
  }

  private static void assertConverges() throws InterruptedException {
    DynamoLedgerReader reader = new DynamoLedgerReader(dynamo, cloud.stack().typed().objectTable());
    long deadline = System.nanoTime() + 60_000_000_000L;
    List<Difference> differences = List.of();
    while (System.nanoTime() < deadline) {
      BucketListing listing = BucketListing.of(s3, bucket, TrackedKeys.ALL);
      LedgerSnapshot ledger = LedgerSnapshot.read(reader, bucket);
      differences = Difference.between(listing, ledger);
      if (differences.isEmpty() && ledger.state().totalSize() == listing.totalSize()) {
        return;
      }
      Thread.sleep(500);
    }
    assertThat(differences).as("the ledger against the bucket").isEmpty();
  }

  /** The ledger as a stack that never saw the bucket has it. */
  private static void forgetLedger() {
    new LedgerTables(
            dynamo, cloud.stack().typed().objectTable(), cloud.stack().typed().historyTable())
        .forget(bucket);
  }
}
