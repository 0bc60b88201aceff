package io.s3clean.ledger;

import static io.s3clean.testing.TestEvents.delete;
import static io.s3clean.testing.TestEvents.deleteMarker;
import static io.s3clean.testing.TestEvents.ofVersion;
import static io.s3clean.testing.TestEvents.put;
import static org.assertj.core.api.Assertions.assertThat;

import io.s3clean.event.ObjectEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A versioned bucket's total is what S3 bills: every version, current or not. Each event changes
 * the version it names, so a delete marker frees nothing, a version's delete frees that version,
 * and a suspended bucket's null marker frees the null version it replaces.
 */
class VersionedLedgerPlannerTest {
  private static final String B = "b";

  /** Applies events one plan at a time, as the tracker does, and keeps what it wrote. */
  private static final class Ledger {
    BucketState state = BucketState.EMPTY;
    final Map<String, StoredObject> objects = new HashMap<>();
    final List<AppliedEvent> history = new ArrayList<>();

    Ledger apply(ObjectEvent... events) {
      LedgerPlan plan = new LedgerPlanner().plan(B, state, objects, List.of(events));
      state = plan.after();
      objects.putAll(plan.objects());
      history.addAll(plan.applied());
      return this;
    }
  }

  @Test
  void anOverwriteKeepsTheOldVersionAndBothAreCounted() {
    Ledger ledger =
        new Ledger()
            .apply(ofVersion(put(B, "k", 10, 1), "v1"))
            .apply(ofVersion(put(B, "k", 25, 2), "v2"));

    assertThat(ledger.state).isEqualTo(new BucketState(35, 2, 2));
  }

  @Test
  void aDeleteMarkerFreesNothingAndHistoryRecordsIt() {
    Ledger ledger =
        new Ledger()
            .apply(ofVersion(put(B, "k", 10, 1), "v1"))
            .apply(deleteMarker(B, "k", "m1", 2));

    assertThat(ledger.state.totalSize()).isEqualTo(10);
    assertThat(ledger.state.objectCount()).isEqualTo(1);
    assertThat(ledger.history)
        .extracting(a -> a.event().eventName(), AppliedEvent::sizeDelta, AppliedEvent::totalSize)
        .containsExactly(
            org.assertj.core.api.Assertions.tuple("ObjectCreated:Put", 10L, 10L),
            org.assertj.core.api.Assertions.tuple("ObjectRemoved:DeleteMarkerCreated", 0L, 10L));
  }

  @Test
  void deletingAVersionFreesThatVersionOnly() {
    Ledger ledger =
        new Ledger()
            .apply(ofVersion(put(B, "k", 10, 1), "v1"), ofVersion(put(B, "k", 25, 2), "v2"))
            .apply(ofVersion(delete(B, "k", 3), "v1"));

    assertThat(ledger.state).isEqualTo(new BucketState(25, 1, 3));
  }

  @Test
  void aSuspendedBucketsPutReplacesTheNullVersionAndItsMarkerFreesIt() {
    Ledger ledger =
        new Ledger()
            .apply(ofVersion(put(B, "k", 7, 1), "v1"))
            .apply(ofVersion(put(B, "k", 10, 2), "null"))
            .apply(ofVersion(put(B, "k", 12, 3), "null"));

    // v1 stays; the second null-version put replaced the first
    assertThat(ledger.state).isEqualTo(new BucketState(19, 2, 3));

    ledger.apply(deleteMarker(B, "k", "null", 4));

    assertThat(ledger.state).isEqualTo(new BucketState(7, 1, 4));
  }

  @Test
  void anUnversionedObjectIsTheKeysNullVersion() {
    // written before versioning was enabled, then overwritten as version v1, then deleted by id
    Ledger ledger =
        new Ledger()
            .apply(put(B, "k", 5, 1))
            .apply(ofVersion(put(B, "k", 8, 2), "v1"))
            .apply(ofVersion(delete(B, "k", 3), "null"));

    assertThat(ledger.state).isEqualTo(new BucketState(8, 1, 3));
  }

  @Test
  void lifecycleExpirationsEndTheVersionTheyName() {
    ObjectEvent expiredNoncurrent =
        new ObjectEvent(
            B,
            "k",
            ObjectEvent.Kind.REMOVED,
            "LifecycleExpiration:Delete",
            0,
            io.s3clean.testing.TestEvents.sequencer(4),
            io.s3clean.testing.TestEvents.T0.plusMillis(4),
            "v1");
    ObjectEvent expiredCurrent =
        new ObjectEvent(
            B,
            "k",
            ObjectEvent.Kind.REMOVED,
            "LifecycleExpiration:DeleteMarkerCreated",
            0,
            io.s3clean.testing.TestEvents.sequencer(5),
            io.s3clean.testing.TestEvents.T0.plusMillis(5),
            "m9");

    Ledger ledger =
        new Ledger()
            .apply(ofVersion(put(B, "k", 10, 1), "v1"), ofVersion(put(B, "k", 3, 2), "v2"))
            .apply(expiredNoncurrent, expiredCurrent);

    assertThat(ledger.state).isEqualTo(new BucketState(3, 1, 4));
  }

  /**
   * Any order of delivery, with every event delivered twice, ends in the same state: what the
   * bucket holds.
   */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
  void anyInterleavingOfAVersionedHistoryConvergesToWhatTheBucketHolds(long seed) {
    Random random = new Random(seed);
    List<ObjectEvent> history = new ArrayList<>();
    Map<String, Long> held = new HashMap<>(); // "key/version" -> size
    long order = 0;
    for (int step = 0; step < 60; step++) {
      String key = "k" + random.nextInt(4);
      int what = random.nextInt(10);
      List<String> versionsOfKey =
          held.keySet().stream().filter(id -> id.startsWith(key + "/")).sorted().toList();
      if (what < 5) {
        String version = "v" + (++order);
        long size = 1 + random.nextInt(100);
        history.add(ofVersion(put(B, key, size, order), version));
        held.put(key + "/" + version, size);
      } else if (what < 7 || versionsOfKey.isEmpty()) {
        history.add(deleteMarker(B, key, "m" + (++order), order));
      } else {
        String id = versionsOfKey.get(random.nextInt(versionsOfKey.size()));
        history.add(ofVersion(delete(B, key, ++order), id.substring(id.indexOf('/') + 1)));
        held.remove(id);
      }
    }
    List<ObjectEvent> delivered = new ArrayList<>(history);
    delivered.addAll(history);
    Collections.shuffle(delivered, random);

    Ledger ledger = new Ledger();
    for (int from = 0; from < delivered.size(); from += 7) {
      ledger.apply(
          delivered
              .subList(from, Math.min(from + 7, delivered.size()))
              .toArray(ObjectEvent[]::new));
    }

    assertThat(ledger.state.totalSize())
        .isEqualTo(held.values().stream().mapToLong(Long::longValue).sum());
    assertThat(ledger.state.objectCount()).isEqualTo(held.size());
    // each change recorded once at most: a creation that arrives after its version's removal is
    // stale, as on an unversioned bucket
    assertThat(ledger.history)
        .extracting(a -> a.event().eventKey() + "@" + a.event().versionId())
        .doesNotHaveDuplicates();
  }
}
