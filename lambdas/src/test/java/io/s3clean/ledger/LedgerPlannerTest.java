package io.s3clean.ledger;

import static io.s3clean.testing.TestEvents.delete;
import static io.s3clean.testing.TestEvents.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.s3clean.event.ObjectEvent;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LedgerPlannerTest {
  private final LedgerPlanner planner = new LedgerPlanner();

  @Test
  void aCreationAddsItsSizeAndNumbersTheHistory() {
    LedgerPlan plan =
        planner.plan("b", new BucketState(10, 1, 4), Map.of(), List.of(put("b", "k", 18, 1)));

    assertThat(plan.after()).isEqualTo(new BucketState(28, 2, 5));
    assertThat(plan.applied())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.sizeDelta()).isEqualTo(18);
              assertThat(a.totalSize()).isEqualTo(28);
              assertThat(a.seq()).isEqualTo(5);
            });
    assertThat(plan.expectedObjects()).containsEntry("k", Optional.empty());
  }

  @Test
  void anOverwriteAppliesTheDifference() {
    StoredObject old = stored(put("b", "k", 18, 1));

    LedgerPlan plan =
        planner.plan(
            "b", new BucketState(18, 1, 1), Map.of("k", old), List.of(put("b", "k", 28, 2)));

    assertThat(plan.applied()).singleElement().extracting(AppliedEvent::sizeDelta).isEqualTo(10L);
    assertThat(plan.after()).isEqualTo(new BucketState(28, 1, 2));
    assertThat(plan.objects().get("k").previousSize()).isEqualTo(18);
    assertThat(plan.expectedObjects()).containsEntry("k", Optional.of(old));
  }

  @Test
  void aRemovalSubtractsTheStoredSizeAndLeavesATombstone() {
    LedgerPlan plan =
        planner.plan(
            "b",
            new BucketState(18, 1, 1),
            Map.of("k", stored(put("b", "k", 18, 1))),
            List.of(delete("b", "k", 2)));

    assertThat(plan.applied()).singleElement().extracting(AppliedEvent::sizeDelta).isEqualTo(-18L);
    assertThat(plan.after()).isEqualTo(new BucketState(0, 0, 2));
    StoredObject tombstone = plan.objects().get("k");
    assertThat(tombstone.live()).isFalse();
    assertThat(tombstone.size()).isEqualTo(18);
    assertThat(tombstone.sequencer()).isEqualTo(delete("b", "k", 2).sequencer());
  }

  @Test
  void aDuplicateIsSkippedAndChangesNothing() {
    ObjectEvent event = put("b", "k", 18, 1);

    LedgerPlan plan =
        planner.plan("b", new BucketState(18, 1, 1), Map.of("k", stored(event)), List.of(event));

    assertThat(plan.changesAnything()).isFalse();
    assertThat(plan.after()).isEqualTo(plan.before());
    assertThat(plan.skipped())
        .singleElement()
        .extracting(SkippedEvent::reason)
        .isEqualTo(SkippedEvent.Reason.DUPLICATE);
  }

  @Test
  void aLateCreationAfterARemovalDoesNotResurrectTheObject() {
    StoredObject tombstone =
        new StoredObject(
            "b",
            "k",
            false,
            18,
            18,
            delete("b", "k", 2).sequencer(),
            "ObjectRemoved:Delete",
            delete("b", "k", 2).eventTime());

    LedgerPlan plan =
        planner.plan(
            "b", new BucketState(0, 0, 2), Map.of("k", tombstone), List.of(put("b", "k", 18, 1)));

    assertThat(plan.changesAnything()).isFalse();
    assertThat(plan.skipped())
        .singleElement()
        .extracting(SkippedEvent::reason)
        .isEqualTo(SkippedEvent.Reason.STALE);
  }

  @Test
  void eventsOfOneKeyInOneGroupChainOnEachOther() {
    LedgerPlan plan =
        planner.plan(
            "b",
            BucketState.EMPTY,
            Map.of(),
            List.of(
                put("b", "k", 5, 1),
                put("b", "k", 8, 2),
                delete("b", "k", 3),
                put("b", "k", 2, 4)));

    assertThat(plan.applied()).extracting(AppliedEvent::sizeDelta).containsExactly(5L, 3L, -8L, 2L);
    assertThat(plan.applied()).extracting(AppliedEvent::totalSize).containsExactly(5L, 8L, 0L, 2L);
    assertThat(plan.applied()).extracting(AppliedEvent::seq).containsExactly(1L, 2L, 3L, 4L);
    assertThat(plan.after()).isEqualTo(new BucketState(2, 1, 4));
    // the transaction's condition is on what was stored before the group, not on its own steps
    assertThat(plan.expectedObjects()).containsExactly(Map.entry("k", Optional.empty()));
  }

  @Test
  void olderEventsBehindANewerOneInTheSameGroupAreStale() {
    LedgerPlan plan =
        planner.plan(
            "b", BucketState.EMPTY, Map.of(), List.of(delete("b", "k", 3), put("b", "k", 5, 1)));

    // history is in event time order, so the creation comes first and the removal ends it
    assertThat(plan.applied())
        .extracting(a -> a.event().kind())
        .containsExactly(ObjectEvent.Kind.CREATED, ObjectEvent.Kind.REMOVED);
    assertThat(plan.after().totalSize()).isZero();
  }

  @Test
  void removingAnObjectNeverSeenRecordsAZeroDelta() {
    LedgerPlan plan = planner.plan("b", BucketState.EMPTY, Map.of(), List.of(delete("b", "k", 1)));

    assertThat(plan.applied()).singleElement().extracting(AppliedEvent::sizeDelta).isEqualTo(0L);
    assertThat(plan.after()).isEqualTo(new BucketState(0, 0, 1));
    assertThat(plan.objects().get("k").live()).isFalse();
  }

  @Test
  void refusesEventsOfAnotherBucket() {
    assertThatThrownBy(
            () -> planner.plan("b", BucketState.EMPTY, Map.of(), List.of(put("other", "k", 1, 1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("other");
  }

  static StoredObject stored(ObjectEvent creation) {
    return new StoredObject(
        creation.bucket(),
        creation.key(),
        true,
        creation.size(),
        0,
        creation.sequencer(),
        creation.eventName(),
        creation.eventTime());
  }
}
