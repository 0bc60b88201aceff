package io.s3clean.ledger;

import java.util.Optional;
import java.util.stream.Stream;

/** Strongly consistent reads of the ledger, except {@link #largestFirst}, which reads an index. */
public interface LedgerReader {
  BucketState state(String bucket);

  Optional<StoredObject> find(String bucket, String key);

  /**
   * Live objects, largest first, as the size index sees them now: it may lag the table, so confirm
   * a candidate with {@link #find} before acting on it.
   */
  Stream<SizedKey> largestFirst(String bucket);

  record SizedKey(String key, long size) {}
}
