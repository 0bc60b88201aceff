package io.s3clean.dynamodb.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.s3clean.dynamodb.DynamoDbException;
import io.s3clean.dynamodb.store.FileJournal;
import io.s3clean.dynamodb.value.Value;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The engine's state: its tables, who is writing which item, and, with a data directory, the
 * journal every change goes to before it is applied and acknowledged.
 */
public final class Database implements AutoCloseable {
  /** Compact the log once it holds this much; records carry whole items, so it grows quickly. */
  private static final long COMPACT_AT_LOG_BYTES = 256L * 1024 * 1024;

  private final ConcurrentHashMap<String, Table> tables = new ConcurrentHashMap<>();
  private final ItemLocks locks = new ItemLocks();

  /** Writers share it around journal append and apply; compaction takes it alone. */
  private final ReentrantReadWriteLock commitLock = new ReentrantReadWriteLock();

  private final FileJournal journal;
  private final String region;
  private final String accountId;

  private Database(String region, String accountId, Path directory) {
    this.region = region;
    this.accountId = accountId;
    this.journal = directory == null ? null : FileJournal.open(directory, "DynamoDB", this::replay);
  }

  public static Database inMemory(String region, String accountId) {
    return new Database(region, accountId, null);
  }

  /** Opens (or creates) the state kept in {@code directory}. */
  public static Database open(Path directory, String region, String accountId) {
    return new Database(region, accountId, directory);
  }

  String region() {
    return region;
  }

  String accountId() {
    return accountId;
  }

  ItemLocks locks() {
    return locks;
  }

  /** The table, or ResourceNotFoundException as item operations report it. */
  Table table(String name) {
    Table table = tables.get(name);
    if (table == null) {
      throw DynamoDbException.resourceNotFound("Requested resource not found");
    }
    return table;
  }

  Table findTable(String name) {
    return tables.get(name);
  }

  List<String> tableNames() {
    List<String> names = new ArrayList<>(tables.keySet());
    names.sort(null);
    return names;
  }

  void createTable(TableDefinition definition) {
    commitLock.readLock().lock();
    try {
      Table table = new Table(definition);
      if (tables.putIfAbsent(definition.name(), table) != null) {
        throw DynamoDbException.resourceInUse("Table already exists: " + definition.name());
      }
      if (journal != null) {
        journal.append(Records.createTable(definition));
      }
    } finally {
      commitLock.readLock().unlock();
    }
  }

  Table deleteTable(String name) {
    commitLock.readLock().lock();
    try {
      Table table = tables.remove(name);
      if (table == null) {
        throw DynamoDbException.resourceNotFound(
            "Requested resource not found: Table: " + name + " not found");
      }
      if (journal != null) {
        journal.append(Records.deleteTable(name));
      }
      return table;
    } finally {
      commitLock.readLock().unlock();
    }
  }

  /** One item's change: {@code newItem} null deletes it. */
  record Write(
      Table table, PrimaryKey key, Map<String, Value> oldItem, Map<String, Value> newItem) {}

  /**
   * Journals and applies writes whose items the caller holds locked, all or none: one journal
   * record, so a transaction is never half recovered.
   */
  void commit(List<Write> writes) {
    if (writes.isEmpty()) {
      return;
    }
    commitLock.readLock().lock();
    try {
      if (journal != null) {
        journal.append(Records.writes(writes));
      }
      for (Write write : writes) {
        write.table().replace(write.key(), write.oldItem(), write.newItem());
      }
    } finally {
      commitLock.readLock().unlock();
    }
    if (journal != null && journal.logBytes() > COMPACT_AT_LOG_BYTES) {
      compact();
    }
  }

  /** Writes every table and item to a new snapshot and empties the log. */
  public void compact() {
    if (journal == null || !commitLock.writeLock().tryLock()) {
      return; // in memory, or another thread is compacting already
    }
    try {
      journal.compact(
          sink -> {
            for (Table table : tables.values()) {
              sink.accept(Records.createTable(table.definition()));
              List<Write> batch = new ArrayList<>();
              table
                  .partitions()
                  .values()
                  .forEach(
                      partition ->
                          partition
                              .values()
                              .forEach(
                                  item -> {
                                    batch.add(new Write(table, null, null, item));
                                    if (batch.size() == 100) {
                                      sink.accept(Records.writes(batch));
                                      batch.clear();
                                    }
                                  }));
              if (!batch.isEmpty()) {
                sink.accept(Records.writes(batch));
              }
            }
          });
    } finally {
      commitLock.writeLock().unlock();
    }
  }

  private void replay(byte[] payload) {
    JsonNode record = Records.parse(payload);
    if (record.has(Records.CREATE)) {
      TableDefinition definition = TableCodec.fromStored(record.get(Records.CREATE));
      tables.put(definition.name(), new Table(definition));
    } else if (record.has(Records.DELETE)) {
      tables.remove(record.get(Records.DELETE).textValue());
    } else {
      Records.replayWrites(record, tables::get);
    }
  }

  /** Stops journaling; with a data directory, compacts first so the next start replays little. */
  @Override
  public void close() {
    if (journal != null) {
      compact();
      journal.close();
    }
  }
}
