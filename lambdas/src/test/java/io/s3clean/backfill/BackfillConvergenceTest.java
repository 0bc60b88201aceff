package io.s3clean.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3clean.event.ObjectEvent;
import io.s3clean.event.VersionedKey;
import io.s3clean.ledger.BucketState;
import io.s3clean.ledger.LedgerPlan;
import io.s3clean.ledger.LedgerPlanner;
import io.s3clean.ledger.ObjectNames;
import io.s3clean.ledger.StoredObject;
import io.s3clean.testing.TestEvents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link BackfillPlanner}'s rule against a model of a bucket: objects made before the stack
 * subscribed (no event ever says so), live changes after it (events delivered late, out of order
 * and twice), and the listing read page by page at any moment between them and written any time
 * later. Whatever the interleaving, the ledger ends holding exactly the bucket's versions.
 */
class BackfillConvergenceTest {
  private static final String B = "b";

  /** The ledger, written as the tracker and the backfill write it: plan, then commit. */
  private static final class Ledger {
    BucketState state = BucketState.EMPTY;
    final Map<String, StoredObject> items = new HashMap<>();

    void apply(ObjectEvent event) {
      commit(new LedgerPlanner().plan(B, state, items, List.of(event)));
    }

    void backfill(List<BackfillPlanner.Listed> page) {
      commit(BackfillPlanner.plan(B, state, items, page, Instant.EPOCH));
    }

    private void commit(LedgerPlan plan) {
      state = plan.after();
      items.putAll(plan.objects());
    }
  }

  static List<Object[]> seeds() {
    List<Object[]> seeds = new ArrayList<>();
    for (long seed = 1; seed <= 60; seed++) {
      seeds.add(new Object[] {seed, seed % 2 == 0});
    }
    return seeds;
  }

  @ParameterizedTest(name = "seed {0}, versioned {1}")
  @MethodSource("seeds")
  void anyInterleavingOfPagesAndEventsEndsWithTheBucketsVersions(long seed, boolean versioned) {
    Random random = new Random(seed);
    Map<VersionedKey, Long> bucket = new TreeMap<>();
    List<ObjectEvent> pending = new ArrayList<>();
    long[] order = {0};
    // before the subscription: objects no event will ever mention
    for (int i = 0; i < 12; i++) {
      change(random, bucket, versioned, order, null);
    }
    Ledger ledger = new Ledger();
    List<String> keys = List.of("k0", "k1", "k2", "k3", "k4", "k5");
    int nextPage = 0;
    List<List<BackfillPlanner.Listed>> read = new ArrayList<>();
    int liveChanges = 0;
    while (nextPage < keys.size() || !read.isEmpty() || !pending.isEmpty() || liveChanges < 40) {
      int step = random.nextInt(4);
      if (step == 0 && liveChanges < 40) {
        change(random, bucket, versioned, order, pending);
        liveChanges++;
      } else if (step == 1 && !pending.isEmpty()) {
        ObjectEvent event = pending.get(random.nextInt(pending.size()));
        ledger.apply(event);
        if (random.nextInt(5) > 0) {
          pending.remove(event); // else delivered again later
        }
      } else if (step == 2 && nextPage < keys.size()) {
        // one page: a key's versions as the bucket holds them right now
        String key = keys.get(nextPage++);
        List<BackfillPlanner.Listed> page = new ArrayList<>();
        bucket.forEach(
            (version, size) -> {
              if (version.key().equals(key)) {
                page.add(new BackfillPlanner.Listed(version, size));
              }
            });
        read.add(page);
      } else if (step == 3 && !read.isEmpty()) {
        ledger.backfill(read.remove(random.nextInt(read.size())));
      }
    }

    Map<VersionedKey, Long> counted = new TreeMap<>();
    ledger.items.values().stream()
        .filter(StoredObject::live)
        .forEach(item -> counted.put(item.versionedKey(), item.size()));
    assertThat(counted).isEqualTo(bucket);
    assertThat(ledger.state.totalSize())
        .isEqualTo(bucket.values().stream().mapToLong(Long::longValue).sum());
    assertThat(ledger.state.objectCount()).isEqualTo(bucket.size());
    assertThat(ledger.items.keySet()).allMatch(name -> !ObjectNames.isReserved(name));
  }

  /**
   * One change to the bucket: a put (a new version, or the null version replaced), a delete of a
   * version by id, or a plain delete (a marker when versioned); its event goes to {@code pending}
   * unless the stack has not subscribed yet (null).
   */
  private static void change(
      Random random,
      Map<VersionedKey, Long> bucket,
      boolean versioned,
      long[] order,
      List<ObjectEvent> pending) {
    String key = "k" + random.nextInt(6);
    long sequencer = ++order[0];
    List<VersionedKey> versionsOfKey =
        bucket.keySet().stream().filter(v -> v.key().equals(key)).toList();
    int what = random.nextInt(10);
    ObjectEvent event;
    if (what < 6 || versionsOfKey.isEmpty()) {
      long size = 1 + random.nextInt(100);
      String versionId = versioned ? "v" + sequencer : null;
      bucket.put(new VersionedKey(key, versionId), size);
      event = TestEvents.ofVersion(TestEvents.put(B, key, size, sequencer), versionId);
    } else if (what < 8 || !versioned) {
      VersionedKey gone = versionsOfKey.get(random.nextInt(versionsOfKey.size()));
      bucket.remove(gone);
      event = TestEvents.ofVersion(TestEvents.delete(B, key, sequencer), gone.versionId());
    } else {
      event = TestEvents.deleteMarker(B, key, "m" + sequencer, sequencer);
    }
    if (pending != null) {
      pending.add(event);
    }
  }
}
