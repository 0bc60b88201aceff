package io.s3clean.dynamodb.engine;

import io.s3clean.dynamodb.DynamoDbException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Who is writing which item right now. Writes to different items run in parallel; a write waits for
 * a single-item write of the same item to finish. A transaction never waits for another one: as on
 * DynamoDB ("Transaction conflict handling"), a transaction that meets an item held by another
 * ongoing transaction is cancelled with {@code TransactionConflict}, and a single-item write that
 * meets one fails with {@code TransactionConflictException}.
 */
final class ItemLocks {
  record LockKey(String table, PrimaryKey key) {}

  /** One writer: a single-item request or a transaction. */
  static final class Owner {
    final boolean transaction;

    Owner(boolean transaction) {
      this.transaction = transaction;
    }
  }

  /** How long a transaction waits for single-item writes, which hold an item for microseconds. */
  private static final long SINGLE_WRITE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final ConcurrentHashMap<LockKey, Owner> held = new ConcurrentHashMap<>();

  /** Takes one item for a single-item write. */
  Owner lockSingle(LockKey key) {
    Owner owner = new Owner(false);
    long deadline = System.nanoTime() + SINGLE_WRITE_WAIT_NANOS;
    for (int spins = 0; ; spins++) {
      Owner current = held.putIfAbsent(key, owner);
      if (current == null) {
        return owner;
      }
      if (current.transaction) {
        throw transactionConflict();
      }
      pause(spins, deadline);
    }
  }

  /**
   * Takes every item of a transaction, or none: returns the index of the first item another
   * transaction holds (having released what it took), or -1 when all are taken by {@code owner}.
   */
  int lockTransaction(List<LockKey> keys, Owner owner) {
    List<LockKey> taken = new ArrayList<>(keys.size());
    long deadline = System.nanoTime() + SINGLE_WRITE_WAIT_NANOS;
    for (int i = 0; i < keys.size(); i++) {
      LockKey key = keys.get(i);
      for (int spins = 0; ; spins++) {
        Owner current = held.putIfAbsent(key, owner);
        if (current == null) {
          taken.add(key);
          break;
        }
        if (current.transaction) {
          unlock(taken, owner);
          return i;
        }
        pause(spins, deadline);
      }
    }
    return -1;
  }

  void unlock(LockKey key, Owner owner) {
    held.remove(key, owner);
  }

  void unlock(List<LockKey> keys, Owner owner) {
    for (LockKey key : keys) {
      held.remove(key, owner);
    }
  }

  private static void pause(int spins, long deadline) {
    if (System.nanoTime() > deadline) {
      throw DynamoDbException.internal("an item stayed locked for more than 5 s");
    }
    if (spins < 64) {
      Thread.onSpinWait();
    } else {
      LockSupport.parkNanos(20_000);
    }
  }

  static DynamoDbException transactionConflict() {
    return new DynamoDbException(
        DynamoDbException.DYNAMODB_NAMESPACE,
        "TransactionConflictException",
        400,
        "Transaction is ongoing for the item");
  }
}
