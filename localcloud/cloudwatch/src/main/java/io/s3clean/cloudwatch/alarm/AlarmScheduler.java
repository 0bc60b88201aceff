package io.s3clean.cloudwatch.alarm;

import io.s3clean.clock.SimClock;
import io.s3clean.cloudwatch.metrics.MetricStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Evaluates every alarm on the clock's minute boundaries (every 10 seconds for 10, 20 and 30 second
 * periods), each time over the periods that ended at the boundary, and hands the actions of each
 * transition to the {@link ActionDispatcher}. Evaluations run {@code evaluationDelay} after the
 * boundary so that log events written just before it are in.
 *
 * <p>{@link #runDue()} evaluates every tick that is due, in time order, so a test can jump a {@code
 * ManualClock} and get the evaluations AWS would have made in between.
 */
public final class AlarmScheduler {
  private static final Duration STANDARD_TICK = Duration.ofMinutes(1);
  private static final Duration HIGH_RESOLUTION_TICK = Duration.ofSeconds(10);

  private final SimClock clock;
  private final MetricStore metrics;
  private final ActionDispatcher dispatcher;
  private final String region;
  private final String accountId;
  private final Duration evaluationDelay;
  private final Map<String, MetricAlarm> alarms = new LinkedHashMap<>();
  private final Map<String, Instant> nextTick = new LinkedHashMap<>();
  private volatile Consumer<MetricAlarm> onChange = alarm -> {};

  public AlarmScheduler(
      SimClock clock,
      MetricStore metrics,
      ActionDispatcher dispatcher,
      String region,
      String accountId,
      Duration evaluationDelay) {
    this.clock = clock;
    this.metrics = metrics;
    this.dispatcher = dispatcher;
    this.region = region;
    this.accountId = accountId;
    this.evaluationDelay = evaluationDelay;
  }

  /** Hears every evaluation and every action outcome, e.g. to persist the alarm's state. */
  public void onChange(Consumer<MetricAlarm> listener) {
    onChange = listener;
  }

  public synchronized MetricAlarm add(AlarmDefinition definition) {
    if (alarms.containsKey(definition.alarmName())) {
      throw new IllegalArgumentException("alarm " + definition.alarmName() + " already exists");
    }
    String arn =
        "arn:aws:cloudwatch:" + region + ":" + accountId + ":alarm:" + definition.alarmName();
    Instant now = clock.instant();
    MetricAlarm alarm = new MetricAlarm(definition, arn, now);
    alarms.put(definition.alarmName(), alarm);
    long tick = tick(definition).getSeconds();
    nextTick.put(
        definition.alarmName(),
        MetricStore.alignDown(now.minus(evaluationDelay), tick)
            .plusSeconds(tick)
            .plus(evaluationDelay));
    return alarm;
  }

  public synchronized Optional<MetricAlarm> alarm(String name) {
    return Optional.ofNullable(alarms.get(name));
  }

  public synchronized List<MetricAlarm> alarms() {
    return List.copyOf(alarms.values());
  }

  /** When the next evaluation is due, if there is any alarm. */
  public synchronized Optional<Instant> nextDue() {
    return nextTick.values().stream().min(Instant::compareTo);
  }

  /** Runs every evaluation due by now, oldest first; returns the transitions. */
  public List<StateChange> runDue() {
    List<StateChange> changes = new ArrayList<>();
    Instant now = clock.instant();
    while (true) {
      MetricAlarm alarm;
      Instant tick;
      synchronized (this) {
        Optional<Map.Entry<String, Instant>> due =
            nextTick.entrySet().stream()
                .filter(e -> !e.getValue().isAfter(now))
                .min(Map.Entry.comparingByValue());
        if (due.isEmpty()) {
          return changes;
        }
        alarm = alarms.get(due.get().getKey());
        tick = due.get().getValue();
        nextTick.put(alarm.name(), tick.plus(tick(alarm.definition())));
      }
      Instant boundary = tick.minus(evaluationDelay);
      Instant periodsEnd = MetricStore.alignDown(boundary, alarm.definition().periodSeconds());
      var change = alarm.evaluate(metrics, periodsEnd, tick);
      change.ifPresent(changes::add);
      // every evaluation, not only a transition: readers elsewhere show the latest datapoint too
      onChange.accept(alarm);
      change.ifPresent(c -> fireActions(alarm, c, tick));
    }
  }

  /**
   * SetAlarmState: sets the alarm's state until its next evaluation; a different state runs that
   * state's actions, as any transition does.
   *
   * @throws IllegalArgumentException for an alarm that does not exist (AWS's ResourceNotFound)
   */
  public Optional<StateChange> setAlarmState(String alarmName, AlarmState value, String reason) {
    MetricAlarm alarm =
        alarm(alarmName)
            .orElseThrow(
                () -> new IllegalArgumentException("Alarm " + alarmName + " does not exist"));
    Instant now = clock.instant();
    Optional<StateChange> change = alarm.setState(value, reason, now);
    onChange.accept(alarm);
    change.ifPresent(c -> fireActions(alarm, c, now));
    return change;
  }

  /**
   * EnableAlarmActions / DisableAlarmActions for one alarm; CloudWatch ignores names of alarms that
   * do not exist, so this says whether there was one.
   */
  public boolean setActionsEnabled(String alarmName, boolean enabled) {
    Optional<MetricAlarm> alarm = alarm(alarmName);
    if (alarm.isEmpty()) {
      return false;
    }
    if (alarm.get().setActionsEnabled(enabled, clock.instant())) {
      onChange.accept(alarm.get());
    }
    return true;
  }

  private void fireActions(MetricAlarm alarm, StateChange change, Instant time) {
    AlarmDefinition definition = alarm.definition();
    if (!definition.actionsEnabled()) {
      return;
    }
    String payload =
        AlarmActionPayload.build(definition, alarm.arn(), accountId, region, change, time);
    for (String functionArn : definition.actionsFor(change.current().value())) {
      dispatcher.dispatch(
          new ActionDispatcher.Request(
              alarm.name(),
              functionArn,
              payload,
              outcome -> {
                alarm.recordAction(outcome);
                onChange.accept(alarm);
              }));
    }
  }

  private static Duration tick(AlarmDefinition definition) {
    return definition.highResolution() ? HIGH_RESOLUTION_TICK : STANDARD_TICK;
  }
}
