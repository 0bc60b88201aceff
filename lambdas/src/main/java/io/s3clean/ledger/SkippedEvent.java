package io.s3clean.ledger;

import io.s3clean.event.ObjectEvent;
import io.s3clean.event.Sequencer;

/** An event the ledger had already seen or that a newer event of the same key supersedes. */
public record SkippedEvent(ObjectEvent event, Reason reason, Sequencer storedSequencer) {
  public enum Reason {
    DUPLICATE,
    STALE
  }
}
