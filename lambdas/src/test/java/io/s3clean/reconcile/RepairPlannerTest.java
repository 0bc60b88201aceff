package io.s3clean.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.s3clean.event.ObjectEvent;
import io.s3clean.event.Sequencer;
import io.s3clean.event.VersionedKey;
import io.s3clean.ledger.AppliedEvent;
import io.s3clean.ledger.BucketState;
import io.s3clean.ledger.LedgerPlan;
import io.s3clean.ledger.LedgerPlanner;
import io.s3clean.ledger.StoredObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The repair plan, and how the tracker's own planner treats a repaired item afterwards. */
class RepairPlannerTest {
  private static final String BUCKET = "watched";
  private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
  private static final Sequencer S1 = Sequencer.parse("0055AED6DCD90281E5");
  private static final Sequencer S2 = Sequencer.parse("0055AED6DCD90281F0");

  private static StoredObject live(String key, long size, Sequencer sequencer) {
    return new StoredObject(
        BUCKET, key, true, size, 0, sequencer, "ObjectCreated:Put", NOW.minusSeconds(60));
  }

  @Test
  void differencesAreFoundPerKeyInKeyOrder() {
    BucketListing bucket = new BucketListing(unversioned(Map.of("a", 18L, "b", 30L, "same", 5L)));
    LedgerSnapshot ledger =
        new LedgerSnapshot(
            new BucketState(33, 3, 3),
            unversioned(
                Map.of(
                    "b", live("b", 28, S1), "c", live("c", 5, S1), "same", live("same", 5, S1))));

    List<Difference> differences = Difference.between(bucket, ledger);

    assertThat(differences)
        .extracting(Difference::key, Difference::kind, Difference::delta)
        .containsExactly(
            tuple("a", Reconciliation.Kind.MISSING_IN_LEDGER, 18L),
            tuple("b", Reconciliation.Kind.SIZE_DIFFERS, 2L),
            tuple("c", Reconciliation.Kind.MISSING_IN_BUCKET, -5L));
  }

  @Test
  void aTombstoneOfAnObjectTheBucketHasIsMissingInTheLedger() {
    StoredObject tombstone =
        new StoredObject(BUCKET, "k", false, 7, 7, S1, "ObjectRemoved:Delete", NOW);

    assertThat(Difference.of(VersionedKey.of("k"), Optional.of(tombstone), OptionalLong.of(7)))
        .get()
        .extracting(Difference::kind, Difference::delta)
        .containsExactly(Reconciliation.Kind.MISSING_IN_LEDGER, 7L);
    assertThat(Difference.of(VersionedKey.of("k"), Optional.of(tombstone), OptionalLong.empty()))
        .isEmpty();
  }

  @Test
  void aRepairMovesTheTotalsAndNumbersItsHistoryAfterTheLedgers() {
    // GIVEN a ledger of 3 applied events that lacks a (18 bytes) and still counts b (28 bytes)
    BucketState before = new BucketState(28, 1, 3);
    List<Difference> differences =
        List.of(
            Difference.of(VersionedKey.of("a"), Optional.empty(), OptionalLong.of(18))
                .orElseThrow(),
            Difference.of(
                    VersionedKey.of("b"), Optional.of(live("b", 28, S1)), OptionalLong.empty())
                .orElseThrow());

    // WHEN the repair is planned
    LedgerPlan plan = RepairPlanner.plan(BUCKET, before, differences, NOW);

    // THEN the state row counts what the bucket holds, and history continues at seq 4
    assertThat(plan.before()).isEqualTo(before);
    assertThat(plan.after()).isEqualTo(new BucketState(18, 1, 5));
    assertThat(plan.applied())
        .extracting(AppliedEvent::seq, AppliedEvent::sizeDelta, AppliedEvent::totalSize)
        .containsExactly(tuple(4L, 18L, 46L), tuple(5L, -28L, 18L));
    assertThat(plan.applied())
        .allSatisfy(applied -> assertThat(applied.event().eventName()).isEqualTo("Reconcile"));
    // AND each write is conditioned on the item as it was read
    assertThat(plan.expectedObjects())
        .containsEntry("a", Optional.empty())
        .containsEntry("b", Optional.of(live("b", 28, S1)));
    // AND a removed object stays as a tombstone remembering what it took away
    assertThat(plan.objects().get("b"))
        .satisfies(
            b -> {
              assertThat(b.live()).isFalse();
              assertThat(b.size()).isEqualTo(28);
              assertThat(b.sequencer()).isEqualTo(S1);
            });
  }

  @Test
  void anEventStillOnItsWayAppliesOnTopOfTheRepairWithoutCountingTwice() {
    // GIVEN the repair added a (18 bytes), whose own PUT event had not been applied yet
    LedgerPlan repair =
        RepairPlanner.plan(
            BUCKET,
            BucketState.EMPTY,
            List.of(
                Difference.of(VersionedKey.of("a"), Optional.empty(), OptionalLong.of(18))
                    .orElseThrow()),
            NOW);
    ObjectEvent put =
        new ObjectEvent(
            BUCKET,
            "a",
            ObjectEvent.Kind.CREATED,
            "ObjectCreated:Put",
            18,
            S1,
            NOW.minusSeconds(5));
    ObjectEvent delete =
        new ObjectEvent(BUCKET, "a", ObjectEvent.Kind.REMOVED, "ObjectRemoved:Delete", 0, S2, NOW);

    // WHEN the tracker applies the PUT, then the DELETE that followed it
    LedgerPlan late =
        new LedgerPlanner().plan(BUCKET, repair.after(), repair.objects(), List.of(put));
    LedgerPlan deleted =
        new LedgerPlanner().plan(BUCKET, late.after(), late.objects(), List.of(delete));

    // THEN the PUT changes nothing (the repair already counted it) and the DELETE removes it once
    assertThat(late.applied()).singleElement().extracting(AppliedEvent::sizeDelta).isEqualTo(0L);
    assertThat(late.after().totalSize()).isEqualTo(18);
    assertThat(deleted.after()).isEqualTo(new BucketState(0, 0, 3));
  }

  @Test
  void aStateRowThatDisagreesWithItsItemsIsCorrectedOnce() {
    LedgerSnapshot skewed =
        new LedgerSnapshot(new BucketState(999, 4, 7), unversioned(Map.of("a", live("a", 18, S1))));

    LedgerPlan correction = RepairPlanner.stateCorrection(BUCKET, skewed, NOW).orElseThrow();

    assertThat(correction.after()).isEqualTo(new BucketState(18, 1, 8));
    assertThat(correction.objects()).isEmpty();
    assertThat(correction.applied())
        .singleElement()
        .satisfies(
            applied -> {
              assertThat(applied.event().key()).isEqualTo("__STATE__");
              assertThat(applied.sizeDelta()).isEqualTo(18 - 999);
            });
    assertThat(
            RepairPlanner.stateCorrection(
                BUCKET,
                new LedgerSnapshot(correction.after(), unversioned(Map.of("a", live("a", 18, S1)))),
                NOW))
        .isEmpty();
  }

  @Test
  void trackedKeysFollowTheStacksFilters() {
    TrackedKeys tracked =
        TrackedKeys.of(Map.of("KeyPrefixFilter", "in/", "KeySuffixFilter", ".txt"));

    assertThat(tracked.tracks("in/a.txt")).isTrue();
    assertThat(tracked.tracks("in/a.csv")).isFalse();
    assertThat(tracked.tracks("out/a.txt")).isFalse();
    assertThat(tracked.describe()).isEqualTo("keys starting with 'in/' and ending in '.txt'");
    assertThat(TrackedKeys.of(Map.of()).describe()).isEmpty();
  }

  /** An unversioned bucket's objects: each key's null version. */
  private static <V> Map<VersionedKey, V> unversioned(Map<String, V> byKey) {
    Map<VersionedKey, V> versions = new java.util.TreeMap<>();
    byKey.forEach((key, value) -> versions.put(VersionedKey.of(key), value));
    return versions;
  }
}
