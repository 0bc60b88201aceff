package io.s3clean.bench;

import io.s3clean.event.ObjectEvent;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The original system's tracking, the baseline of the benchmarks: for each event read the object's
 * old size and the bucket total, then overwrite both and append a history record, one call at a
 * time and without conditions. Under duplicates, reordering or concurrency it loses updates; it is
 * here only to be measured against.
 */
public final class NaiveTracker {
  private final DynamoDbClient dynamo;
  private final String objectTable;
  private final String historyTable;
  private final AtomicLong seq = new AtomicLong();

  public NaiveTracker(DynamoDbClient dynamo, String objectTable, String historyTable) {
    this.dynamo = dynamo;
    this.objectTable = objectTable;
    this.historyTable = historyTable;
  }

  /**
   * @return the bucket total it wrote
   */
  public long apply(ObjectEvent event) {
    String bucket = event.bucket();
    Map<String, AttributeValue> objectKey =
        Map.of("bucket_name", s(bucket), "object_name", s(event.key()));
    Map<String, AttributeValue> stateKey =
        Map.of("bucket_name", s(bucket), "object_name", s("__STATE__"));
    Map<String, AttributeValue> old =
        dynamo.getItem(r -> r.tableName(objectTable).key(objectKey)).item();
    Map<String, AttributeValue> state =
        dynamo.getItem(r -> r.tableName(objectTable).key(stateKey)).item();
    long oldSize =
        old == null || !old.containsKey("size") ? 0 : Long.parseLong(old.get("size").n());
    long newSize = event.kind() == ObjectEvent.Kind.CREATED ? event.size() : 0;
    long total =
        (state == null || state.isEmpty() ? 0 : Long.parseLong(state.get("total_size").n()))
            + newSize
            - oldSize;
    dynamo.putItem(
        r ->
            r.tableName(objectTable)
                .item(
                    Map.of(
                        "bucket_name",
                        s(bucket),
                        "object_name",
                        s(event.key()),
                        "size",
                        n(newSize))));
    dynamo.putItem(
        r ->
            r.tableName(objectTable)
                .item(
                    Map.of(
                        "bucket_name",
                        s(bucket),
                        "object_name",
                        s("__STATE__"),
                        "total_size",
                        n(total))));
    long next = seq.incrementAndGet();
    dynamo.putItem(
        r ->
            r.tableName(historyTable)
                .item(
                    Map.of(
                        "bucket_name",
                        s(bucket),
                        "seq",
                        n(next),
                        "total_size",
                        n(total),
                        "size_delta",
                        n(newSize - oldSize))));
    return total;
  }

  private static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  private static AttributeValue n(long v) {
    return AttributeValue.fromN(Long.toString(v));
  }
}
