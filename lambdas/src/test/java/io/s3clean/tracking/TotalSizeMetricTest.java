package io.s3clean.tracking;

import static io.s3clean.testing.TestEvents.put;
import static org.assertj.core.api.Assertions.assertThat;

import io.s3clean.event.ObjectEvent;
import io.s3clean.ledger.AppliedEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TotalSizeMetricTest {
  /**
   * A batch that waited in the batching window and in the queue: its S3 event is 40 seconds old
   * when the line is logged. Stamped with the event's time, its datapoint would fall in a 10-second
   * period that a high-resolution alarm (evaluation range of 30 seconds) has already passed, and
   * the breach would never be evaluated; stamped with the log time, it is.
   */
  @Test
  void aLateBatchIsStampedWithTheTimeItIsLoggedNotWithItsEventTime() {
    ObjectEvent event = put("watched", "late.bin", 46, 1);
    Instant logged = event.eventTime().plusSeconds(40);
    TotalSizeMetric metric = new TotalSizeMetric("S3Clean", Clock.fixed(logged, ZoneOffset.UTC));

    Map<String, Object> fields = metric.fields(new AppliedEvent(event, 46, 46, 1));

    @SuppressWarnings("unchecked")
    Map<String, Object> aws = (Map<String, Object>) fields.get("_aws");
    assertThat(aws.get("Timestamp")).isEqualTo(logged.toEpochMilli());
    assertThat(fields)
        .containsEntry("BucketName", "watched")
        .containsEntry("CurrentTotalSizeHighRes", 46L);
  }
}
