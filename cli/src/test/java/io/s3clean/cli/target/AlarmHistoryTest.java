package io.s3clean.cli.target;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3clean.cli.target.StackTarget.AlarmTransition;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.model.AlarmHistoryItem;
import software.amazon.awssdk.services.cloudwatch.model.HistoryItemType;

/**
 * moto has no DescribeAlarmHistory: the item below has the shape CloudWatch's documentation shows.
 */
class AlarmHistoryTest {
  @Test
  void aStateUpdateNamesBothStatesAndTheNewReason() {
    AlarmHistoryItem item =
        AlarmHistoryItem.builder()
            .alarmName("s3clean-total-size-threshold")
            .timestamp(Instant.parse("2026-11-24T10:01:30Z"))
            .historyItemType(HistoryItemType.STATE_UPDATE)
            .historySummary("Alarm updated from OK to ALARM")
            .historyData(
                "{\"version\":\"1.0\",\"oldState\":{\"stateValue\":\"OK\",\"stateReason\":\"Threshold Crossed:"
                    + " 1 datapoint [18.0 (24/11/26 10:00:00)] was not greater than or equal to the threshold (20.0).\"},"
                    + "\"newState\":{\"stateValue\":\"ALARM\",\"stateReason\":\"Threshold Crossed: 1 datapoint"
                    + " [46.0 (24/11/26 10:01:00)] was greater than or equal to the threshold (20.0).\","
                    + "\"stateReasonData\":{\"version\":\"1.0\",\"statistic\":\"Maximum\",\"period\":60,\"threshold\":20.0}}}")
            .build();

    assertThat(AwsTarget.transition(item))
        .isEqualTo(
            new AlarmTransition(
                Instant.parse("2026-11-24T10:01:30Z"),
                "OK",
                "ALARM",
                "Threshold Crossed: 1 datapoint [46.0 (24/11/26 10:01:00)] was greater than or equal to the"
                    + " threshold (20.0)."));
  }

  @Test
  void withoutDataTheSummaryIsTheReason() {
    AlarmHistoryItem item =
        AlarmHistoryItem.builder()
            .timestamp(Instant.EPOCH)
            .historySummary("Alarm updated from INSUFFICIENT_DATA to OK")
            .historyData("not json")
            .build();

    assertThat(AwsTarget.transition(item))
        .isEqualTo(
            new AlarmTransition(
                Instant.EPOCH, "?", "?", "Alarm updated from INSUFFICIENT_DATA to OK"));
  }
}
