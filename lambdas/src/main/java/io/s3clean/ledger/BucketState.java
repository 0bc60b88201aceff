package io.s3clean.ledger;

/**
 * The running totals of one bucket.
 *
 * @param appliedCount how many events were ever applied; also the newest history sequence number
 */
public record BucketState(long totalSize, long objectCount, long appliedCount) {
  public static final BucketState EMPTY = new BucketState(0, 0, 0);
}
