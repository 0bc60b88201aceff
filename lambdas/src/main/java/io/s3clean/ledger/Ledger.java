package io.s3clean.ledger;

import io.s3clean.event.ObjectEvent;
import java.util.List;

/** Where object events become the exact bucket total. */
public interface Ledger extends LedgerReader {
  /**
   * Most events {@link #apply} takes at once: object + history item each, plus the state row,
   * within one transaction.
   */
  int MAX_EVENTS_PER_APPLY = 49;

  /**
   * Applies events of one bucket atomically: all of them are recorded, or none is and this throws.
   * Duplicates and superseded events are skipped, so applying the same events again changes
   * nothing.
   */
  LedgerPlan apply(String bucket, List<ObjectEvent> events);

  /**
   * Writes a plan made elsewhere (a repair's), atomically and conditioned as {@link #apply}
   * conditions its own: on the state row and on each written object as the plan read them.
   *
   * @return false, having written nothing, when the ledger changed since the plan was read
   */
  boolean writeIfUnchanged(LedgerPlan plan);
}
