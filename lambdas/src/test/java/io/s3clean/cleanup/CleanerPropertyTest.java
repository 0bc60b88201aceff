package io.s3clean.cleanup;

import static io.s3clean.testing.TestEvents.delete;
import static io.s3clean.testing.TestEvents.put;
import static org.assertj.core.api.Assertions.assertThat;

import io.s3clean.aws.S3ObjectStore;
import io.s3clean.engines.testing.LocalS3;
import io.s3clean.event.ObjectEvent;
import io.s3clean.ledger.dynamodb.DynamoLedger;
import io.s3clean.logging.JsonLog;
import io.s3clean.testing.LocalDynamo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The cleaner's promises over randomized buckets, against the DynamoDB engine and S3Proxy: random
 * object sizes (zero included), random thresholds on both sides of the total, objects deleted
 * behind its back, duplicate alarm deliveries before and after the ledger caught up, and a
 * neighbouring bucket in the same table and the same S3 endpoint.
 *
 * <p>Every trial has its own seed, derived from {@code -Dcleaner.seed} (fixed by default); a
 * failure names the seed that reproduces it.
 */
class CleanerPropertyTest {
  private static final long BASE_SEED = Long.getLong("cleaner.seed", 20261124L);
  private static final int TRIALS = Integer.getInteger("cleaner.trials", 40);
  private static final AlarmTrigger ALARM =
      new AlarmTrigger("total-size", "ALARM", "Threshold Crossed", "t");
  private static LocalDynamo dynamo;
  @RegisterExtension static final LocalS3 s3 = new LocalS3();
  private static DynamoLedger ledger;
  private long order;

  /**
   * What the random trials covered, so a generator that drifts into trivial cases fails the test.
   */
  private final Map<String, Integer> covered = new TreeMap<>();

  @BeforeAll
  static void start() {
    dynamo = LocalDynamo.start();
    dynamo.createTables("objects", "history");
    ledger = new DynamoLedger(dynamo.client(), "objects", "history");
  }

  @AfterAll
  static void stop() {
    dynamo.close();
  }

  @Test
  void neverDeletesBelowTheThresholdAlwaysEndsBelowItAndNeverTouchesAnotherBucket() {
    for (int trial = 0; trial < TRIALS; trial++) {
      long seed = BASE_SEED + trial;
      try {
        trial(new Random(seed), "p" + trial);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(
            "cleaner property failed for seed "
                + seed
                + " (reproduce with -Dcleaner.seed="
                + seed
                + " -Dcleaner.trials=1): "
                + e.getMessage(),
            e);
      }
    }
    if (TRIALS >= 20) {
      assertThat(covered)
          .as("cases the trials covered")
          .allSatisfy((what, count) -> assertThat(count).isGreaterThan(2))
          .containsKeys(
              "below threshold", "cleaned", "found removed behind its back", "duplicate delivery");
    }
  }

  private void trial(Random random, String name) {
    // GIVEN a watched bucket and a neighbour, both tracked by the ledger
    String bucket = name + "-watched";
    String neighbour = name + "-neighbour";
    s3.createBucket(bucket);
    s3.createBucket(neighbour);
    int objects = 1 + random.nextInt(25);
    List<ObjectEvent> puts = new ArrayList<>();
    for (int i = 0; i < objects; i++) {
      // a quarter of the sizes repeat, so ties in the size index are common
      int size = random.nextInt(4) == 0 ? 100 : random.nextInt(10) == 0 ? 0 : random.nextInt(2_000);
      puts.add(
          upload(bucket, "obj-" + i + (random.nextBoolean() ? "/with space é.bin" : ".bin"), size));
    }
    record(bucket, puts);
    List<ObjectEvent> neighbours = new ArrayList<>();
    for (int i = 0; i < 1 + random.nextInt(4); i++) {
      neighbours.add(upload(neighbour, "n-" + i, 500 + random.nextInt(5_000)));
    }
    record(neighbour, neighbours);
    long total = ledger.state(bucket).totalSize();
    long threshold = 1 + (long) (random.nextDouble() * (total * 1.3 + 10));
    Map<String, Long> neighbourBefore = listing(neighbour);
    long neighbourLedgerBefore = ledger.state(neighbour).totalSize();

    // and objects deleted behind the cleaner's back, their events not yet through the pipeline
    for (String key : listing(bucket).keySet()) {
      if (random.nextInt(6) == 0) {
        s3.client().deleteObject(r -> r.bucket(bucket).key(key));
      }
    }
    Map<String, Long> before = listing(bucket);

    // WHEN the alarm action is delivered once, plus up to two duplicates, some after the ledger
    // caught up
    List<CleanupReport> reports = new ArrayList<>();
    reports.add(cleaner(bucket, threshold).clean(ALARM));
    int duplicates = random.nextInt(3);
    for (int i = 0; i < duplicates; i++) {
      if (random.nextBoolean()) {
        catchUp(bucket);
      }
      reports.add(cleaner(bucket, threshold).clean(ALARM));
    }
    catchUp(bucket);

    // THEN
    Map<String, Long> after = listing(bucket);
    CleanupReport firstRun = reports.get(0);
    count(total < threshold ? "below threshold" : "cleaned", true);
    count("found removed behind its back", !firstRun.alreadyRemoved().isEmpty());
    count("duplicate delivery", duplicates > 0);
    long bucketTotal = after.values().stream().mapToLong(Long::longValue).sum();
    CleanupReport first = reports.get(0);
    if (total < threshold) {
      assertThat(first.outcome())
          .as("total %d below threshold %d", total, threshold)
          .isEqualTo(CleanupReport.Outcome.BELOW_THRESHOLD);
      assertThat(after).as("nothing deleted below the threshold").isEqualTo(before);
    } else {
      assertThat(bucketTotal)
          .as("bucket total after cleaning, threshold %d", threshold)
          .isLessThan(threshold);
      // Objects gone behind its back that it never reached only lower the bucket further.
      assertThat(bucketTotal).isLessThanOrEqualTo(first.expectedTotal());
      // It stops at once: candidates come largest first, so the smallest it counted as removed was
      // the last, and without it the expected total would still have been at the threshold.
      List<CleanupReport.Removed> removed = new ArrayList<>(first.alreadyRemoved());
      removed.addAll(first.deleted());
      long lastRemoved =
          removed.stream().mapToLong(CleanupReport.Removed::size).min().orElseThrow();
      assertThat(first.expectedTotal() + lastRemoved)
          .as("no more removed than needed: %s", removed)
          .isGreaterThanOrEqualTo(threshold);
      assertThat(largestFirst(first.deleted()))
          .as("deleted largest first: %s", first.deleted())
          .isTrue();
    }
    for (CleanupReport duplicate : reports.subList(1, reports.size())) {
      assertThat(duplicate.deleted()).as("a duplicate alarm delivery deletes nothing").isEmpty();
    }
    assertThat(ledger.state(bucket).totalSize())
        .as("ledger after the pipeline caught up")
        .isEqualTo(bucketTotal);
    assertThat(listing(neighbour)).as("the neighbouring bucket").isEqualTo(neighbourBefore);
    assertThat(ledger.state(neighbour).totalSize()).isEqualTo(neighbourLedgerBefore);
  }

  private void count(String what, boolean happened) {
    if (happened) {
      covered.merge(what, 1, Integer::sum);
    }
  }

  private static boolean largestFirst(List<CleanupReport.Removed> deleted) {
    for (int i = 1; i < deleted.size(); i++) {
      if (deleted.get(i).size() > deleted.get(i - 1).size()) {
        return false;
      }
    }
    return true;
  }

  private Cleaner cleaner(String bucket, long threshold) {
    return new Cleaner(
        bucket,
        threshold,
        CleanupPolicy.UNTIL_BELOW,
        ledger,
        new S3ObjectStore(s3.client()),
        CleanupNotifier.NONE,
        (alarm, reason) -> {},
        new JsonLog(line -> {}));
  }

  /**
   * @return the event the upload raises, for {@link #record}
   */
  private ObjectEvent upload(String bucket, String key, int size) {
    s3.client().putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(new byte[size]));
    return put(bucket, key, size, ++order);
  }

  /** The tracker's work for these events, in transactions of the size it uses. */
  private static void record(String bucket, List<ObjectEvent> events) {
    for (int i = 0; i < events.size(); i += 40) {
      ledger.apply(bucket, events.subList(i, Math.min(i + 40, events.size())));
    }
  }

  /**
   * What the pipeline does once the removals' events arrive: the ledger drops every key the bucket
   * lost.
   */
  private void catchUp(String bucket) {
    Map<String, Long> listed = listing(bucket);
    List<ObjectEvent> removals =
        ledger
            .largestFirst(bucket)
            .filter(candidate -> !listed.containsKey(candidate.key()))
            .map(candidate -> delete(bucket, candidate.key(), ++order))
            .collect(Collectors.toList());
    record(bucket, removals);
  }

  private static Map<String, Long> listing(String bucket) {
    return s3.client().listObjectsV2Paginator(r -> r.bucket(bucket)).contents().stream()
        .collect(Collectors.toMap(S3Object::key, S3Object::size, (a, b) -> a, TreeMap::new));
  }
}
