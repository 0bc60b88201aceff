package io.s3clean.history;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** Seeds HistoryTable with items shaped as docs/design.md describes, for tests. */
public final class HistoryItems {
  private static final int BATCH_LIMIT = 25;

  private HistoryItems() {}

  /**
   * The item the size tracker writes for {@code record}, sequencer and event key included; mutable,
   * so a test can damage or pad it.
   */
  public static Map<String, AttributeValue> item(String bucket, HistoryRecord record) {
    String sequencer = String.format("%064X", record.seq());
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("bucket_name", AttributeValue.fromS(bucket));
    item.put("seq", number(record.seq()));
    item.put("event_key", AttributeValue.fromS(record.objectName() + "#" + sequencer));
    item.put("object_name", AttributeValue.fromS(record.objectName()));
    item.put("event_type", AttributeValue.fromS(record.eventType()));
    item.put("size_delta", number(record.sizeDelta()));
    item.put("total_size", number(record.totalSize()));
    item.put("event_time", AttributeValue.fromS(record.eventTime().toString()));
    item.put("sequencer", AttributeValue.fromS(sequencer));
    return item;
  }

  public static void put(
      DynamoDbClient dynamo, String table, String bucket, List<HistoryRecord> records) {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    records.forEach(record -> items.add(item(bucket, record)));
    putItems(dynamo, table, items);
  }

  public static void putItems(
      DynamoDbClient dynamo, String table, List<Map<String, AttributeValue>> items) {
    for (int from = 0; from < items.size(); from += BATCH_LIMIT) {
      List<WriteRequest> batch =
          items.subList(from, Math.min(from + BATCH_LIMIT, items.size())).stream()
              .map(item -> WriteRequest.builder().putRequest(put -> put.item(item)).build())
              .toList();
      Map<String, List<WriteRequest>> pending = Map.of(table, batch);
      // BatchWriteItem may leave some writes undone (AWS does under load): retry whatever comes
      // back.
      while (!pending.isEmpty()) {
        Map<String, List<WriteRequest>> requested = pending;
        pending = dynamo.batchWriteItem(b -> b.requestItems(requested)).unprocessedItems();
      }
    }
  }

  private static AttributeValue number(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }
}
