package io.s3clean.localcloud.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.s3clean.cloudwatch.alarm.AlarmState;
import io.s3clean.dynamodb.testing.AwsCli;
import io.s3clean.localcloud.LocalCloud;
import io.s3clean.localcloud.LocalClouds;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricStatisticsResponse;
import software.amazon.awssdk.services.cloudwatch.model.HistoryItemType;
import software.amazon.awssdk.services.cloudwatch.model.ListMetricsResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;

/**
 * CloudWatch through the embedded cloud's endpoint as users reach it: the real AWS CLI (Smithy RPC
 * v2 CBOR) and SDK v2's CloudWatchClient (query protocol in 2.40.2), on the stack's own alarm after
 * an upload over its threshold. The cloud runs 10x (not 60x) so that the alarm stays in ALARM for
 * tens of seconds while the CLI, a second a call, looks at it.
 */
class CloudWatchCliTest {
  @TempDir static Path home;
  private static LocalCloud cloud;
  private static AwsCli aws;
  private static CloudWatchClient sdk;
  private static String alarm;
  private static String bucket;
  private static String namespace;

  @BeforeAll
  static void startAndBreachTheThreshold() {
    assertThat(AwsCli.majorVersion()).as("the AWS CLI on PATH").isPresent();
    cloud = LocalClouds.shipped(Map.of(), 10);
    aws = new AwsCli(cloud.endpoint(), home);
    sdk =
        CloudWatchClient.builder()
            .endpointOverride(cloud.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .httpClient(UrlConnectionHttpClient.create())
            .build();
    alarm = cloud.stack().output("AlarmName");
    bucket = cloud.stack().output("WatchedBucketName");
    namespace =
        cloud.cloudWatch().describeAlarm(alarm).orElseThrow().definition().metric().namespace();

    // given the alarm's actions disabled through the CLI, so the cleaner leaves the bucket over the
    // threshold
    AwsCli.Run disable = aws.run("cloudwatch", "disable-alarm-actions", "--alarm-names", alarm);
    assertThat(disable.exitCode()).as("%s", disable).isZero();
    await(() -> state() == AlarmState.OK, "the first evaluation");
    cloud
        .clients()
        .s3()
        .putObject(r -> r.bucket(bucket).key("big.bin"), RequestBody.fromBytes(new byte[46]));
    await(() -> state() == AlarmState.ALARM, "ALARM after 46 bytes");
  }

  @AfterAll
  static void stop() {
    if (sdk != null) {
      sdk.close();
    }
    if (cloud != null) {
      cloud.close();
    }
  }

  @Test
  void describeAlarmsShowsTheStacksAlarmInAlarmWithItsActionsDisabled() {
    AwsCli.Run run = aws.run("cloudwatch", "describe-alarms", "--alarm-names", alarm);

    assertThat(run.exitCode()).as("%s", run).isZero();
    JsonNode metricAlarm = run.json().path("MetricAlarms").path(0);
    assertThat(metricAlarm.path("AlarmName").asText()).isEqualTo(alarm);
    assertThat(metricAlarm.path("StateValue").asText()).isEqualTo("ALARM");
    assertThat(metricAlarm.path("ActionsEnabled").asBoolean(true)).isFalse();
    assertThat(metricAlarm.path("MetricName").asText()).isEqualTo("CurrentTotalSize");
    assertThat(metricAlarm.path("Dimensions").path(0).path("Value").asText()).isEqualTo(bucket);
    assertThat(metricAlarm.path("Threshold").asDouble()).isEqualTo(20.0);
    // the CLI v1 prints timestamps as the wire has them (cli_timestamp_format "none"): CBOR's tag-1
    // epoch seconds, near the cloud's (scaled) time
    assertThat(Instant.ofEpochSecond(metricAlarm.path("StateUpdatedTimestamp").asLong()))
        .isBetween(
            cloud.cloudWatch().clock().instant().minus(Duration.ofHours(1)),
            cloud.cloudWatch().clock().instant());
    assertThat(run.json().path("CompositeAlarms").isArray()).isTrue();
  }

  @Test
  void describeAlarmHistoryShowsTheStateUpdate() {
    AwsCli.Run run =
        aws.run(
            "cloudwatch",
            "describe-alarm-history",
            "--alarm-name",
            alarm,
            "--history-item-type",
            "StateUpdate");

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.json().path("AlarmHistoryItems").findValuesAsText("HistorySummary"))
        .contains("Alarm updated from OK to ALARM");
    assertThat(run.json().path("AlarmHistoryItems").findValuesAsText("HistoryItemType"))
        .containsOnly("StateUpdate");
  }

  @Test
  void getMetricStatisticsReturnsTheCurrentTotalSizeOfTheBucket() {
    AwsCli.Run run =
        aws.run(
            "cloudwatch",
            "get-metric-statistics",
            "--namespace",
            namespace,
            "--metric-name",
            "CurrentTotalSize",
            "--dimensions",
            "Name=BucketName,Value=" + bucket,
            "--start-time",
            cloudTime(-3600),
            "--end-time",
            cloudTime(600),
            "--period",
            "60",
            "--statistics",
            "Maximum",
            "SampleCount");

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.json().path("Label").asText()).isEqualTo("CurrentTotalSize");
    assertThat(run.json().path("Datapoints").findValuesAsText("Maximum")).contains("46.0");
    assertThat(run.json().path("Datapoints").path(0).has("Timestamp")).isTrue();
  }

  @Test
  void listMetricsAndDescribeAlarmsForMetricFindTheBucketsMetric() {
    AwsCli.Run list =
        aws.run(
            "cloudwatch",
            "list-metrics",
            "--namespace",
            namespace,
            "--metric-name",
            "CurrentTotalSize");
    AwsCli.Run forMetric =
        aws.run(
            "cloudwatch",
            "describe-alarms-for-metric",
            "--namespace",
            namespace,
            "--metric-name",
            "CurrentTotalSize",
            "--dimensions",
            "Name=BucketName,Value=" + bucket);

    assertThat(list.exitCode()).as("%s", list).isZero();
    assertThat(list.json().path("Metrics").findValuesAsText("Value")).contains(bucket);
    assertThat(forMetric.json().path("MetricAlarms").findValuesAsText("AlarmName"))
        .containsExactly(alarm);
  }

  @Test
  void putMetricDataIsReadBackWithGetMetricStatisticsAndGetMetricData() {
    AwsCli.Run put =
        aws.run(
            "cloudwatch",
            "put-metric-data",
            "--namespace",
            "Probe",
            "--metric-name",
            "Latency",
            "--value",
            "7",
            "--unit",
            "Milliseconds",
            "--timestamp",
            cloudTime(-120));
    AwsCli.Run stats =
        aws.run(
            "cloudwatch",
            "get-metric-statistics",
            "--namespace",
            "Probe",
            "--metric-name",
            "Latency",
            "--start-time",
            cloudTime(-3600),
            "--end-time",
            cloudTime(60),
            "--period",
            "300",
            "--statistics",
            "Sum");
    AwsCli.Run data =
        aws.run(
            "cloudwatch",
            "get-metric-data",
            "--start-time",
            cloudTime(-3600),
            "--end-time",
            cloudTime(60),
            "--metric-data-queries",
            "[{\"Id\":\"latency\",\"MetricStat\":{\"Metric\":{\"Namespace\":\"Probe\",\"MetricName\":\"Latency\"},"
                + "\"Period\":60,\"Stat\":\"Maximum\"}}]");

    assertThat(put.exitCode()).as("%s", put).isZero();
    assertThat(stats.json().path("Datapoints").path(0).path("Sum").asDouble()).isEqualTo(7.0);
    assertThat(stats.json().path("Datapoints").path(0).path("Unit").asText())
        .isEqualTo("Milliseconds");
    JsonNode result = data.json().path("MetricDataResults").path(0);
    assertThat(result.path("Id").asText()).isEqualTo("latency");
    assertThat(result.path("Values").path(0).asDouble()).isEqualTo(7.0);
    assertThat(result.path("Timestamps")).hasSize(1);
    assertThat(result.path("StatusCode").asText()).isEqualTo("Complete");
  }

  @Test
  void setAlarmStateAndEnableAlarmActionsChangeTheAlarm() {
    AwsCli.Run set =
        aws.run(
            "cloudwatch",
            "set-alarm-state",
            "--alarm-name",
            alarm,
            "--state-value",
            "OK",
            "--state-reason",
            "set by the CLI test");
    AwsCli.Run history =
        aws.run(
            "cloudwatch",
            "describe-alarm-history",
            "--alarm-name",
            alarm,
            "--history-item-type",
            "StateUpdate");

    assertThat(set.exitCode()).as("%s", set).isZero();
    assertThat(history.json().path("AlarmHistoryItems").findValuesAsText("HistorySummary"))
        .contains("Alarm updated from ALARM to OK");
    // actions disabled: the forced OK and the evaluation back to ALARM ran no action
    assertThat(cloud.cloudWatch().describeAlarm(alarm).orElseThrow().actionAttempts()).isEmpty();

    AwsCli.Run enable = aws.run("cloudwatch", "enable-alarm-actions", "--alarm-names", alarm);
    assertThat(enable.exitCode()).as("%s", enable).isZero();
    assertThat(cloud.cloudWatch().describeAlarm(alarm).orElseThrow().definition().actionsEnabled())
        .isTrue();
    // and disabled again, so the other tests see the bucket over the threshold
    assertThat(aws.run("cloudwatch", "disable-alarm-actions", "--alarm-names", alarm).exitCode())
        .isZero();
  }

  @Test
  void setAlarmStateOnAnAlarmThatDoesNotExistFailsWithResourceNotFound() {
    AwsCli.Run run =
        aws.run(
            "cloudwatch",
            "set-alarm-state",
            "--alarm-name",
            "nope",
            "--state-value",
            "OK",
            "--state-reason",
            "test");

    // the CLI v1 exits 255 on a service error (v2 would exit 254)
    assertThat(run.exitCode())
        .as("%s", run)
        .isEqualTo(AwsCli.majorVersion().orElseThrow() == 1 ? 255 : 254);
    assertThat(run.stderr().strip())
        .isEqualTo(
            "An error occurred (ResourceNotFound) when calling the SetAlarmState"
                + " operation: Alarm nope does not exist");
  }

  @Test
  void theSdkV2ClientReadsTheSameOverTheQueryProtocol() {
    DescribeAlarmsResponse alarms = sdk.describeAlarms(r -> r.alarmNames(alarm));
    List<String> history =
        sdk
            .describeAlarmHistory(
                r -> r.alarmName(alarm).historyItemType(HistoryItemType.STATE_UPDATE))
            .alarmHistoryItems()
            .stream()
            .map(h -> h.historySummary())
            .toList();
    Dimension dimension = Dimension.builder().name("BucketName").value(bucket).build();
    Instant now = cloud.cloudWatch().clock().instant();
    GetMetricStatisticsResponse stats =
        sdk.getMetricStatistics(
            r ->
                r.namespace(namespace)
                    .metricName("CurrentTotalSize")
                    .dimensions(dimension)
                    .startTime(now.minusSeconds(3600))
                    .endTime(now.plusSeconds(600))
                    .period(60)
                    .statisticsWithStrings("Maximum"));
    ListMetricsResponse metrics = sdk.listMetrics(r -> r.namespace(namespace));
    GetMetricDataResponse data =
        sdk.getMetricData(
            r ->
                r.startTime(now.minusSeconds(3600))
                    .endTime(now.plusSeconds(600))
                    .metricDataQueries(
                        q ->
                            q.id("total")
                                .metricStat(
                                    s ->
                                        s.period(60)
                                            .stat("Maximum")
                                            .metric(
                                                m ->
                                                    m.namespace(namespace)
                                                        .metricName("CurrentTotalSize")
                                                        .dimensions(dimension)))));

    MetricAlarm metricAlarm = alarms.metricAlarms().get(0);
    assertThat(metricAlarm.alarmName()).isEqualTo(alarm);
    assertThat(metricAlarm.stateValue()).isIn(StateValue.ALARM, StateValue.OK);
    assertThat(metricAlarm.stateUpdatedTimestamp()).isBefore(now.plusSeconds(60));
    assertThat(metricAlarm.dimensions()).containsExactly(dimension);
    assertThat(history).contains("Alarm updated from OK to ALARM");
    assertThat(stats.datapoints()).anySatisfy(d -> assertThat(d.maximum()).isEqualTo(46.0));
    assertThat(metrics.metrics())
        .anySatisfy(m -> assertThat(m.dimensions()).containsExactly(dimension));
    assertThat(data.metricDataResults().get(0).values()).contains(46.0);
    // Scanned newest first, as GetMetricData's default ScanBy says
    assertThat(data.metricDataResults().get(0).timestamps())
        .isSortedAccordingTo(java.util.Comparator.reverseOrder());
  }

  private static String cloudTime(long secondsFromNow) {
    return cloud
        .cloudWatch()
        .clock()
        .instant()
        .plusSeconds(secondsFromNow)
        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
        .toString();
  }

  private static AlarmState state() {
    return cloud.cloudWatch().describeAlarm(alarm).orElseThrow().state().value();
  }

  private static void await(java.util.function.BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
