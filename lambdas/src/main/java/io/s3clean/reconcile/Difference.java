package io.s3clean.reconcile;

import io.s3clean.ledger.StoredObject;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One key on which the ledger and the bucket disagree, with the ledger's item for the repair. Which
 * keys disagree, and how, is {@link Reconciliation}'s to say; this adds what the repair needs.
 *
 * @param ledger the key's item, live or a tombstone; empty when the ledger never saw the key
 * @param bucketSize the object's size in the bucket; empty when the bucket has no such object
 */
public record Difference(
    String key, Reconciliation.Kind kind, Optional<StoredObject> ledger, OptionalLong bucketSize) {

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

  /** How the ledger's view of {@code key} differs from the bucket's, if it does. */
  public static Optional<Difference> of(
      String key, Optional<StoredObject> ledger, OptionalLong bucketSize) {
    Map<String, Long> listed = new HashMap<>();
    bucketSize.ifPresent(size -> listed.put(key, size));
    return compare(listed, ledger.map(o -> Map.of(key, o)).orElse(Map.of())).stream().findFirst();
  }

  /** Every difference between a listing and a snapshot of the same tracked keys, in key order. */
  public static List<Difference> between(BucketListing bucket, LedgerSnapshot ledger) {
    return compare(bucket.sizes(), ledger.objects());
  }

  private static List<Difference> compare(
      Map<String, Long> listed, Map<String, StoredObject> items) {
    Map<String, Long> live = new HashMap<>();
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
                    d.key(), d.kind(), Optional.ofNullable(items.get(d.key())), d.bucketSize()))
        .toList();
  }
}
