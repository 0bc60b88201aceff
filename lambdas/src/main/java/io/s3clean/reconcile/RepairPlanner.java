package io.s3clean.reconcile;

import io.s3clean.event.ObjectEvent;
import io.s3clean.event.Sequencer;
import io.s3clean.ledger.AppliedEvent;
import io.s3clean.ledger.BucketState;
import io.s3clean.ledger.LedgerPlan;
import io.s3clean.ledger.ObjectNames;
import io.s3clean.ledger.StoredObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns differences into a ledger plan, the same kind of plan the tracker writes, so the repair
 * goes through the tracker's own transaction and conditions (see {@link LedgerRepair}).
 *
 * <p>A repaired item never claims to be newer than any real S3 event: it keeps the sequencer of the
 * item it replaces, or the lowest sequencer there is when the ledger never saw the key. An event
 * still on its way (or redelivered) is therefore applied on top of the repair, and its delta is
 * computed from the repaired size, so the total stays exact whichever comes first. Each repaired
 * key gets a history record (event type {@value #EVENT_TYPE}) so the history's last total stays the
 * ledger's total.
 */
public final class RepairPlanner {
  public static final String EVENT_TYPE = "Reconcile";

  private RepairPlanner() {}

  public static LedgerPlan plan(
      String bucket, BucketState before, List<Difference> differences, Instant now) {
    Map<String, Optional<StoredObject>> expected = new LinkedHashMap<>();
    Map<String, StoredObject> objects = new LinkedHashMap<>();
    List<AppliedEvent> applied = new ArrayList<>();
    long total = before.totalSize();
    long count = before.objectCount();
    long seq = before.appliedCount();
    for (Difference difference : differences) {
      Optional<StoredObject> old = difference.ledger();
      Sequencer sequencer = old.map(StoredObject::sequencer).orElse(Sequencer.OLDEST);
      long oldSize = difference.ledgerSize();
      boolean live = difference.bucketSize().isPresent();
      long size = live ? difference.bucketSize().getAsLong() : oldSize;
      StoredObject repaired =
          new StoredObject(
              bucket,
              difference.key(),
              live,
              size,
              oldSize,
              sequencer,
              EVENT_TYPE,
              now,
              difference.object().versionId());
      total += difference.delta();
      count += (live ? 1 : 0) - (old.map(StoredObject::live).orElse(false) ? 1 : 0);
      seq++;
      String name = ObjectNames.toObjectName(difference.object());
      expected.put(name, old);
      objects.put(name, repaired);
      ObjectEvent event =
          new ObjectEvent(
              bucket,
              difference.key(),
              live ? ObjectEvent.Kind.CREATED : ObjectEvent.Kind.REMOVED,
              EVENT_TYPE,
              live ? size : 0,
              sequencer,
              now,
              difference.object().versionId());
      applied.add(new AppliedEvent(event, difference.delta(), total, seq));
    }
    return new LedgerPlan(
        bucket, before, new BucketState(total, count, seq), expected, objects, applied, List.of());
  }

  /**
   * A plan that sets the state row to the sum of its items, if it differs: only a bug or a manual
   * edit can part them, since the tracker writes both in one transaction. Its history record is
   * named after the state row, {@value ObjectNames#STATE_ROW}.
   */
  public static Optional<LedgerPlan> stateCorrection(
      String bucket, LedgerSnapshot ledger, Instant now) {
    BucketState state = ledger.state();
    long total = ledger.liveTotal();
    long count = ledger.liveCount();
    if (state.totalSize() == total && state.objectCount() == count) {
      return Optional.empty();
    }
    long seq = state.appliedCount() + 1;
    ObjectEvent event =
        new ObjectEvent(
            bucket,
            ObjectNames.STATE_ROW,
            ObjectEvent.Kind.CREATED,
            EVENT_TYPE,
            0,
            Sequencer.OLDEST,
            now);
    return Optional.of(
        new LedgerPlan(
            bucket,
            state,
            new BucketState(total, count, seq),
            Map.of(),
            Map.of(),
            List.of(new AppliedEvent(event, total - state.totalSize(), total, seq)),
            List.of()));
  }
}
