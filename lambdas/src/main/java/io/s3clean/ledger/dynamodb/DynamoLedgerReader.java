package io.s3clean.ledger.dynamodb;

import static io.s3clean.ledger.dynamodb.LedgerItems.*;

import io.s3clean.event.VersionedKey;
import io.s3clean.ledger.BucketState;
import io.s3clean.ledger.LedgerReader;
import io.s3clean.ledger.LedgerUnavailableException;
import io.s3clean.ledger.ObjectNames;
import io.s3clean.ledger.StoredObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Reads of the ObjectTable: all that the consumers that never write it need (event logger,
 * cleaner), and the one read that {@link DynamoLedger} plans an apply from ({@link #snapshot}).
 */
public final class DynamoLedgerReader implements LedgerReader {
  /** BatchGetItem's limit of keys per request. */
  private static final int BATCH_KEYS = 100;

  /** Rounds for keys DynamoDB left unprocessed (throttling) before the read counts as failed. */
  private static final int UNPROCESSED_ROUNDS = 6;

  private final DynamoDbClient dynamo;
  private final String objectTable;

  public DynamoLedgerReader(DynamoDbClient dynamo, String objectTable) {
    this.dynamo = dynamo;
    this.objectTable = objectTable;
  }

  @Override
  public BucketState state(String bucket) {
    return toBucketState(consistentGet(stateKey(bucket)));
  }

  @Override
  public Optional<StoredObject> find(String bucket, VersionedKey object) {
    Map<String, AttributeValue> item = consistentGet(objectKey(bucket, object));
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toStoredObject(item));
  }

  /**
   * BatchGetItem with ConsistentRead, 100 keys a request; keys DynamoDB leaves unprocessed are
   * asked again after a short, growing pause, as AWS advises, and still unprocessed after {@value
   * #UNPROCESSED_ROUNDS} rounds fail the read.
   */
  @Override
  public Map<ObjectRef, StoredObject> findAll(Collection<ObjectRef> objects) {
    List<ObjectRef> distinct = new ArrayList<>(new LinkedHashSet<>(objects));
    Map<ObjectRef, StoredObject> found = new HashMap<>();
    for (int from = 0; from < distinct.size(); from += BATCH_KEYS) {
      List<Map<String, AttributeValue>> keys =
          distinct.subList(from, Math.min(from + BATCH_KEYS, distinct.size())).stream()
              .map(ref -> objectKey(ref.bucket(), ref.object()))
              .toList();
      batchGet(keys)
          .forEach(
              item -> {
                StoredObject object = toStoredObject(item);
                found.put(new ObjectRef(object.bucket(), object.versionedKey()), object);
              });
    }
    return found;
  }

  /**
   * The bucket's state row and {@code versions} (at most 99) in one BatchGetItem, for a writer that
   * plans from both. The reads are not one snapshot: a writer must condition its write on what it
   * read, as {@link DynamoLedger} does.
   */
  Snapshot snapshot(String bucket, Collection<VersionedKey> versions) {
    List<Map<String, AttributeValue>> asked = new ArrayList<>();
    asked.add(stateKey(bucket));
    new LinkedHashSet<>(versions).forEach(version -> asked.add(objectKey(bucket, version)));
    if (asked.size() > BATCH_KEYS) {
      throw new IllegalArgumentException(
          (asked.size() - 1) + " keys; at most " + (BATCH_KEYS - 1) + " fit one read");
    }
    BucketState state = BucketState.EMPTY;
    Map<String, StoredObject> objects = new HashMap<>();
    for (Map<String, AttributeValue> item : batchGet(asked)) {
      if (ObjectNames.STATE_ROW.equals(item.get(OBJECT_NAME).s())) {
        state = toBucketState(item);
      } else {
        objects.put(item.get(OBJECT_NAME).s(), toStoredObject(item));
      }
    }
    return new Snapshot(state, objects);
  }

  /**
   * A bucket's state row and some of its versions by object name ({@link ObjectNames}), as one
   * BatchGetItem read them.
   */
  record Snapshot(BucketState state, Map<String, StoredObject> objects) {}

  private List<Map<String, AttributeValue>> batchGet(List<Map<String, AttributeValue>> keys) {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    Map<String, KeysAndAttributes> request =
        Map.of(objectTable, KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
    try {
      for (int round = 0; !request.isEmpty(); round++) {
        if (round == UNPROCESSED_ROUNDS) {
          throw new LedgerUnavailableException(
              "ledger read failed: DynamoDB left keys unprocessed " + UNPROCESSED_ROUNDS + " times",
              null);
        }
        if (round > 0) {
          DynamoLedger.backOff(round);
        }
        Map<String, KeysAndAttributes> asked = request;
        BatchGetItemResponse response = dynamo.batchGetItem(r -> r.requestItems(asked));
        items.addAll(response.responses().getOrDefault(objectTable, List.of()));
        request = response.unprocessedKeys();
      }
    } catch (SdkException e) {
      throw new LedgerUnavailableException("ledger read failed: " + e.getMessage(), e);
    }
    return items;
  }

  private Map<String, AttributeValue> consistentGet(Map<String, AttributeValue> key) {
    try {
      return dynamo.getItem(r -> r.tableName(objectTable).key(key).consistentRead(true)).item();
    } catch (SdkException e) {
      throw new LedgerUnavailableException("ledger read failed: " + e.getMessage(), e);
    }
  }

  /**
   * Every object item of {@code bucket}, live objects and tombstones, without the state row;
   * strongly consistent page by page, not as one snapshot.
   */
  public Stream<StoredObject> objects(String bucket) {
    QueryRequest query =
        QueryRequest.builder()
            .tableName(objectTable)
            .keyConditionExpression(BUCKET + " = :bucket")
            .expressionAttributeValues(Map.of(":bucket", s(bucket)))
            .consistentRead(true)
            .build();
    return dynamo.queryPaginator(query).items().stream()
        .filter(item -> !ObjectNames.isReserved(item.get(OBJECT_NAME).s()))
        .map(LedgerItems::toStoredObject);
  }

  @Override
  public Stream<SizedKey> largestFirst(String bucket) {
    QueryRequest query =
        QueryRequest.builder()
            .tableName(objectTable)
            .indexName(SIZE_INDEX)
            .keyConditionExpression(BUCKET + " = :bucket")
            .expressionAttributeValues(Map.of(":bucket", s(bucket)))
            .scanIndexForward(false)
            .build();
    return dynamo.queryPaginator(query).items().stream()
        .map(item -> new SizedKey(LedgerItems.versionedKey(item), number(item, SIZE)));
  }
}
