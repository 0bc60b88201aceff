package io.s3clean.cloudwatch.alarm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3clean.cloudwatch.metrics.Statistic;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlarmEvaluatorTest {
  private static final Instant RANGE_START = Instant.parse("2026-11-23T10:12:00Z");
  private static final Instant QUERY = Instant.parse("2026-11-23T10:17:05Z");
  private static final String CLEANER = "arn:aws:lambda:us-east-1:123456789012:function:cleaner";

  private static AlarmDefinition alarm(int m, int n, TreatMissingData treatment) {
    return AlarmDefinition.builder("a")
        .metric("S3Clean", "CurrentTotalSize")
        .statistic(Statistic.MAXIMUM)
        .period(60)
        .evaluationPeriods(n)
        .datapointsToAlarm(m)
        .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
        .threshold(3)
        .treatMissingData(treatment)
        .alarmAction(CLEANER)
        .build();
  }

  /** "0 - X - X": 0 within the threshold, X breaching, - missing; oldest first, a minute each. */
  private static List<PeriodValue> range(String datapoints) {
    List<PeriodValue> range = new ArrayList<>();
    String[] symbols = datapoints.trim().split("\\s+");
    for (int i = 0; i < symbols.length; i++) {
      Instant at = RANGE_START.plusSeconds(60L * i);
      range.add(
          switch (symbols[i]) {
            case "0" -> PeriodValue.of(at, 0, 1);
            case "X" -> PeriodValue.of(at, 5, 1);
            default -> PeriodValue.missing(at);
          });
    }
    return range;
  }

  private static String outcome(AlarmDefinition alarm, String datapoints) {
    Optional<Evaluation> evaluation = AlarmEvaluator.evaluate(alarm, range(datapoints), QUERY);
    return evaluation.map(e -> e.state().name()).orElse("RETAIN");
  }

  // "Using Amazon CloudWatch alarms", first table: Datapoints to Alarm and Evaluation Periods 3,
  // five periods retrieved.
  @ParameterizedTest(name = "3 of 3, {0}: missing {1}, ignore {2}, breaching {3}, notBreaching {4}")
  @CsvSource({
    "0 - X - X, OK, OK, OK, OK",
    "0 - - - -, OK, OK, OK, OK",
    "- - - - -, INSUFFICIENT_DATA, RETAIN, ALARM, OK",
    "0 X X - X, ALARM, ALARM, ALARM, ALARM",
    "- - - - X, INSUFFICIENT_DATA, RETAIN, ALARM, OK",
    "X - - - -, ALARM, RETAIN, ALARM, OK",
  })
  void threeOutOfThreeAsTheFirstTableOfTheDocs(
      String datapoints, String missing, String ignore, String breaching, String notBreaching) {
    assertThat(outcome(alarm(3, 3, TreatMissingData.MISSING), datapoints)).isEqualTo(missing);
    assertThat(outcome(alarm(3, 3, TreatMissingData.IGNORE), datapoints)).isEqualTo(ignore);
    assertThat(outcome(alarm(3, 3, TreatMissingData.BREACHING), datapoints)).isEqualTo(breaching);
    assertThat(outcome(alarm(3, 3, TreatMissingData.NOT_BREACHING), datapoints))
        .isEqualTo(notBreaching);
  }

  // The second table: a 2 out of 3 alarm.
  @ParameterizedTest(name = "2 of 3, {0}: missing {1}, ignore {2}, breaching {3}, notBreaching {4}")
  @CsvSource({
    "0 - X - X, ALARM, ALARM, ALARM, ALARM",
    "0 0 X 0 X, ALARM, ALARM, ALARM, ALARM",
    "0 - X - -, OK, OK, ALARM, OK",
    "- - - - 0, OK, OK, ALARM, OK",
    "- - - - X, INSUFFICIENT_DATA, RETAIN, ALARM, OK",
  })
  void twoOutOfThreeAsTheSecondTableOfTheDocs(
      String datapoints, String missing, String ignore, String breaching, String notBreaching) {
    assertThat(outcome(alarm(2, 3, TreatMissingData.MISSING), datapoints)).isEqualTo(missing);
    assertThat(outcome(alarm(2, 3, TreatMissingData.IGNORE), datapoints)).isEqualTo(ignore);
    assertThat(outcome(alarm(2, 3, TreatMissingData.BREACHING), datapoints)).isEqualTo(breaching);
    assertThat(outcome(alarm(2, 3, TreatMissingData.NOT_BREACHING), datapoints))
        .isEqualTo(notBreaching);
  }

  // More M out of N: breaching datapoints need not be consecutive, only within the last N.
  @ParameterizedTest(name = "{0} of {1}, {2} -> {3}")
  @CsvSource({
    "1, 1, - - 0 - X, ALARM",
    "1, 1, - - X - 0, OK",
    "2, 3, X 0 X 0 0, OK",
    "2, 3, X 0 0 X X, ALARM",
    "3, 5, 0 X X 0 X 0 X, ALARM",
    "3, 5, X X 0 0 X 0 0, OK",
  })
  void mOutOfNCountsBreachingDatapointsAmongTheLastN(
      int m, int n, String datapoints, String expected) {
    assertThat(outcome(alarm(m, n, TreatMissingData.MISSING), datapoints)).isEqualTo(expected);
  }

  private static AlarmDefinition sizeAlarm(TreatMissingData treatment) {
    return AlarmDefinition.builder("s3clean-size")
        .metric("S3Clean", "CurrentTotalSize")
        .statistic(Statistic.MAXIMUM)
        .period(60)
        .evaluationPeriods(1)
        .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
        .threshold(20)
        .treatMissingData(treatment)
        .alarmAction(CLEANER)
        .build();
  }

  @Test
  void statesTheReasonForAlarmInAwsWords() {
    List<PeriodValue> range =
        List.of(
            PeriodValue.missing(Instant.parse("2026-11-23T10:14:00Z")),
            PeriodValue.missing(Instant.parse("2026-11-23T10:15:00Z")),
            PeriodValue.of(Instant.parse("2026-11-23T10:16:00Z"), 46, 3));

    Evaluation evaluation =
        AlarmEvaluator.evaluate(sizeAlarm(TreatMissingData.NOT_BREACHING), range, QUERY)
            .orElseThrow();

    assertThat(evaluation.state()).isEqualTo(AlarmState.ALARM);
    assertThat(evaluation.reason())
        .isEqualTo(
            "Threshold Crossed: 1 out of the last 1 datapoints [46.0 (23/11/26 10:16:00)]"
                + " was greater than or equal to the threshold (20.0) (minimum 1 datapoint for"
                + " OK -> ALARM transition).");
  }

  @Test
  void reasonDataListsTheQueryTheRangeAndTheEvaluatedDatapoints() throws Exception {
    List<PeriodValue> range =
        List.of(
            PeriodValue.of(Instant.parse("2026-11-23T10:14:00Z"), 46, 3),
            PeriodValue.missing(Instant.parse("2026-11-23T10:15:00Z")),
            PeriodValue.of(Instant.parse("2026-11-23T10:16:00Z"), 18, 1));

    Evaluation evaluation =
        AlarmEvaluator.evaluate(sizeAlarm(TreatMissingData.NOT_BREACHING), range, QUERY)
            .orElseThrow();
    JsonNode data = new ObjectMapper().readTree(evaluation.reasonData());

    assertThat(evaluation.state()).isEqualTo(AlarmState.OK);
    assertThat(evaluation.reason())
        .isEqualTo(
            "Threshold Crossed: 1 datapoint [18.0 (23/11/26 10:16:00)] was not greater"
                + " than or equal to the threshold (20.0).");
    assertThat(data.path("queryDate").asText()).isEqualTo("2026-11-23T10:17:05.000+0000");
    assertThat(data.path("startDate").asText()).isEqualTo("2026-11-23T10:14:00.000+0000");
    assertThat(data.path("statistic").asText()).isEqualTo("Maximum");
    assertThat(data.path("period").asInt()).isEqualTo(60);
    assertThat(data.path("threshold").asDouble()).isEqualTo(20.0);
    assertThat(data.path("recentDatapoints").toString()).isEqualTo("[46.0,18.0]");
    assertThat(data.path("evaluatedDatapoints").toString())
        .isEqualTo(
            "[{\"timestamp\":\"2026-11-23T10:16:00.000+0000\",\"sampleCount\":1.0,"
                + "\"value\":18.0}]");
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "MISSING       | Insufficient Data: 1 datapoint was unknown.",
        "NOT_BREACHING | Threshold Crossed: no datapoints were received for 1 period and 1 missing"
            + " datapoint was treated as [NonBreaching].",
        "BREACHING     | Threshold Crossed: no datapoints were received for 1 period and 1 missing"
            + " datapoint was treated as [Breaching].",
      })
  void explainsAnEvaluationRangeWithoutData(TreatMissingData treatment, String reason) {
    List<PeriodValue> empty = range("- - -");

    assertThat(AlarmEvaluator.evaluate(sizeAlarm(treatment), empty, QUERY))
        .get()
        .extracting(Evaluation::reason)
        .isEqualTo(reason);
  }

  @Test
  void anMOutOfNAlarmWithTooFewBreachesSaysHowManyItNeeded() {
    Evaluation evaluation =
        AlarmEvaluator.evaluate(alarm(2, 3, TreatMissingData.MISSING), range("- - 0 X 0"), QUERY)
            .orElseThrow();

    assertThat(evaluation.state()).isEqualTo(AlarmState.OK);
    assertThat(evaluation.reason())
        .isEqualTo(
            "Threshold Crossed: 1 out of the last 3 datapoints [5.0 (23/11/26 10:15:00)]"
                + " was greater than the threshold (3.0) (minimum 2 datapoints for OK -> ALARM"
                + " transition).");
  }
}
