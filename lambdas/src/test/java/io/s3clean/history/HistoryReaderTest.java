package io.s3clean.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.s3clean.testing.LocalDynamo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

class HistoryReaderTest {
  private static final String TABLE = "HistoryTable";
  private static final Instant START = Instant.parse("2026-11-23T10:00:00Z");
  private static LocalDynamo dynamo;
  private static HistoryReader reader;

  @BeforeAll
  static void start() {
    dynamo = LocalDynamo.start();
    dynamo.createTables("ObjectTable", TABLE);
    reader = new HistoryReader(dynamo.client(), TABLE);
  }

  @AfterAll
  static void stop() {
    dynamo.close();
  }

  @Test
  void readsEveryAttributeTheTimelineShowsInSeqOrder() {
    // given: written in a different order than applied
    List<HistoryRecord> applied =
        List.of(
            record(1, 0, "a.txt", "ObjectCreated:Put", 18, 18),
            record(2, 40, "b.txt", "ObjectCreated:Put", 28, 46),
            // applied third, happened second: S3 delivered it late
            record(3, 20, "b.txt", "ObjectRemoved:Delete", -28, 18));
    List<HistoryRecord> shuffled = new ArrayList<>(applied);
    Collections.reverse(shuffled);
    HistoryItems.put(dynamo.client(), TABLE, "ordered", shuffled);

    // when
    List<HistoryRecord> read = reader.read("ordered");

    // then
    assertThat(read).containsExactlyElementsOf(applied);
  }

  @Test
  void readsAHistoryLargerThanOneQueryPage() {
    // given: ~2.5 MB of items (DynamoDB returns at most 1 MB per Query page)
    String padding = "x".repeat(10_000);
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    long total = 0;
    for (int seq = 1; seq <= 250; seq++) {
      total += seq;
      Map<String, AttributeValue> item = HistoryItems.item("paged", created(seq, seq, total));
      item.put("padding", AttributeValue.fromS(padding));
      items.add(item);
    }
    HistoryItems.putItems(dynamo.client(), TABLE, items);
    assertThat(firstPageIsPartial("paged")).as("precondition: the history spans pages").isTrue();

    // when
    List<HistoryRecord> read = reader.read("paged");

    // then
    assertThat(read).hasSize(250);
    assertThat(read).extracting(HistoryRecord::seq).isSorted().startsWith(1L).endsWith(250L);
    assertThat(read.get(249).totalSize()).isEqualTo(250L * 251 / 2);
  }

  @Test
  void readsOnlyTheRequestedBucket() {
    // given
    HistoryItems.put(dynamo.client(), TABLE, "mine", List.of(created(1, 5, 5)));
    HistoryItems.put(dynamo.client(), TABLE, "mine-too", List.of(created(1, 7, 7)));

    // when / then
    assertThat(reader.read("mine")).extracting(HistoryRecord::totalSize).containsExactly(5L);
  }

  @Test
  void aBucketWithoutHistoryHasAnEmptyOne() {
    assertThat(reader.read("never-seen")).isEmpty();
  }

  @Test
  void acceptsEventTimesWithAnOffset() {
    // given
    Map<String, AttributeValue> item = HistoryItems.item("offset", created(1, 1, 1));
    item.put("event_time", AttributeValue.fromS("2026-11-23T11:00:00+01:00"));
    HistoryItems.putItems(dynamo.client(), TABLE, List.of(item));

    // when / then
    assertThat(reader.read("offset").get(0).eventTime()).isEqualTo(START);
  }

  @Test
  void namesTheBucketAndSeqOfAnItemMissingAPromisedAttribute() {
    // given
    Map<String, AttributeValue> item = HistoryItems.item("broken", created(7, 1, 1));
    item.remove("total_size");
    HistoryItems.putItems(dynamo.client(), TABLE, List.of(item));

    // when / then
    assertThatExceptionOfType(MalformedHistoryException.class)
        .isThrownBy(() -> reader.read("broken"))
        .withMessage("history of bucket broken, seq 7: missing total_size");
  }

  @Test
  void letsDynamoDbFailuresThrough() {
    HistoryReader wrongTable = new HistoryReader(dynamo.client(), "NoSuchTable");

    assertThatExceptionOfType(ResourceNotFoundException.class)
        .isThrownBy(() -> wrongTable.read("any"));
  }

  private static boolean firstPageIsPartial(String bucket) {
    return dynamo
        .client()
        .query(
            q ->
                q.tableName(TABLE)
                    .keyConditionExpression("bucket_name = :b")
                    .expressionAttributeValues(Map.of(":b", AttributeValue.fromS(bucket))))
        .hasLastEvaluatedKey();
  }

  private static HistoryRecord created(long seq, long size, long total) {
    return record(seq, 0, "key-" + seq, "ObjectCreated:Put", size, total);
  }

  private static HistoryRecord record(
      long seq, long secondsAfterStart, String key, String type, long delta, long total) {
    return new HistoryRecord(seq, START.plusSeconds(secondsAfterStart), key, type, delta, total);
  }
}
