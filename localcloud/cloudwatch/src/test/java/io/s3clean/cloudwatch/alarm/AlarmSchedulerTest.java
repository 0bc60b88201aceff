package io.s3clean.cloudwatch.alarm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3clean.clock.ManualClock;
import io.s3clean.cloudwatch.metrics.Datapoint;
import io.s3clean.cloudwatch.metrics.MetricId;
import io.s3clean.cloudwatch.metrics.MetricStore;
import io.s3clean.cloudwatch.metrics.Statistic;
import io.s3clean.cloudwatch.metrics.StorageResolution;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AlarmSchedulerTest {
  private static final Instant START = Instant.parse("2026-11-23T10:15:00Z");
  private static final MetricId TOTAL = MetricId.of("S3Clean", "CurrentTotalSize");
  private static final String CLEANER = "arn:aws:lambda:us-east-1:123456789012:function:cleaner";
  private static final String NOTIFY = "arn:aws:lambda:us-east-1:123456789012:function:notify";

  private final ManualClock clock = new ManualClock(START);
  private final MetricStore metrics = new MetricStore();
  private final List<String> cleanerPayloads = new ArrayList<>();
  private final List<String> notifyPayloads = new ArrayList<>();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private final AlarmActionTarget target =
      (arn, payload) -> {
        if (failuresLeft.getAndDecrement() > 0) {
          throw new IllegalStateException("function error");
        }
        (arn.equals(CLEANER) ? cleanerPayloads : notifyPayloads).add(payload);
      };
  // a direct executor keeps the test deterministic; asynchrony has its own test below
  private final ActionDispatcher dispatcher = new ActionDispatcher(clock, target, Runnable::run);
  private final AlarmScheduler scheduler =
      new AlarmScheduler(clock, metrics, dispatcher, "us-east-1", "123456789012", Duration.ZERO);

  private AlarmDefinition.Builder sizeAlarm(TreatMissingData treatment) {
    return AlarmDefinition.builder("s3clean-total-size")
        .metric(TOTAL)
        .statistic(Statistic.MAXIMUM)
        .period(60)
        .evaluationPeriods(1)
        .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
        .threshold(20)
        .treatMissingData(treatment)
        .alarmAction(CLEANER);
  }

  private MetricAlarm add(AlarmDefinition.Builder alarm) {
    MetricAlarm added = scheduler.add(alarm.build());
    scheduler.runDue();
    return added;
  }

  private void total(String at, double value) {
    metrics.put(Datapoint.standard(TOTAL, Instant.parse(at), value));
  }

  /** Moves the clock to {@code time} on 2026-11-23 and runs what is due. */
  private void at(String time) {
    clock.set(Instant.parse("2026-11-23T" + time + "Z"));
    scheduler.runDue();
    dispatcher.runDue();
  }

  @Test
  void aNewAlarmStartsInInsufficientData() {
    MetricAlarm alarm = scheduler.add(sizeAlarm(TreatMissingData.MISSING).build());

    assertThat(alarm.state().value()).isEqualTo(AlarmState.INSUFFICIENT_DATA);
    assertThat(alarm.state().reason()).isEqualTo("Unchecked: Initial alarm creation");
  }

  @Test
  void aTransitionToAlarmInvokesTheCleanerOnceAndAStillBreachingAlarmNeverAgain() {
    // given
    MetricAlarm alarm = add(sizeAlarm(TreatMissingData.NOT_BREACHING));
    total("2026-11-23T10:15:10Z", 18);
    total("2026-11-23T10:15:20Z", 46);
    total("2026-11-23T10:15:50Z", 18);

    // when: the 10:15 minute closes
    at("10:16:00");

    // then
    assertThat(alarm.state().value()).isEqualTo(AlarmState.ALARM);
    assertThat(cleanerPayloads).hasSize(1);

    // when: the bucket stays above the threshold and keeps logging
    total("2026-11-23T10:16:30Z", 46);
    at("10:17:00");
    total("2026-11-23T10:17:30Z", 30);
    at("10:18:00");

    // then: actions fire on transitions only
    assertThat(alarm.state().value()).isEqualTo(AlarmState.ALARM);
    assertThat(cleanerPayloads).hasSize(1);
  }

  @Test
  void theActionPayloadIsCloudWatchsAlarmEvent() throws Exception {
    // given
    add(sizeAlarm(TreatMissingData.NOT_BREACHING).description("Bucket at or above 20 bytes"));
    total("2026-11-23T10:15:20Z", 46);

    // when
    at("10:16:00");

    // then
    JsonNode event = new ObjectMapper().readTree(cleanerPayloads.get(0));
    assertThat(event.path("source").asText()).isEqualTo("aws.cloudwatch");
    assertThat(event.path("alarmArn").asText())
        .isEqualTo("arn:aws:cloudwatch:us-east-1:123456789012:alarm:s3clean-total-size");
    assertThat(event.path("accountId").asText()).isEqualTo("123456789012");
    assertThat(event.path("region").asText()).isEqualTo("us-east-1");
    assertThat(event.path("time").asText()).isEqualTo("2026-11-23T10:16:00.000+0000");
    JsonNode data = event.path("alarmData");
    assertThat(data.path("alarmName").asText()).isEqualTo("s3clean-total-size");
    assertThat(data.path("state").path("value").asText()).isEqualTo("ALARM");
    assertThat(data.path("state").path("reason").asText())
        .isEqualTo(
            "Threshold Crossed: 1 out of the last 1 datapoints [46.0 (23/11/26 10:15:00)]"
                + " was greater than or equal to the threshold (20.0) (minimum 1 datapoint for"
                + " OK -> ALARM transition).");
    assertThat(data.path("state").path("timestamp").asText())
        .isEqualTo("2026-11-23T10:16:00.000+0000");
    JsonNode reasonData =
        new ObjectMapper().readTree(data.path("state").path("reasonData").asText());
    assertThat(reasonData.path("evaluatedDatapoints").get(0).path("value").asDouble())
        .isEqualTo(46.0);
    assertThat(data.path("previousState").path("value").asText()).isEqualTo("INSUFFICIENT_DATA");
    JsonNode configuration = data.path("configuration");
    assertThat(configuration.path("description").asText()).isEqualTo("Bucket at or above 20 bytes");
    JsonNode metricStat = configuration.path("metrics").get(0).path("metricStat");
    assertThat(metricStat.path("metric").path("namespace").asText()).isEqualTo("S3Clean");
    assertThat(metricStat.path("metric").path("name").asText()).isEqualTo("CurrentTotalSize");
    assertThat(metricStat.path("period").asInt()).isEqualTo(60);
    assertThat(metricStat.path("stat").asText()).isEqualTo("Maximum");
    assertThat(configuration.path("metrics").get(0).path("returnData").asBoolean()).isTrue();
  }

  @Test
  void aBucketThatDropsBelowTheThresholdReturnsToOkWithinOnePeriod() {
    // given
    MetricAlarm alarm = add(sizeAlarm(TreatMissingData.NOT_BREACHING));
    total("2026-11-23T10:15:20Z", 46);
    at("10:16:00");

    // when: the cleaner brings the total down during the next minute
    total("2026-11-23T10:16:05Z", 18);
    at("10:17:00");

    // then
    assertThat(alarm.state().value()).isEqualTo(AlarmState.OK);
    assertThat(alarm.state().reason())
        .isEqualTo(
            "Threshold Crossed: 1 datapoint [18.0 (23/11/26 10:16:00)] was not greater"
                + " than or equal to the threshold (20.0).");
    assertThat(alarm.history())
        .extracting(AlarmHistoryItem::summary)
        .containsExactly(
            "Alarm \"s3clean-total-size\" created",
            "Alarm updated from INSUFFICIENT_DATA to ALARM",
            "Successfully executed action " + CLEANER,
            "Alarm updated from ALARM to OK");
  }

  /**
   * The template's choice, notBreaching: a bucket that sits above the threshold without new events
   * stays in ALARM while its last datapoint is in the evaluation range (AWS re-evaluates the most
   * recent datapoints however old), then goes OK. That re-arms the alarm: the next event that keeps
   * the bucket above the threshold is a new transition and runs the cleaner again. See
   * docs/cloudwatch.md for why the template prefers this to ignore or missing.
   */
  @Test
  void notBreachingKeepsAQuietBucketInAlarmForTheEvaluationRangeThenReArms() {
    // given
    MetricAlarm alarm = add(sizeAlarm(TreatMissingData.NOT_BREACHING));
    total("2026-11-23T10:15:20Z", 46);

    // when / then: range = 1 evaluation period + 2 = three minutes
    at("10:16:00");
    at("10:17:00");
    at("10:18:00");
    assertThat(alarm.state().value()).isEqualTo(AlarmState.ALARM);
    at("10:19:00");
    assertThat(alarm.state().value()).isEqualTo(AlarmState.OK);
    assertThat(alarm.state().reason())
        .isEqualTo(
            "Threshold Crossed: no datapoints were received for 1 period and 1 missing"
                + " datapoint was treated as [NonBreaching].");
    assertThat(cleanerPayloads).hasSize(1);

    // and: the next upload above the threshold runs the cleaner again
    total("2026-11-23T10:19:30Z", 50);
    at("10:20:00");
    assertThat(alarm.state().value()).isEqualTo(AlarmState.ALARM);
    assertThat(cleanerPayloads).hasSize(2);
  }

  @Test
  void ignoreKeepsAQuietBucketInAlarmForeverSoTheCleanerNeverRunsAgain() {
    MetricAlarm alarm = add(sizeAlarm(TreatMissingData.IGNORE));
    total("2026-11-23T10:15:20Z", 46);
    at("10:16:00");

    at("11:16:00");
    total("2026-11-23T11:16:20Z", 50);
    at("11:17:00");

    assertThat(alarm.state().value()).isEqualTo(AlarmState.ALARM);
    assertThat(cleanerPayloads).hasSize(1);
  }

  @Test
  void missingTurnsAQuietBucketToInsufficientDataAfterTheEvaluationRange() {
    MetricAlarm alarm = add(sizeAlarm(TreatMissingData.MISSING));
    total("2026-11-23T10:15:20Z", 46);
    at("10:18:00");
    assertThat(alarm.state().value()).isEqualTo(AlarmState.ALARM);

    at("10:19:00");

    assertThat(alarm.state().value()).isEqualTo(AlarmState.INSUFFICIENT_DATA);
    assertThat(alarm.state().reason()).isEqualTo("Insufficient Data: 1 datapoint was unknown.");
  }

  @Test
  void aFailingActionIsRetriedOneAndTwoMinutesLaterThenGivenUp() {
    // given
    failuresLeft.set(Integer.MAX_VALUE);
    MetricAlarm alarm = add(sizeAlarm(TreatMissingData.NOT_BREACHING));
    total("2026-11-23T10:15:20Z", 46);

    // when
    at("10:16:00");
    at("10:16:59");
    at("10:17:00");
    at("10:18:59");
    at("10:19:00");
    at("10:30:00");

    // then
    assertThat(dispatcher.attempts())
        .extracting(ActionAttempt::attempt, ActionAttempt::startedAt)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, Instant.parse("2026-11-23T10:16:00Z")),
            org.assertj.core.groups.Tuple.tuple(2, Instant.parse("2026-11-23T10:17:00Z")),
            org.assertj.core.groups.Tuple.tuple(3, Instant.parse("2026-11-23T10:19:00Z")));
    assertThat(alarm.history())
        .extracting(AlarmHistoryItem::summary)
        .contains(
            "Failed to execute action "
                + CLEANER
                + " after 3 attempts:"
                + " IllegalStateException: function error");
  }

  /**
   * Issue 15's missed breach, as AWS behaves: the cleaner brought the total down, but the minute of
   * the peak is still in the evaluation range, so the alarm stays in ALARM and a new upload over
   * the threshold is no transition: nothing invokes the cleaner for it.
   */
  @Test
  void aBreachWhileTheAlarmIsStillInAlarmRunsNoAction() {
    MetricAlarm alarm = add(sizeAlarm(TreatMissingData.NOT_BREACHING));
    total("2026-11-23T10:15:20Z", 46);
    at("10:16:00");
    total("2026-11-23T10:15:40Z", 0); // cleaned within the peak's minute

    total("2026-11-23T10:16:10Z", 25); // a new upload over the threshold
    at("10:17:00");
    at("10:18:00");

    assertThat(alarm.state().value()).isEqualTo(AlarmState.ALARM);
    assertThat(cleanerPayloads).hasSize(1);
  }

  /**
   * SetAlarmState, which the cleaner calls once it is done: OK until the next evaluation, which
   * finds the metric still breaching and makes a new ALARM transition, and a new action.
   */
  @Test
  void setAlarmStateToOkReArmsTheAlarmSoTheNextBreachingEvaluationActsAgain() {
    MetricAlarm alarm = add(sizeAlarm(TreatMissingData.NOT_BREACHING));
    total("2026-11-23T10:15:20Z", 46);
    at("10:16:00");

    clock.set(Instant.parse("2026-11-23T10:16:10Z"));
    scheduler.setAlarmState("s3clean-total-size", AlarmState.OK, "cleaner done");
    total("2026-11-23T10:16:20Z", 25);
    at("10:17:00");

    assertThat(alarm.state().value()).isEqualTo(AlarmState.ALARM);
    assertThat(cleanerPayloads).hasSize(2);
    assertThat(alarm.history())
        .extracting(AlarmHistoryItem::summary)
        .containsSubsequence(
            "Alarm updated from INSUFFICIENT_DATA to ALARM",
            "Alarm updated from ALARM to OK",
            "Alarm updated from OK to ALARM");
  }

  @Test
  void setAlarmStateToTheCurrentStateIsNoTransitionAndAnUnknownAlarmIsRefused() {
    MetricAlarm alarm = add(sizeAlarm(TreatMissingData.NOT_BREACHING));
    total("2026-11-23T10:15:20Z", 46);
    at("10:16:00");

    assertThat(scheduler.setAlarmState("s3clean-total-size", AlarmState.ALARM, "again")).isEmpty();
    assertThat(cleanerPayloads).hasSize(1);
    assertThat(alarm.state().reason()).startsWith("Threshold Crossed");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> scheduler.setAlarmState("no-such-alarm", AlarmState.OK, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Alarm no-such-alarm does not exist");
  }

  @Test
  void anEventInvokeConfigWithoutRetriesSendsTheFirstFailureToTheOnFailureDestination() {
    List<DiscardedEvent> discarded = new ArrayList<>();
    ActionDispatcher noRetries =
        new ActionDispatcher(
            clock,
            configured(new AsyncInvocationConfig(0, Duration.ofHours(1)), discarded),
            Runnable::run);
    AlarmScheduler alarms =
        new AlarmScheduler(clock, metrics, noRetries, "us-east-1", "123456789012", Duration.ZERO);
    alarms.add(sizeAlarm(TreatMissingData.NOT_BREACHING).build());
    total("2026-11-23T10:15:20Z", 46);

    clock.set(Instant.parse("2026-11-23T10:16:00Z"));
    alarms.runDue();
    clock.set(Instant.parse("2026-11-23T10:30:00Z"));
    noRetries.runDue();

    assertThat(noRetries.attempts()).hasSize(1);
    assertThat(discarded)
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.condition()).isEqualTo("RetriesExhausted");
              assertThat(event.attempts()).isEqualTo(1);
              assertThat(event.functionArn()).isEqualTo(CLEANER);
              assertThat(event.lastError()).isEqualTo("IllegalStateException: function error");
              assertThat(event.payloadJson()).contains("\"alarmName\":\"s3clean-total-size\"");
            });
  }

  @Test
  void anEventOlderThanItsMaximumAgeAtItsNextRetryIsDiscardedAsEventAgeExceeded() {
    List<DiscardedEvent> discarded = new ArrayList<>();
    // the second retry would start three minutes after the event arrived
    ActionDispatcher shortLived =
        new ActionDispatcher(
            clock,
            configured(new AsyncInvocationConfig(2, Duration.ofSeconds(120)), discarded),
            Runnable::run);
    AlarmScheduler alarms =
        new AlarmScheduler(clock, metrics, shortLived, "us-east-1", "123456789012", Duration.ZERO);
    alarms.add(sizeAlarm(TreatMissingData.NOT_BREACHING).build());
    total("2026-11-23T10:15:20Z", 46);

    for (String time : List.of("10:16:00", "10:17:00", "10:19:00", "10:30:00")) {
      clock.set(Instant.parse("2026-11-23T" + time + "Z"));
      alarms.runDue();
      shortLived.runDue();
    }

    assertThat(shortLived.attempts()).extracting(ActionAttempt::attempt).containsExactly(1, 2);
    assertThat(discarded)
        .singleElement()
        .extracting(DiscardedEvent::condition, DiscardedEvent::attempts)
        .containsExactly("EventAgeExceeded", 2);
  }

  @Test
  void theAsyncInvocationConfigRejectsWhatLambdaRejects() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new AsyncInvocationConfig(3, Duration.ofHours(1)))
        .hasMessage("MaximumRetryAttempts is 0, 1 or 2, not 3");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new AsyncInvocationConfig(2, Duration.ofSeconds(59)))
        .hasMessage("MaximumEventAgeInSeconds is between 60 and 21600, not 59");
  }

  /** A function that always fails, with its own asynchronous invocation settings. */
  private static AlarmActionTarget configured(
      AsyncInvocationConfig config, List<DiscardedEvent> discarded) {
    return new AlarmActionTarget() {
      @Override
      public void invoke(String functionArn, String payloadJson) {
        throw new IllegalStateException("function error");
      }

      @Override
      public AsyncInvocationConfig asyncInvocation(String functionArn) {
        return config;
      }

      @Override
      public void discarded(DiscardedEvent event) {
        discarded.add(event);
      }
    };
  }

  @Test
  void aRetryThatSucceedsIsRecordedAsExecuted() {
    failuresLeft.set(1);
    MetricAlarm alarm = add(sizeAlarm(TreatMissingData.NOT_BREACHING));
    total("2026-11-23T10:15:20Z", 46);

    at("10:16:00");
    at("10:17:00");

    assertThat(cleanerPayloads).hasSize(1);
    assertThat(alarm.history())
        .extracting(AlarmHistoryItem::summary)
        .contains("Successfully executed action " + CLEANER);
  }

  @Test
  void okActionsRunOnTheTransitionToOkAndDisabledActionsNever() {
    MetricAlarm withOk = add(sizeAlarm(TreatMissingData.NOT_BREACHING).okActions(List.of(NOTIFY)));
    MetricAlarm disabled =
        scheduler.add(
            AlarmDefinition.builder("disabled")
                .metric(TOTAL)
                .statistic(Statistic.MAXIMUM)
                .period(60)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .threshold(20)
                .alarmAction(CLEANER)
                .actionsEnabled(false)
                .build());
    total("2026-11-23T10:15:20Z", 46);
    at("10:16:00");
    total("2026-11-23T10:16:20Z", 2);

    at("10:17:00");

    assertThat(withOk.state().value()).isEqualTo(AlarmState.OK);
    assertThat(disabled.state().value()).isEqualTo(AlarmState.OK);
    assertThat(notifyPayloads).hasSize(1);
    assertThat(cleanerPayloads).hasSize(1);
  }

  @Test
  void highResolutionAlarmsEvaluateEveryTenSecondsOnHighResolutionData() {
    MetricAlarm alarm = add(sizeAlarm(TreatMissingData.NOT_BREACHING).period(10));
    metrics.put(
        new Datapoint(
            TOTAL, Instant.parse("2026-11-23T10:15:03Z"), 46, "Bytes", StorageResolution.HIGH));

    at("10:15:10");
    assertThat(alarm.state().value()).isEqualTo(AlarmState.ALARM);

    metrics.put(
        new Datapoint(
            TOTAL, Instant.parse("2026-11-23T10:15:12Z"), 18, "Bytes", StorageResolution.HIGH));
    at("10:15:20");
    assertThat(alarm.state().value()).isEqualTo(AlarmState.OK);
  }

  @Test
  void evaluationsWaitTheDelaySoLateLinesOfTheMinuteCount() {
    AlarmScheduler delayed =
        new AlarmScheduler(
            clock, metrics, dispatcher, "us-east-1", "123456789012", Duration.ofSeconds(5));
    MetricAlarm alarm = delayed.add(sizeAlarm(TreatMissingData.NOT_BREACHING).build());
    clock.set(Instant.parse("2026-11-23T10:16:00Z"));
    delayed.runDue();
    total("2026-11-23T10:15:59.900Z", 46);

    clock.set(Instant.parse("2026-11-23T10:16:05Z"));
    delayed.runDue();

    assertThat(alarm.state().value()).isEqualTo(AlarmState.ALARM);
    assertThat(alarm.state().timestamp()).isEqualTo(Instant.parse("2026-11-23T10:16:05Z"));
  }

  @Test
  void actionsRunAsynchronouslySoAnEvaluationNeverWaitsForTheFunction() throws Exception {
    // given: a function that blocks until released
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch invoked = new CountDownLatch(1);
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      ActionDispatcher async =
          new ActionDispatcher(
              clock,
              (arn, payload) -> {
                invoked.countDown();
                release.await();
              },
              executor);
      AlarmScheduler asyncScheduler =
          new AlarmScheduler(clock, metrics, async, "us-east-1", "123456789012", Duration.ZERO);
      MetricAlarm alarm = asyncScheduler.add(sizeAlarm(TreatMissingData.NOT_BREACHING).build());
      total("2026-11-23T10:15:20Z", 46);
      clock.set(Instant.parse("2026-11-23T10:16:00Z"));

      // when
      List<StateChange> changes = asyncScheduler.runDue();

      // then: the evaluation returned while the function still runs
      assertThat(changes).hasSize(1);
      assertThat(invoked.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(alarm.state().value()).isEqualTo(AlarmState.ALARM);
      release.countDown();
    } finally {
      executor.shutdown();
      assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void disabledActionsSkipTransitionsUntilEnabledAgainWhileStateAndHistoryGoOn() {
    // given an alarm whose actions are disabled
    MetricAlarm alarm = add(sizeAlarm(TreatMissingData.NOT_BREACHING));
    clock.advance(Duration.ofSeconds(30));
    assertThat(scheduler.setActionsEnabled("s3clean-total-size", false)).isTrue();

    // when the total crosses the threshold
    total("2026-11-23T10:16:10Z", 46);
    at("10:17:00");

    // then the alarm is in ALARM with its history, but the cleaner never ran
    assertThat(alarm.state().value()).isEqualTo(AlarmState.ALARM);
    assertThat(alarm.history())
        .extracting(AlarmHistoryItem::summary)
        .contains("Alarm updated from OK to ALARM");
    assertThat(cleanerPayloads).isEmpty();
    assertThat(alarm.definition().actionsEnabled()).isFalse();
    assertThat(alarm.describe(metrics, List.of()).configurationUpdated())
        .isEqualTo(Instant.parse("2026-11-23T10:15:30Z"));

    // and once enabled again, the next transition runs its action
    assertThat(scheduler.setActionsEnabled("s3clean-total-size", true)).isTrue();
    scheduler.setAlarmState("s3clean-total-size", AlarmState.OK, "re-armed");
    at("10:18:00");
    assertThat(alarm.state().value()).isEqualTo(AlarmState.ALARM);
    assertThat(cleanerPayloads).hasSize(1);
  }

  @Test
  void enablingActionsOfAnAlarmThatDoesNotExistSaysSo() {
    assertThat(scheduler.setActionsEnabled("nope", true)).isFalse();
  }
}
