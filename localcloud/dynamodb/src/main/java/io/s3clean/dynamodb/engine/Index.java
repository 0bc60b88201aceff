package io.s3clean.dynamodb.engine;

import io.s3clean.dynamodb.value.ItemSize;
import io.s3clean.dynamodb.value.Value;
import io.s3clean.dynamodb.value.ValueOrder;
import java.util.Comparator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A secondary index: the table's items that carry the index's key attributes (an index is sparse),
 * by index partition, then index range key, then table key. Updated synchronously with the table,
 * which is one of the orders DynamoDB's eventually consistent indexes may show.
 */
final class Index {
  /**
   * An entry's position in an index partition: several items may share an index range value, so the
   * table key breaks ties. A null table key is an edge: before ({@code edge < 0}) or after ({@code
   * edge > 0}) every entry of its range value, for seeking to a bound.
   */
  record EntryKey(Value range, PrimaryKey tableKey, int edge) {
    EntryKey(Value range, PrimaryKey tableKey) {
      this(range, tableKey, 0);
    }

    static EntryKey before(Value range) {
      return new EntryKey(range, null, -1);
    }

    static EntryKey after(Value range) {
      return new EntryKey(range, null, 1);
    }
  }

  static final Comparator<EntryKey> ENTRY_ORDER = Index::compareEntries;

  private static int compareEntries(EntryKey a, EntryKey b) {
    int byRange = PrimaryKey.RANGE_ORDER.compare(a.range(), b.range());
    if (byRange != 0) {
      return byRange;
    }
    if (a.edge() != 0 || b.edge() != 0) {
      return Integer.compare(a.edge(), b.edge());
    }
    int byHash = ValueOrder.compare(a.tableKey().hash(), b.tableKey().hash());
    return byHash != 0
        ? byHash
        : PrimaryKey.RANGE_ORDER.compare(a.tableKey().range(), b.tableKey().range());
  }

  private final IndexDefinition definition;
  private final KeySchema tableKey;
  private final ConcurrentSkipListMap<Value, ConcurrentSkipListMap<EntryKey, Map<String, Value>>>
      partitions = new ConcurrentSkipListMap<>(PrimaryKey.PARTITION_ORDER);
  private final AtomicLong itemCount = new AtomicLong();
  private final AtomicLong sizeBytes = new AtomicLong();

  Index(IndexDefinition definition, KeySchema tableKey) {
    this.definition = definition;
    this.tableKey = tableKey;
  }

  IndexDefinition definition() {
    return definition;
  }

  KeySchema key() {
    return definition.key();
  }

  /**
   * The item's place in this index, or empty when it lacks (or mistypes) an index key attribute.
   */
  Optional<EntryKey> entryOf(PrimaryKey tableKey, Map<String, Value> item) {
    return definition.key().keyOf(item).map(indexKey -> new EntryKey(indexKey.range(), tableKey));
  }

  Optional<Value> hashOf(Map<String, Value> item) {
    return definition.key().keyOf(item).map(PrimaryKey::hash);
  }

  void replace(PrimaryKey key, Map<String, Value> oldItem, Map<String, Value> newItem) {
    if (oldItem != null) {
      Optional<Value> hash = hashOf(oldItem);
      if (hash.isPresent()) {
        ConcurrentSkipListMap<EntryKey, Map<String, Value>> partition = partitions.get(hash.get());
        if (partition != null && partition.remove(entryOf(key, oldItem).orElseThrow()) != null) {
          itemCount.decrementAndGet();
          sizeBytes.addAndGet(-ItemSize.of(definition.project(oldItem, tableKey)));
        }
      }
    }
    if (newItem != null) {
      Optional<Value> hash = hashOf(newItem);
      if (hash.isPresent()) {
        partitions
            .computeIfAbsent(hash.get(), h -> new ConcurrentSkipListMap<>(ENTRY_ORDER))
            .put(entryOf(key, newItem).orElseThrow(), newItem);
        itemCount.incrementAndGet();
        sizeBytes.addAndGet(ItemSize.of(definition.project(newItem, tableKey)));
      }
    }
  }

  NavigableMap<EntryKey, Map<String, Value>> partition(Value hash) {
    return partitions.get(hash);
  }

  NavigableMap<Value, ConcurrentSkipListMap<EntryKey, Map<String, Value>>> partitions() {
    return partitions;
  }

  long itemCount() {
    return itemCount.get();
  }

  long sizeBytes() {
    return sizeBytes.get();
  }
}
