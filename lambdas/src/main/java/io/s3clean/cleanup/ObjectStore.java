package io.s3clean.cleanup;

import io.s3clean.event.VersionedKey;
import java.util.OptionalLong;

/** The bucket itself, which is strongly consistent where the ledger lags behind its events. */
public interface ObjectStore {
  /** The version's size, or empty when the bucket does not hold it. */
  OptionalLong sizeOf(String bucket, VersionedKey object);

  /** Deletes the version for good (never by adding a delete marker, which frees nothing). */
  void delete(String bucket, VersionedKey object);
}
