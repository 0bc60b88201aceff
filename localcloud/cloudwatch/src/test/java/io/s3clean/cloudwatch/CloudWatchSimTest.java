package io.s3clean.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3clean.clock.ManualClock;
import io.s3clean.clock.ScaledClock;
import io.s3clean.cloudwatch.alarm.AlarmDefinition;
import io.s3clean.cloudwatch.alarm.AlarmDescription;
import io.s3clean.cloudwatch.alarm.AlarmHistoryItem;
import io.s3clean.cloudwatch.alarm.AlarmState;
import io.s3clean.cloudwatch.filter.MetricTransformation;
import io.s3clean.cloudwatch.logs.LambdaLogWriter;
import io.s3clean.cloudwatch.logs.LogEvent;
import io.s3clean.cloudwatch.logs.LogStore;
import io.s3clean.cloudwatch.metrics.MetricId;
import io.s3clean.cloudwatch.metrics.PeriodStatistics;
import io.s3clean.template.ResourceProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The decision path end to end: size-tracking logs, metric filter, metric, alarm, cleaner. */
class CloudWatchSimTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String GROUP = "/aws/lambda/s3clean-size-tracking";
  private static final String CLEANER =
      "arn:aws:lambda:us-east-1:123456789012:function:s3clean-cleaner";
  private static final MetricId TOTAL = MetricId.of("S3Clean", "CurrentTotalSize");

  @TempDir Path dataDirectory;
  private final List<String> cleanerPayloads = new CopyOnWriteArrayList<>();

  /** Seed 000's alarm, with the template's TreatMissingData choice. */
  private static AlarmDefinition seedAlarm(int period, String metricName) {
    Map<String, Object> properties = new HashMap<>();
    properties.put("AlarmName", "s3clean-total-size");
    properties.put("Namespace", "S3Clean");
    properties.put("MetricName", metricName);
    properties.put("Statistic", "Maximum");
    properties.put("Period", period);
    properties.put("EvaluationPeriods", 1);
    properties.put("ComparisonOperator", "GreaterThanOrEqualToThreshold");
    properties.put("Threshold", 20);
    properties.put("TreatMissingData", "notBreaching");
    properties.put("AlarmActions", List.of(CLEANER));
    return AlarmDefinition.fromCloudFormation(
        "SizeAlarm", ResourceProperties.of("SizeAlarm", properties));
  }

  private static String sizeTracked(long total) {
    return "{\"level\":\"INFO\",\"message\":\"size_tracked\",\"bucket\":\"b\",\"key\":\"k\","
        + "\"event_type\":\"ObjectCreated:Put\",\"size_delta\":28,\"total_size\":"
        + total
        + ",\"seq\":2}";
  }

  /** One size-tracking invocation, logged as Lambda logs it. */
  private static void track(LambdaLogWriter writer, long total) {
    LambdaLogWriter.Invocation invocation = writer.start(LambdaLogWriter.newRequestId());
    invocation.log(sizeTracked(total));
    invocation.end(Duration.ofMillis(12), 80);
  }

  private CloudWatchSim.Builder sim(io.s3clean.clock.SimClock clock) {
    return CloudWatchSim.builder(clock)
        .dataDirectory(dataDirectory)
        .accountId("123456789012")
        .actionTarget((arn, payload) -> cleanerPayloads.add(payload));
  }

  private static void addSizeFilter(CloudWatchSim cloudWatch) {
    cloudWatch.addMetricFilter(
        GROUP,
        "{ $.total_size = * }",
        List.of(
            MetricTransformation.of("S3Clean", "CurrentTotalSize", "$.total_size")
                .withUnit("Bytes")));
  }

  @Test
  void totalsAtOrAboveTheThresholdAlarmWithinOnePeriodAndTheCleanerRunsOncePerTransition()
      throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2026-11-23T10:15:00Z"));
    try (CloudWatchSim cloudWatch = sim(clock).actionExecutor(Runnable::run).build()) {
      // given
      addSizeFilter(cloudWatch);
      cloudWatch.addAlarm(seedAlarm(60, "CurrentTotalSize"));
      LambdaLogWriter writer = cloudWatch.lambdaLogWriter(GROUP, 512);

      // when: uploads take the total to 18, 46, then (deleting) back to 18 within 10:15
      clock.set(Instant.parse("2026-11-23T10:15:10Z"));
      track(writer, 18);
      clock.set(Instant.parse("2026-11-23T10:15:20Z"));
      track(writer, 46);
      clock.set(Instant.parse("2026-11-23T10:15:50Z"));
      track(writer, 18);

      // then: the minute's Maximum is 46; START, END and REPORT lines published nothing
      List<PeriodStatistics> minute =
          cloudWatch
              .metrics()
              .statistics(
                  TOTAL,
                  Instant.parse("2026-11-23T10:15:00Z"),
                  Instant.parse("2026-11-23T10:16:00Z"),
                  Duration.ofMinutes(1));
      assertThat(minute)
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.maximum()).isEqualTo(46);
                assertThat(p.sampleCount()).isEqualTo(3);
              });

      // when: the minute closes and the alarm evaluates
      clock.set(Instant.parse("2026-11-23T10:16:02Z"));
      cloudWatch.runDue();

      // then: ALARM, and the cleaner got CloudWatch's alarm event once
      assertThat(state(cloudWatch)).isEqualTo(AlarmState.ALARM);
      assertThat(cleanerPayloads).hasSize(1);
      JsonNode event = JSON.readTree(cleanerPayloads.get(0));
      assertThat(event.path("alarmData").path("state").path("value").asText()).isEqualTo("ALARM");

      // when: the cleaner's deletion is tracked in the next minute
      clock.set(Instant.parse("2026-11-23T10:16:07Z"));
      track(writer, 18);
      clock.set(Instant.parse("2026-11-23T10:17:02Z"));
      cloudWatch.runDue();

      // then: OK within one period, and no second cleaner run
      assertThat(state(cloudWatch)).isEqualTo(AlarmState.OK);
      assertThat(cleanerPayloads).hasSize(1);

      // and: the history shows each transition with its reason, starting with the first
      // evaluation at 10:15:02, where notBreaching made the new alarm OK
      AlarmDescription description = cloudWatch.describeAlarm("s3clean-total-size").orElseThrow();
      List<AlarmHistoryItem> transitions =
          description.history().stream().filter(h -> h.type().equals("StateUpdate")).toList();
      assertThat(transitions)
          .extracting(AlarmHistoryItem::summary)
          .containsExactly(
              "Alarm updated from ALARM to OK",
              "Alarm updated from OK to ALARM",
              "Alarm updated from INSUFFICIENT_DATA to OK");
      assertThat(
              JSON.readTree(transitions.get(1).data())
                  .path("newState")
                  .path("stateReason")
                  .asText())
          .isEqualTo(
              "Threshold Crossed: 1 out of the last 1 datapoints [46.0 (23/11/26"
                  + " 10:15:00)] was greater than or equal to the threshold (20.0) (minimum 1"
                  + " datapoint for OK -> ALARM transition).");
      assertThat(
              JSON.readTree(transitions.get(0).data())
                  .path("newState")
                  .path("stateReason")
                  .asText())
          .isEqualTo(
              "Threshold Crossed: 1 datapoint [18.0 (23/11/26 10:16:00)] was not greater"
                  + " than or equal to the threshold (20.0).");
      assertThat(description.lastDatapoint().value()).isEqualTo(18);
    }

    // and: another process sees the alarm's state and the function's log stream
    JsonNode snapshot = JSON.readTree(AlarmSnapshots.readAll(dataDirectory).get(0));
    assertThat(snapshot.path("StateValue").asText()).isEqualTo("OK");
    assertThat(snapshot.path("History").size()).isEqualTo(5); // created, 3 transitions, 1 action
    try (LogStore reader = LogStore.open(dataDirectory.resolve("logs"), clock)) {
      assertThat(reader.read(GROUP, Instant.EPOCH, m -> m.startsWith("REPORT RequestId:")))
          .hasSize(4);
    }
  }

  /**
   * A cloud stopped and started again over its data directory carries on: the alarm keeps its state
   * and history, and the metrics are what the filter made of the logs kept, with no action run
   * again.
   */
  @Test
  void aRestartedCloudKeepsItsAlarmsStateAndHistoryAndItsMetrics() {
    ManualClock clock = new ManualClock(Instant.parse("2026-11-23T10:15:00Z"));
    List<AlarmHistoryItem> before;
    try (CloudWatchSim cloudWatch = sim(clock).actionExecutor(Runnable::run).build()) {
      addSizeFilter(cloudWatch);
      cloudWatch.addAlarm(seedAlarm(60, "CurrentTotalSize"));
      clock.set(Instant.parse("2026-11-23T10:15:20Z"));
      track(cloudWatch.lambdaLogWriter(GROUP, 512), 46);
      clock.set(Instant.parse("2026-11-23T10:16:02Z"));
      cloudWatch.runDue();
      assertThat(state(cloudWatch)).isEqualTo(AlarmState.ALARM);
      before = cloudWatch.describeAlarm("s3clean-total-size").orElseThrow().history();
    }

    clock.set(Instant.parse("2026-11-23T10:16:30Z"));
    try (CloudWatchSim restarted = sim(clock).actionExecutor(Runnable::run).build()) {
      addSizeFilter(restarted);
      restarted.addAlarm(seedAlarm(60, "CurrentTotalSize"));

      assertThat(state(restarted)).isEqualTo(AlarmState.ALARM);
      assertThat(restarted.describeAlarm("s3clean-total-size").orElseThrow().history())
          .isEqualTo(before);
      assertThat(
              restarted
                  .metrics()
                  .statistics(
                      TOTAL,
                      Instant.parse("2026-11-23T10:15:00Z"),
                      Instant.parse("2026-11-23T10:16:00Z"),
                      Duration.ofMinutes(1)))
          .singleElement()
          .satisfies(p -> assertThat(p.maximum()).isEqualTo(46));
      // the next evaluation sees the kept datapoint: still ALARM, no new transition, no new action
      clock.set(Instant.parse("2026-11-23T10:17:02Z"));
      restarted.runDue();
      assertThat(state(restarted)).isEqualTo(AlarmState.ALARM);
      assertThat(cleanerPayloads).hasSize(1);
    }
  }

  @Test
  void runsTheWholePathOnAScaledClockInTheBackground() throws Exception {
    // given: two simulated minutes per real second, which leaves half a real second before the
    // minute boundary for the upload, enough on a loaded machine
    ScaledClock clock = ScaledClock.startingAt(Instant.parse("2026-11-23T10:15:01Z"), 120);
    try (CloudWatchSim cloudWatch = sim(clock).build()) {
      addSizeFilter(cloudWatch);
      cloudWatch.addAlarm(seedAlarm(60, "CurrentTotalSize"));
      cloudWatch.start();
      LambdaLogWriter writer = cloudWatch.lambdaLogWriter(GROUP, 512);

      // when
      track(writer, 46);

      // then: the evaluation after the minute boundary runs the cleaner, asynchronously
      awaitTrue(() -> cleanerPayloads.size() == 1);
      AlarmDescription alarm = cloudWatch.describeAlarm("s3clean-total-size").orElseThrow();
      assertThat(alarm.state().value()).isEqualTo(AlarmState.ALARM);
      assertThat(alarm.state().timestamp()).isEqualTo(Instant.parse("2026-11-23T10:16:02Z"));

      // when
      track(writer, 18);

      // then
      awaitTrue(() -> state(cloudWatch) == AlarmState.OK);
      assertThat(cleanerPayloads).hasSize(1);
    }
  }

  @Test
  void theHighResolutionPathAlarmsOnAnEmfMetricWithinTenSeconds() {
    // given: the size tracker also emits its total as a high-resolution EMF metric
    ManualClock clock = new ManualClock(Instant.parse("2026-11-23T10:15:00Z"));
    try (CloudWatchSim cloudWatch = sim(clock).actionExecutor(Runnable::run).build()) {
      addSizeFilter(cloudWatch);
      cloudWatch.addAlarm(seedAlarm(10, "CurrentTotalSizeHighRes"));
      LambdaLogWriter writer = cloudWatch.lambdaLogWriter(GROUP, 512);

      // when
      clock.set(Instant.parse("2026-11-23T10:15:03Z"));
      writer.start("r1").log(emfSizeTracked(clock.instant(), 46));
      clock.set(Instant.parse("2026-11-23T10:15:12Z"));
      cloudWatch.runDue();

      // then
      assertThat(state(cloudWatch)).isEqualTo(AlarmState.ALARM);
      assertThat(cleanerPayloads).hasSize(1);

      // when
      clock.set(Instant.parse("2026-11-23T10:15:15Z"));
      writer.start("r2").log(emfSizeTracked(clock.instant(), 18));
      clock.set(Instant.parse("2026-11-23T10:15:22Z"));
      cloudWatch.runDue();

      // then: and the one-minute metric filter path still works beside it
      assertThat(state(cloudWatch)).isEqualTo(AlarmState.OK);
      assertThat(cloudWatch.metrics().latest(TOTAL))
          .get()
          .extracting(d -> d.value())
          .isEqualTo(18.0);
    }
  }

  private static String emfSizeTracked(Instant at, long total) {
    return "{\"_aws\":{\"Timestamp\":"
        + at.toEpochMilli()
        + ",\"CloudWatchMetrics\":[{"
        + "\"Namespace\":\"S3Clean\",\"Dimensions\":[[]],\"Metrics\":[{"
        + "\"Name\":\"CurrentTotalSizeHighRes\",\"Unit\":\"Bytes\",\"StorageResolution\":1}]}]},"
        + "\"CurrentTotalSizeHighRes\":"
        + total
        + ",\"message\":\"size_tracked\","
        + "\"total_size\":"
        + total
        + "}";
  }

  @Test
  void aTenSecondAlarmOnAMetricFilterMetricIsRefusedAtDeploy() {
    ManualClock clock = new ManualClock(Instant.parse("2026-11-23T10:15:00Z"));
    try (CloudWatchSim cloudWatch = sim(clock).build()) {
      addSizeFilter(cloudWatch);

      assertThatThrownBy(() -> cloudWatch.addAlarm(seedAlarm(10, "CurrentTotalSize")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("10 second period")
          .hasMessageContaining("metric filters publish standard-resolution");
    }
  }

  @Test
  void metricFiltersListByNameWithTheirCreationTimeAndGoWithTheirLogGroup() {
    ManualClock clock = new ManualClock(Instant.parse("2026-11-23T10:00:00.250Z"));
    try (CloudWatchSim cloudWatch = CloudWatchSim.builder(clock).build()) {
      cloudWatch.addMetricFilter(
          io.s3clean.cloudwatch.filter.MetricFilter.create(
              "b-filter",
              GROUP,
              "{ $.total_size = * }",
              List.of(MetricTransformation.of("S3Clean", "CurrentTotalSize", "$.total_size"))));
      clock.advance(Duration.ofSeconds(1));
      cloudWatch.addMetricFilter(
          io.s3clean.cloudwatch.filter.MetricFilter.create(
              "a-filter",
              "/other",
              "ERROR",
              List.of(MetricTransformation.of("S3Clean", "Errors", "1"))));
      cloudWatch.logs().append(GROUP, "s", "{\"total_size\":3}");

      assertThat(cloudWatch.metricFilters())
          .extracting(d -> d.filter().filterName())
          .containsExactly("a-filter", "b-filter");
      assertThat(cloudWatch.metricFilters().get(1).creationTime())
          .isEqualTo(Instant.parse("2026-11-23T10:00:00.250Z"));

      assertThat(cloudWatch.deleteLogGroup(GROUP)).isTrue();
      assertThat(cloudWatch.deleteLogGroup(GROUP)).isFalse();

      assertThat(cloudWatch.metricFilters())
          .extracting(d -> d.filter().filterName())
          .containsExactly("a-filter");
      assertThat(cloudWatch.logs().logGroups()).containsExactly("/other");
      // a new event in a recreated group of that name publishes nothing: its filter is gone
      cloudWatch.logs().append(GROUP, "s", "{\"total_size\":5}");
      assertThat(cloudWatch.metrics().latest(MetricId.of("S3Clean", "CurrentTotalSize")))
          .hasValueSatisfying(d -> assertThat(d.value()).isEqualTo(3.0));
    }
  }

  @Test
  void invalidEmbeddedMetricFormatIsIgnoredWithItsReasonAndTheEventKept() {
    ManualClock clock = new ManualClock(Instant.parse("2026-11-23T10:15:00Z"));
    try (CloudWatchSim cloudWatch = sim(clock).build()) {
      LogEvent event =
          cloudWatch
              .logs()
              .append(
                  GROUP,
                  "s",
                  "{\"_aws\":{\"CloudWatchMetrics\":[]},\"CurrentTotalSizeHighRes\":46}");

      assertThat(cloudWatch.emfRejections())
          .singleElement()
          .satisfies(
              rejection -> {
                assertThat(rejection.event()).isEqualTo(event);
                assertThat(rejection.reason()).contains("_aws.Timestamp");
              });
      assertThat(cloudWatch.metrics().metrics()).isEmpty();
      assertThat(cloudWatch.logs().read(GROUP, Instant.EPOCH, m -> true)).hasSize(1);
    }
  }

  private static AlarmState state(CloudWatchSim cloudWatch) {
    return cloudWatch.describeAlarm("s3clean-total-size").orElseThrow().state().value();
  }

  private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(condition.getAsBoolean()).as("condition within 10 s").isTrue();
  }
}
