package io.s3clean.reconcile;

import io.s3clean.event.VersionedKey;
import io.s3clean.ledger.BucketState;
import io.s3clean.ledger.LedgerBusyException;
import io.s3clean.ledger.StoredObject;
import io.s3clean.ledger.dynamodb.DynamoLedgerReader;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ledger of one bucket as one consistent picture: the state row and every item (a key's
 * version) as they stood together. The tracker changes items and the state row in one transaction
 * and always bumps the applied count, so items read between two equal applied counts belong to that
 * very state.
 */
public record LedgerSnapshot(BucketState state, Map<VersionedKey, StoredObject> objects) {
  private static final int ATTEMPTS = 20;

  public LedgerSnapshot {
    objects = Collections.unmodifiableMap(new TreeMap<>(objects));
  }

  public static LedgerSnapshot read(DynamoLedgerReader reader, String bucket) {
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      BucketState before = reader.state(bucket);
      Map<VersionedKey, StoredObject> objects = new TreeMap<>();
      reader.objects(bucket).forEach(object -> objects.put(object.versionedKey(), object));
      BucketState after = reader.state(bucket);
      if (before.appliedCount() == after.appliedCount()) {
        return new LedgerSnapshot(after, objects);
      }
    }
    throw new LedgerBusyException(
        "the ledger of "
            + bucket
            + " kept changing while it was read ("
            + ATTEMPTS
            + " attempts); try again when it is quieter");
  }

  /** The snapshot restricted to the keys the stack tracks. */
  public LedgerSnapshot tracked(TrackedKeys tracked) {
    Map<VersionedKey, StoredObject> kept = new TreeMap<>();
    objects.forEach(
        (version, object) -> {
          if (tracked.tracks(version.key())) {
            kept.put(version, object);
          }
        });
    return new LedgerSnapshot(state, kept);
  }

  /** The sum of the live items, which the state row's total must equal. */
  public long liveTotal() {
    return objects.values().stream().mapToLong(StoredObject::liveSize).sum();
  }

  public long liveCount() {
    return objects.values().stream().filter(StoredObject::live).count();
  }
}
