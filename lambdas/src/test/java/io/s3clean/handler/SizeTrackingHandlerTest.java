package io.s3clean.handler;

import static io.s3clean.testing.TestEvents.delete;
import static io.s3clean.testing.TestEvents.put;
import static io.s3clean.testing.TestEvents.snsBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.s3clean.config.ConfigurationException;
import io.s3clean.config.Environment;
import io.s3clean.event.S3EventMessages;
import io.s3clean.ledger.BucketState;
import io.s3clean.ledger.dynamodb.DynamoLedger;
import io.s3clean.testing.LocalDynamo;
import io.s3clean.testing.RecordingContext;
import io.s3clean.testing.TestEvents;
import io.s3clean.testing.UnusedClients;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SizeTrackingHandlerTest {
  /** When the handler logs, five minutes after the test events happened. */
  private static final java.time.Instant LOGGED_AT = TestEvents.T0.plusSeconds(300);

  private static LocalDynamo dynamo;
  private static SizeTrackingHandler handler;
  private static DynamoLedger ledger;
  private final String bucket = "watched-" + UUID.randomUUID();

  @BeforeAll
  static void start() {
    dynamo = LocalDynamo.start();
    dynamo.createTables("objects", "history");
    SizeTrackingHandler.Config config =
        SizeTrackingHandler.Config.from(
            new Environment(
                Map.of(
                        "OBJECT_TABLE",
                        "objects",
                        "HISTORY_TABLE",
                        "history",
                        "METRIC_NAMESPACE",
                        "S3Clean",
                        "ALARM_NAME",
                        "total-size",
                        "THRESHOLD_BYTES",
                        String.valueOf(Long.MAX_VALUE))
                    ::get));
    handler =
        new SizeTrackingHandler(
            config,
            dynamo.client(),
            UnusedClients.cloudWatch(),
            java.time.Clock.fixed(LOGGED_AT, java.time.ZoneOffset.UTC));
    ledger = new DynamoLedger(dynamo.client(), "objects", "history");
  }

  @AfterAll
  static void stop() {
    dynamo.close();
  }

  @Test
  void appliesABatchAndLogsTheTotalAfterEachEventForTheMetricFilter() {
    RecordingContext context = new RecordingContext();

    SQSBatchResponse response =
        handler.handleRequest(
            batch(
                snsBody(put(bucket, "assignment1.txt", 18, 1)),
                snsBody(put(bucket, "assignment2.txt", 28, 2)),
                snsBody(delete(bucket, "assignment2.txt", 3))),
            context);

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(ledger.state(bucket)).isEqualTo(new BucketState(18, 1, 3));
    assertThat(context.json("size_tracked"))
        .extracting(n -> n.get("total_size").asLong())
        .containsExactly(18L, 46L, 18L);
    assertThat(context.json("size_tracked"))
        .extracting(n -> n.get("size_delta").asLong())
        .containsExactly(18L, 28L, -28L);
  }

  @Test
  void eachTotalIsAlsoAHighResolutionMetricInEmbeddedMetricFormat() {
    RecordingContext context = new RecordingContext();

    handler.handleRequest(batch(snsBody(put(bucket, "a", 46, 1))), context);

    JsonNode line = context.json("size_tracked").get(0);
    JsonNode directive = line.at("/_aws/CloudWatchMetrics/0");
    assertThat(directive.get("Namespace").asText()).isEqualTo("S3Clean");
    assertThat(directive.at("/Dimensions/0/0").asText()).isEqualTo("BucketName");
    assertThat(directive.at("/Metrics/0/Name").asText()).isEqualTo("CurrentTotalSizeHighRes");
    assertThat(directive.at("/Metrics/0/StorageResolution").asInt()).isEqualTo(1);
    assertThat(line.at("/_aws/Timestamp").asLong()).isEqualTo(LOGGED_AT.toEpochMilli());
    assertThat(line.get("BucketName").asText()).isEqualTo(bucket);
    assertThat(line.get("CurrentTotalSizeHighRes").asLong()).isEqualTo(46);
    assertThat(line.get("total_size").asLong()).isEqualTo(46);
  }

  @Test
  void aMalformedMessageFailsAloneWhileTheRestOfItsBatchIsApplied() {
    RecordingContext context = new RecordingContext();

    SQSBatchResponse response =
        handler.handleRequest(
            batch(
                snsBody(put(bucket, "a", 5, 1)),
                "{\"Type\":\"Notification\",\"Message\":\"not json\"}",
                snsBody(put(bucket, "b", 7, 2))),
            context);

    assertThat(response.getBatchItemFailures())
        .extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
        .containsExactly("m1");
    assertThat(ledger.state(bucket).totalSize()).isEqualTo(12);
    assertThat(context.json("malformed_message"))
        .singleElement()
        .satisfies(
            n ->
                assertThat(n.get("error").asText())
                    .startsWith("SNS Message is not JSON: Unrecognized token 'not'"));
  }

  @Test
  void s3sTestEventIsSkippedWithALogLine() {
    RecordingContext context = new RecordingContext();
    String testEvent =
        S3EventMessages.snsEnvelope(
            TestEvents.TOPIC,
            "Amazon S3 Notification",
            S3EventMessages.testEvent(bucket, TestEvents.T0),
            TestEvents.T0);

    SQSBatchResponse response = handler.handleRequest(batch(testEvent), context);

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(context.json("event_skipped"))
        .singleElement()
        .satisfies(n -> assertThat(n.get("reason").asText()).startsWith("s3:TestEvent"));
    assertThat(ledger.state(bucket)).isEqualTo(BucketState.EMPTY);
  }

  @Test
  void aRedeliveredBatchChangesNothingAndSaysWhy() {
    SQSEvent batch = batch(snsBody(put(bucket, "a", 5, 1)), snsBody(put(bucket, "a", 9, 2)));
    handler.handleRequest(batch, new RecordingContext());
    RecordingContext again = new RecordingContext();

    handler.handleRequest(batch, again);

    assertThat(ledger.state(bucket)).isEqualTo(new BucketState(9, 1, 2));
    assertThat(again.json("size_tracked")).isEmpty();
    assertThat(again.json("event_skipped"))
        .extracting(n -> n.get("reason").asText())
        .containsExactly("stale", "duplicate");
  }

  @Test
  void moreEventsThanOneTransactionHoldsAreAppliedInSeveral() {
    List<String> bodies = new ArrayList<>();
    for (int i = 1; i <= 120; i++) {
      bodies.add(snsBody(put(bucket, "k" + i, i, i)));
    }

    SQSBatchResponse response =
        handler.handleRequest(batch(bodies.toArray(String[]::new)), new RecordingContext());

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(ledger.state(bucket)).isEqualTo(new BucketState(120 * 121 / 2, 120, 120));
  }

  @Test
  void configurationNamesTheMissingVariable() {
    assertThatThrownBy(
            () ->
                SizeTrackingHandler.Config.from(new Environment(Map.of("OBJECT_TABLE", "o")::get)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("missing environment variable HISTORY_TABLE");
  }

  static SQSEvent batch(String... bodies) {
    List<SQSEvent.SQSMessage> messages = new ArrayList<>();
    for (int i = 0; i < bodies.length; i++) {
      SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
      message.setMessageId("m" + i);
      message.setBody(bodies[i]);
      messages.add(message);
    }
    SQSEvent event = new SQSEvent();
    event.setRecords(messages);
    return event;
  }
}
