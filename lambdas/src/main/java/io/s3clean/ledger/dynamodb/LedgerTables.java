package io.s3clean.ledger.dynamodb;

import static io.s3clean.ledger.dynamodb.LedgerItems.*;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Operations on one bucket's part of the two ledger tables as a whole. */
public final class LedgerTables {
  private final DynamoDbClient dynamo;
  private final String objectTable;
  private final String historyTable;

  public LedgerTables(DynamoDbClient dynamo, String objectTable, String historyTable) {
    this.dynamo = dynamo;
    this.objectTable = objectTable;
    this.historyTable = historyTable;
  }

  /**
   * Drops everything the ledger knows of {@code bucket}: its items, state row, backfill checkpoint
   * and history. The ledger is then as a stack's that never saw the bucket (what the bucket holds
   * stands for what it held before a subscription, and a backfill counts it again). Not atomic: run
   * it with nothing tracking the bucket.
   */
  public void forget(String bucket) {
    for (List<String> table :
        List.of(List.of(objectTable, OBJECT_NAME), List.of(historyTable, SEQ))) {
      dynamo
          .queryPaginator(
              q ->
                  q.tableName(table.get(0))
                      .keyConditionExpression(BUCKET + " = :b")
                      .expressionAttributeValues(Map.of(":b", s(bucket))))
          .items()
          .forEach(
              item -> {
                Map<String, AttributeValue> key =
                    Map.of(BUCKET, item.get(BUCKET), table.get(1), item.get(table.get(1)));
                dynamo.deleteItem(d -> d.tableName(table.get(0)).key(key));
              });
    }
  }
}
