package io.s3clean.dynamodb.engine;

import io.s3clean.dynamodb.value.ItemSize;
import io.s3clean.dynamodb.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A table's items: partitions in scan order, each a sorted map of range key to item, plus its
 * secondary indexes kept in step with every write.
 *
 * <p>Items are immutable maps, so readers need no lock: a reader sees an item before or after a
 * write, never half of one. Writers hold the item's lock (see {@link ItemLocks}) while they call
 * {@link #replace}; partitions emptied by deletes are kept (an empty sorted map), so that a writer
 * never puts into a partition another writer has just dropped.
 */
final class Table {
  private final TableDefinition definition;
  private final ConcurrentSkipListMap<Value, ConcurrentSkipListMap<Value, Map<String, Value>>>
      partitions = new ConcurrentSkipListMap<>(PrimaryKey.PARTITION_ORDER);
  private final List<Index> indexes = new ArrayList<>();
  private final AtomicLong itemCount = new AtomicLong();
  private final AtomicLong sizeBytes = new AtomicLong();

  Table(TableDefinition definition) {
    this.definition = definition;
    for (IndexDefinition index : definition.indexes()) {
      indexes.add(new Index(index, definition.key()));
    }
  }

  TableDefinition definition() {
    return definition;
  }

  String name() {
    return definition.name();
  }

  KeySchema key() {
    return definition.key();
  }

  List<Index> indexes() {
    return indexes;
  }

  Index index(String name) {
    for (Index index : indexes) {
      if (index.definition().name().equals(name)) {
        return index;
      }
    }
    return null;
  }

  Map<String, Value> get(PrimaryKey key) {
    ConcurrentSkipListMap<Value, Map<String, Value>> partition = partitions.get(key.hash());
    return partition == null ? null : partition.get(key.range());
  }

  /** The partition's items by range key, or null when the partition holds none. */
  NavigableMap<Value, Map<String, Value>> partition(Value hash) {
    return partitions.get(hash);
  }

  /** Partitions in scan order. */
  NavigableMap<Value, ConcurrentSkipListMap<Value, Map<String, Value>>> partitions() {
    return partitions;
  }

  /**
   * Makes {@code newItem} (null: nothing) the item at {@code key}, where {@code oldItem} was. The
   * caller holds the key's lock, so {@code oldItem} is still current.
   */
  void replace(PrimaryKey key, Map<String, Value> oldItem, Map<String, Value> newItem) {
    if (newItem != null) {
      partitions
          .computeIfAbsent(key.hash(), hash -> new ConcurrentSkipListMap<>(PrimaryKey.RANGE_ORDER))
          .put(key.range(), newItem);
    } else if (oldItem != null) {
      ConcurrentSkipListMap<Value, Map<String, Value>> partition = partitions.get(key.hash());
      if (partition != null) {
        partition.remove(key.range());
      }
    }
    itemCount.addAndGet((newItem != null ? 1 : 0) - (oldItem != null ? 1 : 0));
    sizeBytes.addAndGet(
        (newItem != null ? ItemSize.of(newItem) : 0)
            - (oldItem != null ? ItemSize.of(oldItem) : 0));
    for (Index index : indexes) {
      index.replace(key, oldItem, newItem);
    }
  }

  long itemCount() {
    return itemCount.get();
  }

  long sizeBytes() {
    return sizeBytes.get();
  }
}
