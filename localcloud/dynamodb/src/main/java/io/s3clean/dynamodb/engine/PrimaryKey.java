package io.s3clean.dynamodb.engine;

import io.s3clean.dynamodb.value.Value;
import io.s3clean.dynamodb.value.ValueOrder;
import java.util.Comparator;
import java.util.Objects;

/**
 * A table item's key. Tables with no sort key use {@link #NO_RANGE} as the range, so that every
 * partition is a sorted map of range to item whatever the schema.
 */
public record PrimaryKey(Value hash, Value range) {
  public static final Value NO_RANGE = Value.Null.INSTANCE;

  /** Range values in DynamoDB's order; {@link #NO_RANGE} only ever meets itself. */
  static final Comparator<Value> RANGE_ORDER =
      (a, b) ->
          a == NO_RANGE || b == NO_RANGE
              ? Boolean.compare(a != NO_RANGE, b != NO_RANGE)
              : ValueOrder.compare(a, b);

  /**
   * The order Scan visits partitions in: DynamoDB scans in the order of its partition-key hash,
   * which clients must not rely on; a fixed hash keeps pagination stable across restarts.
   */
  static final Comparator<Value> PARTITION_ORDER =
      Comparator.comparingInt(PrimaryKey::scanHash).thenComparing(ValueOrder.SCALAR);

  public PrimaryKey {
    Objects.requireNonNull(hash);
    Objects.requireNonNull(range);
  }

  static PrimaryKey of(Value hash) {
    return new PrimaryKey(hash, NO_RANGE);
  }

  static int scanHash(Value hash) {
    int h = hash.hashCode();
    // Murmur3's finaliser: spreads neighbouring keys (bucket-1, bucket-2) across the order.
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }
}
