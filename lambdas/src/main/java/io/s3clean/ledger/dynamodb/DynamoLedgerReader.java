package io.s3clean.ledger.dynamodb;

import static io.s3clean.ledger.dynamodb.LedgerItems.*;

import io.s3clean.ledger.BucketState;
import io.s3clean.ledger.LedgerReader;
import io.s3clean.ledger.LedgerUnavailableException;
import io.s3clean.ledger.ObjectNames;
import io.s3clean.ledger.StoredObject;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/** Reads of the ObjectTable, for the consumers that never write it (event logger, cleaner). */
public final class DynamoLedgerReader implements LedgerReader {
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
  public Optional<StoredObject> find(String bucket, String key) {
    Map<String, AttributeValue> item = consistentGet(objectKey(bucket, key));
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toStoredObject(item));
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
    QueryRequest query = QueryRequest.builder()
        .tableName(objectTable)
        .keyConditionExpression(BUCKET + " = :bucket")
        .expressionAttributeValues(Map.of(":bucket", s(bucket)))
        .consistentRead(true)
        .build();
    return dynamo.queryPaginator(query).items().stream()
        .filter(item -> !ObjectNames.STATE_ROW.equals(item.get(OBJECT_NAME).s()))
        .map(LedgerItems::toStoredObject);
  }

  @Override
  public Stream<SizedKey> largestFirst(String bucket) {
    QueryRequest query = QueryRequest.builder()
        .tableName(objectTable)
        .indexName(SIZE_INDEX)
        .keyConditionExpression(BUCKET + " = :bucket")
        .expressionAttributeValues(Map.of(":bucket", s(bucket)))
        .scanIndexForward(false)
        .build();
    return dynamo.queryPaginator(query).items().stream()
        .map(item -> new SizedKey(ObjectNames.toKey(item.get(OBJECT_NAME).s()), number(item, SIZE)));
  }
}
