package io.s3clean.ledger.dynamodb;

import static io.s3clean.ledger.dynamodb.LedgerItems.*;

import io.s3clean.event.ObjectEvent;
import io.s3clean.event.VersionedKey;
import io.s3clean.ledger.BucketState;
import io.s3clean.ledger.Ledger;
import io.s3clean.ledger.LedgerPlan;
import io.s3clean.ledger.LedgerPlanner;
import io.s3clean.ledger.LedgerUnavailableException;
import io.s3clean.ledger.StoredObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The ledger on DynamoDB. Each apply reads the state row and the events' objects in one
 * BatchGetItem, plans, and writes everything in one transaction conditioned on what it read: the
 * state row's applied count, and each written object's sequencer, liveness and size (or its
 * absence). A concurrent writer makes the transaction fail instead of losing an update; the apply
 * then starts over from a fresh read.
 */
public final class DynamoLedger implements Ledger {
  private static final Duration MAX_BACKOFF = Duration.ofMillis(250);

  private final DynamoDbClient dynamo;
  private final String objectTable;
  private final String historyTable;
  private final int maxAttempts;
  private final DynamoLedgerReader reader;
  private final LedgerPlanner planner = new LedgerPlanner();

  public DynamoLedger(DynamoDbClient dynamo, String objectTable, String historyTable) {
    this(dynamo, objectTable, historyTable, 30);
  }

  public DynamoLedger(
      DynamoDbClient dynamo, String objectTable, String historyTable, int maxAttempts) {
    this.dynamo = dynamo;
    this.objectTable = objectTable;
    this.historyTable = historyTable;
    this.maxAttempts = maxAttempts;
    this.reader = new DynamoLedgerReader(dynamo, objectTable);
  }

  @Override
  public LedgerPlan apply(String bucket, List<ObjectEvent> events) {
    if (events.size() > MAX_EVENTS_PER_APPLY) {
      throw new IllegalArgumentException(
          events.size()
              + " events in one apply; at most "
              + MAX_EVENTS_PER_APPLY
              + " fit one transaction");
    }
    RuntimeException lastFailure = null;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      try {
        // The state row and the events' objects in one request, so that the window in which
        // another writer's commit cancels this transaction is one read, the plan and the write.
        // DynamoDB reads a batch's items one by one, in no set order, and a commit that lands
        // between two of them is safe either way. If the state row was read before it, the
        // write's condition on the applied count fails. If after, the commit changed an object
        // this plan writes (that object's condition fails: a repair changes a size and keeps the
        // sequencer, so the size is in the condition too) or made a skip stale, which stays right
        // since sequencers only move forward.
        DynamoLedgerReader.Snapshot read =
            reader.snapshot(bucket, events.stream().map(ObjectEvent::versionedKey).toList());
        LedgerPlan plan = planner.plan(bucket, read.state(), read.objects(), events);
        if (plan.changesAnything()) {
          write(plan);
        }
        return plan;
      } catch (TransactionCanceledException e) {
        // Another writer changed the snapshot, or DynamoDB throttled the transaction: replan.
        lastFailure = e;
        backOff(attempt);
      } catch (SdkException e) {
        throw new LedgerUnavailableException("ledger write failed: " + e.getMessage(), e);
      }
    }
    throw new LedgerUnavailableException(
        "ledger write for bucket "
            + bucket
            + " still conflicting after "
            + maxAttempts
            + " attempts",
        lastFailure);
  }

  @Override
  public boolean writeIfUnchanged(LedgerPlan plan) {
    try {
      write(plan);
      return true;
    } catch (TransactionCanceledException e) {
      return false;
    }
  }

  /**
   * Writes a plan in one transaction, conditioned on what it was planned from: the state row's
   * applied count, and each written object as read (its sequencer, whether it is live, its size) or
   * its absence.
   *
   * @throws TransactionCanceledException when the ledger changed since the plan's snapshot
   */
  private void write(LedgerPlan plan) {
    List<TransactWriteItem> writes = new ArrayList<>();
    BucketState before = plan.before();
    writes.add(
        before.appliedCount() == 0
            ? put(
                objectTable,
                stateItem(plan.bucket(), plan.after()),
                "attribute_not_exists(" + OBJECT_NAME + ")",
                Map.of())
            : put(
                objectTable,
                stateItem(plan.bucket(), plan.after()),
                APPLIED_COUNT + " = :applied",
                Map.of(":applied", n(before.appliedCount()))));
    plan.objects()
        .forEach(
            (key, object) -> {
              Optional<StoredObject> expected = plan.expectedObjects().get(key);
              writes.add(
                  expected.isEmpty()
                      ? put(
                          objectTable,
                          objectItem(object),
                          "attribute_not_exists(" + OBJECT_NAME + ")",
                          Map.of())
                      : putOver(objectItem(object), expected.get()));
            });
    plan.applied()
        .forEach(
            applied ->
                writes.add(
                    put(
                        historyTable,
                        historyItem(plan.bucket(), applied),
                        "attribute_not_exists(" + SEQ + ")",
                        Map.of())));
    dynamo.transactWriteItems(r -> r.transactItems(writes));
  }

  private static TransactWriteItem put(
      String table,
      Map<String, AttributeValue> item,
      String condition,
      Map<String, AttributeValue> values) {
    return TransactWriteItem.builder()
        .put(conditioned(table, item, condition, values).build())
        .build();
  }

  private static Put.Builder conditioned(
      String table,
      Map<String, AttributeValue> item,
      String condition,
      Map<String, AttributeValue> values) {
    Put.Builder put = Put.builder().tableName(table).item(item).conditionExpression(condition);
    if (!values.isEmpty()) {
      put.expressionAttributeValues(values);
    }
    return put;
  }

  /**
   * A put over {@code was}, conditioned on the item being still as it was read ("size" is a
   * reserved word).
   */
  private TransactWriteItem putOver(Map<String, AttributeValue> item, StoredObject was) {
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":sequencer", s(was.sequencer().normalized()));
    String condition = SEQUENCER + " = :sequencer AND ";
    if (was.live()) {
      condition += "#size = :size";
      values.put(":size", n(was.size()));
    } else {
      condition += "attribute_not_exists(#size)";
    }
    Put put =
        conditioned(objectTable, item, condition, values)
            .expressionAttributeNames(Map.of("#size", SIZE))
            .build();
    return TransactWriteItem.builder().put(put).build();
  }

  @Override
  public BucketState state(String bucket) {
    return reader.state(bucket);
  }

  @Override
  public Optional<StoredObject> find(String bucket, VersionedKey object) {
    return reader.find(bucket, object);
  }

  @Override
  public Map<ObjectRef, StoredObject> findAll(Collection<ObjectRef> objects) {
    return reader.findAll(objects);
  }

  @Override
  public Stream<SizedKey> largestFirst(String bucket) {
    return reader.largestFirst(bucket);
  }

  static void backOff(int attempt) {
    long capMillis = Math.min(MAX_BACKOFF.toMillis(), 5L << Math.min(attempt, 10));
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(1, capMillis + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LedgerUnavailableException("interrupted while backing off", e);
    }
  }
}
