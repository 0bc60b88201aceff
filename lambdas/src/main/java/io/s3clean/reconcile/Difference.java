package io.s3clean.reconcile;

import io.s3clean.event.VersionedKey;
import io.s3clean.ledger.StoredObject;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One version on which the ledger and the bucket disagree, with the ledger's item for the repair.
 * Which versions disagree, and how, is {@link Reconciliation}'s to say; this adds what the repair
 * needs.
 *
 * @param ledger the version's item, live or a tombstone; empty when the ledger never saw it
 * @param bucketSize the version's size in the bucket; empty when the bucket does not hold it
 */
public record Difference(
    VersionedKey object,
    Reconciliation.Kind kind,
    Optional<StoredObject> ledger,
    OptionalLong bucketSize) {

  public String key() {
    return object.key();
  }

  /** How the operator reads the kind. */
  public static String label(Reconciliation.Kind kind) {
    return kind.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  /** The size the ledger counts for the key: 0 for a tombstone or an unknown key. */
  public long ledgerSize() {
    return ledger.map(StoredObject::liveSize).orElse(0L);
  }

  /** What repairing the key adds to the ledger's total. */
  public long delta() {
    return bucketSize.orElse(0) - ledgerSize();
  }

  /** How the ledger's view of {@code object} differs from the bucket's, if it does. */
  public static Optional<Difference> of(
      VersionedKey object, Optional<StoredObject> ledger, OptionalLong bucketSize) {
    Map<VersionedKey, Long> listed = new HashMap<>();
    bucketSize.ifPresent(size -> listed.put(object, size));
    return compare(listed, ledger.map(o -> Map.of(object, o)).orElse(Map.of())).stream()
        .findFirst();
  }

  /** Every difference between a listing and a snapshot of the same tracked keys, in key order. */
  public static List<Difference> between(BucketListing bucket, LedgerSnapshot ledger) {
    return compare(bucket.sizes(), ledger.objects());
  }

  private static List<Difference> compare(
      Map<VersionedKey, Long> listed, Map<VersionedKey, StoredObject> items) {
    Map<VersionedKey, Long> live = new HashMap<>();
    items.forEach(
        (key, item) -> {
          if (item.live()) {
            live.put(key, item.size());
          }
        });
    return Reconciliation.compare(listed, live).differences().stream()
        .map(
            d ->
                new Difference(
                    d.object(),
                    d.kind(),
                    Optional.ofNullable(items.get(d.object())),
                    d.bucketSize()))
        .toList();
  }
}
