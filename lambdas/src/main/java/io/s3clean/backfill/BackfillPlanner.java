package io.s3clean.backfill;

import io.s3clean.event.ObjectEvent;
import io.s3clean.event.Sequencer;
import io.s3clean.event.VersionedKey;
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
 * What a page of a bucket's listing adds to the ledger, by the rule that makes a backfill converge
 * to the bucket's true state whatever the interleaving of listing pages and live events:
 *
 * <ol>
 *   <li>a listed version is written only where the ledger holds no item for it at all, live or a
 *       tombstone: an item means an event (or an earlier backfill) has spoken for that version, and
 *       an event is never older than what a listing saw of it;
 *   <li>a written version carries the lowest sequencer there is, so every real event of it (its
 *       creation's, arriving late, or its removal) supersedes it: the creation's applies with a
 *       delta of 0, the removal ends it.
 * </ol>
 *
 * <p>So each version ends as its newest event says, or, if no event about it ever arrives (it
 * predates the subscription), as the listing says. The write is conditioned on the item's absence
 * and on the state row, as every ledger write is, so a live event landing between the read and the
 * write makes it plan again. Pure: the same reads give the same plan.
 */
public final class BackfillPlanner {
  /** The history's event type of a backfilled version. */
  public static final String EVENT_TYPE = "Backfill";

  private BackfillPlanner() {}

  /** One version a listing showed. */
  public record Listed(VersionedKey object, long size) {}

  /**
   * @param stored what the ledger holds for each listed version's object name ({@link
   *     ObjectNames}); absent: nothing
   */
  public static LedgerPlan plan(
      String bucket,
      BucketState before,
      Map<String, StoredObject> stored,
      List<Listed> listed,
      Instant now) {
    Map<String, Optional<StoredObject>> expected = new LinkedHashMap<>();
    Map<String, StoredObject> objects = new LinkedHashMap<>();
    List<AppliedEvent> applied = new ArrayList<>();
    long total = before.totalSize();
    long count = before.objectCount();
    long seq = before.appliedCount();
    for (Listed version : listed) {
      String name = ObjectNames.toObjectName(version.object());
      if (stored.containsKey(name) || objects.containsKey(name)) {
        continue;
      }
      VersionedKey object = version.object();
      objects.put(
          name,
          new StoredObject(
              bucket,
              object.key(),
              true,
              version.size(),
              0,
              Sequencer.OLDEST,
              EVENT_TYPE,
              now,
              object.versionId()));
      expected.put(name, Optional.empty());
      total = Math.addExact(total, version.size());
      count++;
      seq++;
      applied.add(
          new AppliedEvent(
              new ObjectEvent(
                  bucket,
                  object.key(),
                  ObjectEvent.Kind.CREATED,
                  EVENT_TYPE,
                  version.size(),
                  Sequencer.OLDEST,
                  now,
                  object.versionId()),
              version.size(),
              total,
              seq));
    }
    return new LedgerPlan(
        bucket, before, new BucketState(total, count, seq), expected, objects, applied, List.of());
  }
}
