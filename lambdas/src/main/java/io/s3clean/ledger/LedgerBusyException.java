package io.s3clean.ledger;

/**
 * The ledger kept changing while it was read, repaired or backfilled (the tracker is at work):
 * nothing was lost, and the same command later, when it is quieter, does what this one could not.
 */
public final class LedgerBusyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LedgerBusyException(String message) {
    super(message);
  }
}
