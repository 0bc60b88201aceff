package io.s3clean.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3clean.cli.ExitCodes;
import io.s3clean.cli.testing.CliRun;
import io.s3clean.cli.testing.Moto;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

/**
 * watch-alarm on moto. moto skips the template's alarm and evaluates no alarm, so the test creates
 * the alarm as the template defines it and moves it with SetAlarmState, as CloudWatch would. moto
 * has no DescribeAlarmHistory either: the command then takes transitions from the polled state.
 */
@ExtendWith(Moto.class)
class WatchAlarmMotoTest {
  private static final String STACK = "s3clean-watch";
  private static final String ALARM = STACK + "-total-size-threshold";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static CloudWatchClient cloudWatch;

  @BeforeAll
  static void deployWithTheAlarmMotoSkips() {
    CliRun deployed =
        Moto.cli("--stack-name", STACK, "deploy", "--jar", Moto.dummyJar().toString());
    assertThat(deployed.exitCode()).as(deployed.toString()).isZero();
    String bucket = STACK + "-" + Moto.ACCOUNT + "-" + Moto.REGION + "-watched";
    cloudWatch = Moto.client(CloudWatchClient.builder());
    Dimension bucketName = Dimension.builder().name("BucketName").value(bucket).build();
    cloudWatch.putMetricAlarm(
        r ->
            r.alarmName(ALARM)
                .namespace("S3Clean")
                .metricName("CurrentTotalSize")
                .dimensions(bucketName)
                .statistic(Statistic.MAXIMUM)
                .period(60)
                .evaluationPeriods(1)
                .threshold(20.0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData("notBreaching"));
    cloudWatch.putMetricData(
        r ->
            r.namespace("S3Clean")
                .metricData(
                    MetricDatum.builder()
                        .metricName("CurrentTotalSize")
                        .dimensions(bucketName)
                        .value(18.0)
                        .unit(StandardUnit.BYTES)
                        .timestamp(Instant.now())
                        .build()));
  }

  @AfterAll
  static void close() {
    cloudWatch.close();
  }

  @BeforeEach
  void alarmIsOk() {
    setState(
        StateValue.OK,
        "Threshold Crossed: 1 datapoint [18.0] was not greater than or equal to the threshold (20.0).");
  }

  private static void setState(StateValue state, String reason) {
    cloudWatch.setAlarmState(r -> r.alarmName(ALARM).stateValue(state).stateReason(reason));
  }

  @Test
  void untilReturnsOnceTheAlarmReachesTheStateAndPrintsTheTransition() {
    CompletableFuture<Void> breach =
        CompletableFuture.runAsync(
            () ->
                setState(
                    StateValue.ALARM,
                    "Threshold Crossed: 1 datapoint [46.0] was greater than or equal to the threshold (20.0)."),
            CompletableFuture.delayedExecutor(1500, TimeUnit.MILLISECONDS));

    CliRun run =
        Moto.cli(
            "--stack-name",
            STACK,
            "watch-alarm",
            "--interval",
            "200ms",
            "--until",
            "ALARM",
            "--timeout",
            "30s");

    breach.join();
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
    assertThat(run.out().lines()).hasSize(3);
    assertThat(run.out().lines().toList().get(0))
        .containsPattern("Z  OK +latest 18, threshold 20, period 60 s$");
    assertThat(run.out().lines().toList().get(1))
        .endsWith(
            "OK -> ALARM: Threshold Crossed: 1 datapoint [46.0] was greater than or equal to the threshold (20.0).");
    assertThat(run.out().lines().toList().get(2)).containsPattern("Z  ALARM +latest 18");
    assertThat(run.err())
        .contains("The alarm's history is unreadable")
        .contains("transitions are taken from the polled state");
  }

  @Test
  void aTimeoutBeforeTheStateIsReachedIsExit255() {
    CliRun run =
        Moto.cli(
            "--stack-name",
            STACK,
            "watch-alarm",
            "--interval",
            "200ms",
            "--until",
            "ALARM",
            "--timeout",
            "1s");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.OTHER_FAILURE);
    assertThat(run.err())
        .endsWith(
            "s3clean: timed out after 1s waiting for alarm "
                + ALARM
                + " to be ALARM; it is OK"
                + System.lineSeparator());
  }

  @Test
  void jsonOutputIsOneObjectPerLine() throws Exception {
    CliRun run =
        Moto.cli(
            "--stack-name",
            STACK,
            "--output",
            "json",
            "watch-alarm",
            "--interval",
            "200ms",
            "--timeout",
            "500ms");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
    JsonNode state = JSON.readTree(run.out().lines().findFirst().orElseThrow());
    assertThat(state.path("type").asText()).isEqualTo("state");
    assertThat(state.path("alarm").asText()).isEqualTo(ALARM);
    assertThat(state.path("state").asText()).isEqualTo("OK");
    assertThat(state.path("latest_value").asDouble()).isEqualTo(18.0);
    assertThat(state.path("threshold").asDouble()).isEqualTo(20.0);
  }

  @Test
  void anInterruptEndsTheWatchWithExit130() throws Exception {
    AtomicReference<CliRun> result = new AtomicReference<>();
    Thread watcher =
        new Thread(
            () ->
                result.set(Moto.cli("--stack-name", STACK, "watch-alarm", "--interval", "200ms")));
    watcher.start();
    Thread.sleep(2000);

    // Ctrl-C does this through the shutdown hook of S3cleanCommand.main.
    watcher.interrupt();
    watcher.join(10_000);

    assertThat(result.get()).isNotNull();
    assertThat(result.get().exitCode())
        .as(result.get().toString())
        .isEqualTo(ExitCodes.INTERRUPTED);
    assertThat(result.get().out()).contains("OK");
    assertThat(result.get().err()).endsWith("s3clean: interrupted" + System.lineSeparator());
  }
}
