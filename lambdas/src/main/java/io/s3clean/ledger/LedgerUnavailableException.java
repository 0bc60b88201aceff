package io.s3clean.ledger;

/**
 * The ledger could not record events this time (contention, throttling, a service error); a retry
 * may succeed.
 */
public class LedgerUnavailableException extends RuntimeException {
  public LedgerUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
