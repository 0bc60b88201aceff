package io.s3clean.handler;

import static io.s3clean.handler.SizeTrackingHandlerTest.batch;
import static io.s3clean.testing.TestEvents.delete;
import static io.s3clean.testing.TestEvents.put;
import static io.s3clean.testing.TestEvents.snsBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.s3clean.config.Environment;
import io.s3clean.testing.LocalDynamo;
import io.s3clean.testing.RecordingContext;
import io.s3clean.testing.UnusedClients;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EventLoggingHandlerTest {
  private static LocalDynamo dynamo;
  private static SizeTrackingHandler tracker;
  private static EventLoggingHandler logger;
  private final String bucket = "watched-" + UUID.randomUUID();

  @BeforeAll
  static void start() {
    dynamo = LocalDynamo.start();
    dynamo.createTables("objects", "history");
    Environment env =
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
                ::get);
    tracker =
        new SizeTrackingHandler(
            SizeTrackingHandler.Config.from(env),
            dynamo.client(),
            UnusedClients.cloudWatch(),
            java.time.Clock.systemUTC());
    logger = new EventLoggingHandler(EventLoggingHandler.Config.from(env), dynamo.client());
  }

  @AfterAll
  static void stop() {
    dynamo.close();
  }

  @Test
  void aDeleteLogsTheSizeItTookAwayWhetherTheTrackerRanBeforeOrAfter() {
    // given an object the tracker knows
    tracker.handleRequest(batch(snsBody(put(bucket, "report.csv", 28, 1))), new RecordingContext());
    String deletion = snsBody(delete(bucket, "report.csv", 2));

    // when the logger sees the delete before the tracker applies it
    RecordingContext before = new RecordingContext();
    logger.handleRequest(batch(deletion), before);
    // and again (a redelivery) after the tracker applied it
    tracker.handleRequest(batch(deletion), new RecordingContext());
    RecordingContext after = new RecordingContext();
    logger.handleRequest(batch(deletion), after);

    // then both lines carry the size from stored state
    for (RecordingContext context : new RecordingContext[] {before, after}) {
      JsonNode line = context.json("s3_event").get(0);
      assertThat(line.get("event_type").asText()).isEqualTo("ObjectRemoved:Delete");
      assertThat(line.get("bucket").asText()).isEqualTo(bucket);
      assertThat(line.get("key").asText()).isEqualTo("report.csv");
      assertThat(line.get("size").asLong()).isEqualTo(28);
      assertThat(line.get("size_delta").asLong()).isEqualTo(-28);
    }
  }

  @Test
  void writesOneLinePerEventAndFailsOnlyMalformedMessages() {
    RecordingContext context = new RecordingContext();

    SQSBatchResponse response =
        logger.handleRequest(
            batch(
                snsBody(put(bucket, "a b.txt", 3, 1)), "garbage", snsBody(put(bucket, "c", 4, 2))),
            context);

    assertThat(response.getBatchItemFailures())
        .extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
        .containsExactly("m1");
    assertThat(context.json("s3_event"))
        .extracting(n -> n.get("key").asText())
        .containsExactly("a b.txt", "c");
    assertThat(context.json("s3_event"))
        .extracting(n -> n.get("size_delta").asLong())
        .containsExactly(3L, 4L);
  }

  @Test
  void aLedgerThatCannotBeReadFailsEveryMessageOfTheBatchAndLogsNoEvent() {
    Environment env = new Environment(Map.of("OBJECT_TABLE", "no-such-table")::get);
    EventLoggingHandler blind =
        new EventLoggingHandler(EventLoggingHandler.Config.from(env), dynamo.client());
    RecordingContext context = new RecordingContext();

    SQSBatchResponse response =
        blind.handleRequest(
            batch(snsBody(put(bucket, "a", 3, 1)), "garbage", snsBody(put(bucket, "c", 4, 2))),
            context);

    assertThat(response.getBatchItemFailures())
        .extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
        .containsExactlyInAnyOrder("m0", "m1", "m2");
    assertThat(context.json("s3_event")).isEmpty();
    assertThat(context.json("ledger_read_failed")).hasSize(2);
  }
}
