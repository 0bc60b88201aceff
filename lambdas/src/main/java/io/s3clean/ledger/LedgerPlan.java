package io.s3clean.ledger;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The writes that apply a group of events of one bucket, and the condition each relies on.
 *
 * @param before the bucket state the plan was computed from; the write must fail if it changed
 * @param expectedObjects for every object name the plan writes ({@link ObjectNames}), the object it
 *     replaces (empty: none)
 * @param objects the new state of every object name the plan writes
 */
public record LedgerPlan(
    String bucket,
    BucketState before,
    BucketState after,
    Map<String, Optional<StoredObject>> expectedObjects,
    Map<String, StoredObject> objects,
    List<AppliedEvent> applied,
    List<SkippedEvent> skipped) {

  public boolean changesAnything() {
    return !applied.isEmpty();
  }
}
