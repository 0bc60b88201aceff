package io.s3clean.ledger;

import io.s3clean.event.VersionedKey;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Strongly consistent reads of the ledger, except {@link #largestFirst}, which reads an index. */
public interface LedgerReader {
  BucketState state(String bucket);

  Optional<StoredObject> find(String bucket, VersionedKey object);

  /** A key's null version: an unversioned bucket's object. */
  default Optional<StoredObject> find(String bucket, String key) {
    return find(bucket, VersionedKey.of(key));
  }

  /**
   * What {@link #find} gives for each of {@code objects}, in as few reads as the ledger allows (one
   * per 100 objects on DynamoDB, where each is its own strongly consistent read); an object the
   * ledger does not hold is not in the map.
   */
  Map<ObjectRef, StoredObject> findAll(Collection<ObjectRef> objects);

  /** A key's version by its bucket. */
  record ObjectRef(String bucket, VersionedKey object) {
    /** A key's null version. */
    public ObjectRef(String bucket, String key) {
      this(bucket, VersionedKey.of(key));
    }
  }

  /**
   * Live versions, largest first, as the size index sees them now: it may lag the table, so confirm
   * a candidate with {@link #find} before acting on it.
   */
  Stream<SizedKey> largestFirst(String bucket);

  record SizedKey(VersionedKey object, long size) {
    public String key() {
      return object.key();
    }
  }
}
