package io.s3clean.history;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/** Reads a bucket's history from HistoryTable, oldest applied event first. */
public final class HistoryReader {
  private static final Map<String, String> NAMES =
      Map.of(
          "#bucket", "bucket_name",
          "#seq", "seq",
          "#time", "event_time",
          "#object", "object_name",
          "#type", "event_type",
          "#delta", "size_delta",
          "#total", "total_size");

  private final DynamoDbClient dynamo;
  private final String historyTable;

  public HistoryReader(DynamoDbClient dynamo, String historyTable) {
    this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
    this.historyTable = Objects.requireNonNull(historyTable, "historyTable");
  }

  /**
   * Every record of {@code bucket} in ascending {@code seq}, across as many pages as it takes.
   *
   * @throws MalformedHistoryException if an item lacks an attribute the design contract promises
   * @throws software.amazon.awssdk.core.exception.SdkException if DynamoDB cannot be read
   */
  public List<HistoryRecord> read(String bucket) {
    QueryRequest query =
        QueryRequest.builder()
            .tableName(historyTable)
            .keyConditionExpression("#bucket = :bucket")
            .expressionAttributeNames(NAMES)
            .expressionAttributeValues(Map.of(":bucket", AttributeValue.fromS(bucket)))
            // DynamoDB rejects unused names, so every name in NAMES appears in one expression.
            .projectionExpression("#seq, #time, #object, #type, #delta, #total")
            .scanIndexForward(true)
            // The plot is usually requested right after a change: show it.
            .consistentRead(true)
            .build();
    List<HistoryRecord> records = new ArrayList<>();
    dynamo.queryPaginator(query).items().forEach(item -> records.add(toRecord(bucket, item)));
    return records;
  }

  private static HistoryRecord toRecord(String bucket, Map<String, AttributeValue> item) {
    String seq = item.containsKey("seq") ? item.get("seq").n() : "?";
    try {
      return new HistoryRecord(
          Long.parseLong(number(item, "seq")),
          instant(string(item, "event_time")),
          string(item, "object_name"),
          string(item, "event_type"),
          Long.parseLong(number(item, "size_delta")),
          Long.parseLong(number(item, "total_size")));
    } catch (RuntimeException e) {
      throw new MalformedHistoryException(
          "history of bucket " + bucket + ", seq " + seq + ": " + e.getMessage(), e);
    }
  }

  private static String string(Map<String, AttributeValue> item, String name) {
    String value = attribute(item, name).s();
    if (value == null) {
      throw new IllegalArgumentException(name + " is not a string");
    }
    return value;
  }

  private static String number(Map<String, AttributeValue> item, String name) {
    String value = attribute(item, name).n();
    if (value == null) {
      throw new IllegalArgumentException(name + " is not a number");
    }
    return value;
  }

  private static AttributeValue attribute(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    if (value == null) {
      throw new IllegalArgumentException("missing " + name);
    }
    return value;
  }

  /** S3 writes "2026-11-23T10:00:00.000Z"; anything else ISO-8601 with an offset is fine too. */
  private static Instant instant(String iso) {
    try {
      return Instant.parse(iso);
    } catch (DateTimeException e) {
      return OffsetDateTime.parse(iso).toInstant();
    }
  }
}
