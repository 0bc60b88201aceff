package io.s3clean.cleanup;

import java.util.OptionalLong;

/** The bucket itself, which is strongly consistent where the ledger lags behind its events. */
public interface ObjectStore {
  /** The object's current size, or empty when no such object exists. */
  OptionalLong sizeOf(String bucket, String key);

  void delete(String bucket, String key);
}
