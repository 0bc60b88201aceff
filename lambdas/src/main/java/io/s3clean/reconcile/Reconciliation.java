package io.s3clean.reconcile;

import io.s3clean.event.VersionedKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * The bucket as listed against the ledger's live items, version by version (a key's null version
 * for a bucket never versioned). Pure: it takes two maps of version to size, so the soak run, the
 * CLI's reconcile and tests all compare the same way whatever produced the maps.
 *
 * @param differences every version on which the two disagree, in key order
 * @param bucketBytes the sum of the listing's sizes
 * @param ledgerBytes the sum of the ledger's live sizes (compare it with the state row's total
 *     separately)
 */
public record Reconciliation(List<Difference> differences, long bucketBytes, long ledgerBytes) {

  public Reconciliation {
    differences = List.copyOf(differences);
  }

  /**
   * One version on which the bucket and the ledger disagree; a side without it has an empty size.
   */
  public record Difference(
      VersionedKey object, Kind kind, OptionalLong bucketSize, OptionalLong ledgerSize) {
    public String key() {
      return object.key();
    }

    /** What the ledger's total has to change by for this key to agree with the bucket. */
    public long delta() {
      return bucketSize.orElse(0) - ledgerSize.orElse(0);
    }
  }

  public enum Kind {
    /** The bucket holds the object; the ledger has no live item for it. */
    MISSING_IN_LEDGER,
    /** The ledger counts a live object the bucket does not hold. */
    MISSING_IN_BUCKET,
    /** Both have it, with different sizes. */
    SIZE_DIFFERS
  }

  /**
   * @param bucket size of every version the listing shows
   * @param ledger size of every live item (tombstones left out)
   */
  public static Reconciliation compare(
      Map<VersionedKey, Long> bucket, Map<VersionedKey, Long> ledger) {
    TreeSet<VersionedKey> keys = new TreeSet<>(bucket.keySet());
    keys.addAll(ledger.keySet());
    List<Difference> differences = new ArrayList<>();
    for (VersionedKey key : keys) {
      OptionalLong listed = sizeOf(bucket, key);
      OptionalLong counted = sizeOf(ledger, key);
      if (counted.isEmpty()) {
        differences.add(new Difference(key, Kind.MISSING_IN_LEDGER, listed, counted));
      } else if (listed.isEmpty()) {
        differences.add(new Difference(key, Kind.MISSING_IN_BUCKET, listed, counted));
      } else if (listed.getAsLong() != counted.getAsLong()) {
        differences.add(new Difference(key, Kind.SIZE_DIFFERS, listed, counted));
      }
    }
    return new Reconciliation(differences, sum(bucket), sum(ledger));
  }

  public boolean agrees() {
    return differences.isEmpty();
  }

  private static OptionalLong sizeOf(Map<VersionedKey, Long> sizes, VersionedKey key) {
    Long size = sizes.get(key);
    return size == null ? OptionalLong.empty() : OptionalLong.of(size);
  }

  private static long sum(Map<VersionedKey, Long> sizes) {
    long total = 0;
    for (long size : sizes.values()) {
      total = Math.addExact(total, size);
    }
    return total;
  }
}
