package io.s3clean.cloudwatch.alarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.s3clean.cloudwatch.metrics.MetricId;
import io.s3clean.cloudwatch.metrics.Statistic;
import io.s3clean.template.ResourceProperties;
import io.s3clean.template.TemplateException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AlarmDefinitionTest {
  private static final String CLEANER =
      "arn:aws:lambda:us-east-1:123456789012:function:s3clean-cleaner";

  /** Seed 000's alarm as the template states it. */
  private static Map<String, Object> seedAlarm() {
    Map<String, Object> properties = new HashMap<>();
    properties.put("AlarmName", "s3clean-total-size");
    properties.put("Namespace", "S3Clean");
    properties.put("MetricName", "CurrentTotalSize");
    properties.put("Statistic", "Maximum");
    properties.put("Period", 60);
    properties.put("EvaluationPeriods", 1);
    properties.put("ComparisonOperator", "GreaterThanOrEqualToThreshold");
    properties.put("Threshold", "20");
    properties.put("TreatMissingData", "notBreaching");
    properties.put("AlarmActions", List.of(CLEANER));
    return properties;
  }

  private static AlarmDefinition fromTemplate(Map<String, Object> properties) {
    return AlarmDefinition.fromCloudFormation(
        "SizeAlarm", ResourceProperties.of("SizeAlarm", properties));
  }

  @Test
  void readsTheTemplatesAlarmWithAwsDefaults() {
    AlarmDefinition alarm = fromTemplate(seedAlarm());

    assertThat(alarm.alarmName()).isEqualTo("s3clean-total-size");
    assertThat(alarm.metric()).isEqualTo(MetricId.of("S3Clean", "CurrentTotalSize"));
    assertThat(alarm.statistic()).isEqualTo(Statistic.MAXIMUM);
    assertThat(alarm.periodSeconds()).isEqualTo(60);
    assertThat(alarm.datapointsToAlarm()).isEqualTo(1);
    assertThat(alarm.comparisonOperator())
        .isEqualTo(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD);
    assertThat(alarm.threshold()).isEqualTo(20.0);
    assertThat(alarm.treatMissingData()).isEqualTo(TreatMissingData.NOT_BREACHING);
    assertThat(alarm.alarmActions()).containsExactly(CLEANER);
    assertThat(alarm.actionsEnabled()).isTrue();
  }

  @Test
  void readsDimensionsAndDefaultsTreatMissingDataToMissing() {
    Map<String, Object> properties = seedAlarm();
    properties.remove("TreatMissingData");
    properties.remove("AlarmName");
    properties.put("Dimensions", List.of(Map.of("Name", "Bucket", "Value", "b")));

    AlarmDefinition alarm = fromTemplate(properties);

    assertThat(alarm.alarmName()).isEqualTo("SizeAlarm");
    assertThat(alarm.treatMissingData()).isEqualTo(TreatMissingData.MISSING);
    assertThat(alarm.metric().dimensions()).containsEntry("Bucket", "b");
  }

  @ParameterizedTest(name = "Period {0}")
  @ValueSource(ints = {10, 20, 30, 60, 120, 300, 3600})
  void acceptsThePeriodsAwsOffers(int period) {
    Map<String, Object> properties = seedAlarm();
    properties.put("Period", period);

    assertThat(fromTemplate(properties).highResolution()).isEqualTo(period < 60);
  }

  @ParameterizedTest(name = "{0} = {1}: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Period             | 15                                       | Period must be 10, 20, 30 or a multiple of 60",
        "Period             | 90                                       | Period must be 10, 20, 30 or a multiple of 60",
        "DatapointsToAlarm  | 2                                        | DatapointsToAlarm must be between 1 and EvaluationPeriods",
        "EvaluationPeriods  | 0                                        | EvaluationPeriods must be at least 1",
        "EvaluationPeriods  | 1441                                     | must not exceed one day",
        "ComparisonOperator | LessThanLowerOrGreaterThanUpperThreshold | anomaly detection band",
        "Statistic          | p99                                      | no percentiles",
        "TreatMissingData   | sometimes                                | TreatMissingData must be missing, notBreaching",
        "ExtendedStatistic  | p99                                      | not percentiles",
        "Unit               | Bytes                                    | does not keep datapoints apart by unit",
        "Tags               | x                                        | property Tags is not supported",
        "AlarmActions       | arn:aws:sns:us-east-1:123456789012:topic | not a Lambda function ARN",
      })
  void rejectsWhatItCannotEvaluateAsAwsWould(String property, String value, String problem) {
    Map<String, Object> properties = seedAlarm();
    properties.put(property, property.endsWith("Actions") ? List.of(value) : value);

    assertThatThrownBy(() -> fromTemplate(properties))
        .isInstanceOf(TemplateException.class)
        .hasMessageStartingWith("SizeAlarm")
        .hasMessageContaining(problem);
  }

  @Test
  void metricMathIsAClearError() {
    Map<String, Object> properties = seedAlarm();
    properties.put("Metrics", List.of(Map.of("Id", "m1")));

    assertThatThrownBy(() -> fromTemplate(properties))
        .hasMessageContaining("Metrics is not supported")
        .hasMessageContaining("metric math");
  }

  @Test
  void actionsAreChosenByTheNewState() {
    AlarmDefinition alarm = fromTemplate(seedAlarm());

    assertThat(alarm.actionsFor(AlarmState.ALARM)).containsExactly(CLEANER);
    assertThat(alarm.actionsFor(AlarmState.OK)).isEmpty();
  }
}
