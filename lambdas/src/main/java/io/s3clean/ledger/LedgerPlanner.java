package io.s3clean.ledger;

import io.s3clean.event.ObjectEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides, from the state and the events' objects as read, what a group of events does to the
 * ledger (the writer's conditions reject a plan whose reads went stale). Pure: the same reads and
 * events always give the same plan, so every ordering rule is tested without a network.
 */
public final class LedgerPlanner {

  /**
   * Each event changes one key's version (see {@link io.s3clean.event.VersionedKey}): a creation
   * sets its size, any removal ends it, whatever the event's name. That one rule makes the total
   * what S3 bills: a delete marker names only itself, so it frees nothing, except a suspended
   * bucket's null marker, which names (and so ends) the null version it replaces.
   *
   * @param current the stored version of every object name the events touch (absent: never seen)
   * @param events events of {@code bucket}; their order here is the order history records them in
   */
  public LedgerPlan plan(
      String bucket,
      BucketState state,
      Map<String, StoredObject> current,
      List<ObjectEvent> events) {
    Map<String, Optional<StoredObject>> expected = new LinkedHashMap<>();
    Map<String, StoredObject> latest = new LinkedHashMap<>();
    List<AppliedEvent> applied = new ArrayList<>();
    List<SkippedEvent> skipped = new ArrayList<>();
    long total = state.totalSize();
    long objects = state.objectCount();
    long seq = state.appliedCount();

    for (ObjectEvent event : inHistoryOrder(events)) {
      if (!bucket.equals(event.bucket())) {
        throw new IllegalArgumentException(
            "event of bucket " + event.bucket() + " planned for " + bucket);
      }
      String name = ObjectNames.toObjectName(event.versionedKey());
      StoredObject previous = latest.containsKey(name) ? latest.get(name) : current.get(name);
      if (previous != null && !event.sequencer().isNewerThan(previous.sequencer())) {
        SkippedEvent.Reason reason =
            event.sequencer().equals(previous.sequencer())
                ? SkippedEvent.Reason.DUPLICATE
                : SkippedEvent.Reason.STALE;
        skipped.add(new SkippedEvent(event, reason, previous.sequencer()));
        continue;
      }
      long previousSize = previous == null ? 0 : previous.liveSize();
      boolean wasLive = previous != null && previous.live();
      boolean created = event.kind() == ObjectEvent.Kind.CREATED;
      StoredObject next =
          new StoredObject(
              bucket,
              event.key(),
              created,
              created ? event.size() : previousSize,
              previousSize,
              event.sequencer(),
              event.eventName(),
              event.eventTime(),
              event.versionId());
      long delta = next.liveSize() - previousSize;
      total += delta;
      objects += (created ? 1 : 0) - (wasLive ? 1 : 0);
      seq++;
      expected.putIfAbsent(name, Optional.ofNullable(current.get(name)));
      latest.put(name, next);
      applied.add(new AppliedEvent(event, delta, total, seq));
    }
    return new LedgerPlan(
        bucket, state, new BucketState(total, objects, seq), expected, latest, applied, skipped);
  }

  /** Event time first, so history reads as a timeline; arrival order breaks ties. */
  private static List<ObjectEvent> inHistoryOrder(List<ObjectEvent> events) {
    List<ObjectEvent> sorted = new ArrayList<>(events);
    sorted.sort(Comparator.comparing(ObjectEvent::eventTime));
    return sorted;
  }
}
