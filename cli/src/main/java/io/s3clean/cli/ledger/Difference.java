package io.s3clean.cli.ledger;

import io.s3clean.ledger.StoredObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * One key on which the ledger and the bucket disagree.
 *
 * @param ledger the key's item, live or a tombstone; empty when the ledger never saw the key
 * @param bucketSize the object's size in the bucket; empty when the bucket has no such object
 */
public record Difference(String key, Kind kind, Optional<StoredObject> ledger, OptionalLong bucketSize) {

  public enum Kind {
    MISSING_IN_LEDGER("missing in ledger"),
    MISSING_IN_BUCKET("missing in bucket"),
    SIZE_DIFFERS("size differs");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  /** The size the ledger counts for the key: 0 for a tombstone or an unknown key. */
  public long ledgerSize() {
    return ledger.map(StoredObject::liveSize).orElse(0L);
  }

  /** What repairing the key adds to the ledger's total. */
  public long delta() {
    return bucketSize.orElse(0) - ledgerSize();
  }

  /** How the ledger's view of {@code key} differs from the bucket's, if it does. */
  public static Optional<Difference> of(String key, Optional<StoredObject> ledger, OptionalLong bucketSize) {
    boolean live = ledger.map(StoredObject::live).orElse(false);
    if (bucketSize.isPresent() && !live) {
      return Optional.of(new Difference(key, Kind.MISSING_IN_LEDGER, ledger, bucketSize));
    }
    if (bucketSize.isEmpty() && live) {
      return Optional.of(new Difference(key, Kind.MISSING_IN_BUCKET, ledger, bucketSize));
    }
    if (bucketSize.isPresent() && ledger.get().size() != bucketSize.getAsLong()) {
      return Optional.of(new Difference(key, Kind.SIZE_DIFFERS, ledger, bucketSize));
    }
    return Optional.empty();
  }

  /** Every difference between a listing and a snapshot of the same tracked keys, in key order. */
  public static List<Difference> between(BucketListing bucket, LedgerSnapshot ledger) {
    TreeSet<String> keys = new TreeSet<>(bucket.sizes().keySet());
    keys.addAll(ledger.objects().keySet());
    List<Difference> differences = new ArrayList<>();
    for (String key : keys) {
      Long size = bucket.sizes().get(key);
      of(key, Optional.ofNullable(ledger.objects().get(key)), size == null ? OptionalLong.empty() : OptionalLong.of(size))
          .ifPresent(differences::add);
    }
    return differences;
  }
}
