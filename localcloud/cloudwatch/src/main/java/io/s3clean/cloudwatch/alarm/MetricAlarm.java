package io.s3clean.cloudwatch.alarm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s3clean.cloudwatch.metrics.MetricStore;
import io.s3clean.cloudwatch.metrics.PeriodStatistics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A live alarm: its definition, its current and previous state, and its history. New alarms are
 * INSUFFICIENT_DATA ("Unchecked: Initial alarm creation"); only transitions change the state
 * reason, write StateUpdate history and trigger actions.
 */
public final class MetricAlarm {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AlarmDefinition definition;
  private final String arn;
  private Instant configurationUpdated;
  private final List<AlarmHistoryItem> history = new ArrayList<>();
  private AlarmStateValue state;
  private Instant lastEvaluated;

  MetricAlarm(AlarmDefinition definition, String arn, Instant created) {
    this.definition = definition;
    this.arn = arn;
    this.configurationUpdated = created;
    this.state =
        new AlarmStateValue(
            AlarmState.INSUFFICIENT_DATA, "Unchecked: Initial alarm creation", null, created);
    history.add(
        new AlarmHistoryItem(
            created,
            definition.alarmName(),
            "ConfigurationUpdate",
            "Alarm \"" + definition.alarmName() + "\" created",
            "{}"));
  }

  public synchronized AlarmDefinition definition() {
    return definition;
  }

  /**
   * EnableAlarmActions / DisableAlarmActions: whether transitions run the alarm's actions from now
   * on; the state, its evaluation and the history go on either way.
   *
   * @return whether the setting changed
   */
  public synchronized boolean setActionsEnabled(boolean enabled, Instant now) {
    if (definition.actionsEnabled() == enabled) {
      return false;
    }
    definition = definition.withActionsEnabled(enabled);
    configurationUpdated = now;
    return true;
  }

  public synchronized String name() {
    return definition.alarmName();
  }

  public String arn() {
    return arn;
  }

  public synchronized AlarmStateValue state() {
    return state;
  }

  /** Oldest first. */
  public synchronized List<AlarmHistoryItem> history() {
    return List.copyOf(history);
  }

  /**
   * Evaluates the periods that end at {@code periodsEnd} (a period boundary), at time {@code now},
   * and applies the outcome.
   *
   * @return the transition, if the state changed
   */
  public synchronized Optional<StateChange> evaluate(
      MetricStore metrics, Instant periodsEnd, Instant now) {
    lastEvaluated = now;
    Optional<Evaluation> evaluation =
        AlarmEvaluator.evaluate(definition, range(metrics, periodsEnd), now);
    if (evaluation.isEmpty() || evaluation.get().state() == state.value()) {
      return Optional.empty();
    }
    Evaluation e = evaluation.get();
    return Optional.of(transition(new AlarmStateValue(e.state(), e.reason(), e.reasonData(), now)));
  }

  /**
   * SetAlarmState: the alarm takes {@code value} until its next evaluation, which puts it back
   * where its data says ("Temporarily sets the state of an alarm ... the alarm state returns to its
   * actual state", CloudWatch API reference). Only a different state is a transition; from OK back
   * to a metric that still breaches, that next evaluation is a new ALARM transition.
   *
   * @return the transition, if the state changed
   */
  public synchronized Optional<StateChange> setState(AlarmState value, String reason, Instant now) {
    if (value == state.value()) {
      return Optional.empty();
    }
    return Optional.of(transition(new AlarmStateValue(value, reason, null, now)));
  }

  private StateChange transition(AlarmStateValue next) {
    AlarmStateValue previous = state;
    state = next;
    history.add(
        new AlarmHistoryItem(
            next.timestamp(),
            name(),
            "StateUpdate",
            "Alarm updated from " + previous.value() + " to " + state.value(),
            stateUpdateData(previous, state)));
    return new StateChange(name(), previous, state);
  }

  /** The evaluation range: EvaluationPeriods plus a few more periods, oldest first. */
  List<PeriodValue> range(MetricStore metrics, Instant periodsEnd) {
    Duration period = Duration.ofSeconds(definition.periodSeconds());
    int periods = AlarmEvaluator.evaluationRangePeriods(definition);
    Instant start = periodsEnd.minus(period.multipliedBy(periods));
    Map<Instant, PeriodStatistics> byStart = new HashMap<>();
    for (PeriodStatistics p : metrics.statistics(definition.metric(), start, periodsEnd, period)) {
      byStart.put(p.timestamp(), p);
    }
    List<PeriodValue> range = new ArrayList<>();
    for (int i = 0; i < periods; i++) {
      Instant at = start.plus(period.multipliedBy(i));
      PeriodStatistics p = byStart.get(at);
      range.add(
          p == null
              ? PeriodValue.missing(at)
              : PeriodValue.of(at, p.value(definition.statistic()), p.sampleCount()));
    }
    return Collections.unmodifiableList(range);
  }

  /**
   * Takes back the state and history a previous run of the cloud left (its snapshot), so that a
   * restarted cloud carries on where it stopped instead of starting again in INSUFFICIENT_DATA.
   *
   * @param oldestFirst the history as it was, replacing the "created" item of this run
   */
  public synchronized void restore(
      AlarmStateValue restored, List<AlarmHistoryItem> oldestFirst, Instant evaluated) {
    state = restored;
    history.clear();
    history.addAll(oldestFirst);
    lastEvaluated = evaluated;
  }

  /** The describe view; {@code attempts} are the dispatcher's attempts for any alarm. */
  public synchronized AlarmDescription describe(MetricStore metrics, List<ActionAttempt> attempts) {
    List<AlarmHistoryItem> newestFirst = new ArrayList<>(history);
    Collections.reverse(newestFirst);
    return new AlarmDescription(
        definition,
        arn,
        state,
        lastEvaluated,
        metrics.latest(definition.metric()).orElse(null),
        List.copyOf(newestFirst),
        attempts.stream().filter(a -> a.alarmName().equals(name())).toList(),
        configurationUpdated);
  }

  synchronized void recordAction(ActionAttempt attempt) {
    String summary =
        attempt.succeeded()
            ? "Successfully executed action " + attempt.functionArn()
            : "Failed to execute action "
                + attempt.functionArn()
                + " after "
                + attempt.attempt()
                + " attempts: "
                + attempt.error();
    ObjectNode data = JSON.createObjectNode();
    data.put("actionState", attempt.succeeded() ? "Succeeded" : "Failed");
    data.put("attempt", attempt.attempt());
    if (!attempt.succeeded()) {
      data.put("error", attempt.error());
    }
    history.add(
        new AlarmHistoryItem(attempt.finishedAt(), name(), "Action", summary, data.toString()));
  }

  private static String stateUpdateData(AlarmStateValue from, AlarmStateValue to) {
    ObjectNode data = JSON.createObjectNode();
    data.put("version", "1.0");
    stateNode(data.putObject("oldState"), from);
    stateNode(data.putObject("newState"), to);
    return data.toString();
  }

  private static void stateNode(ObjectNode node, AlarmStateValue state) {
    node.put("stateValue", state.value().name());
    node.put("stateReason", state.reason());
    if (state.reasonData() != null) {
      try {
        node.set("stateReasonData", JSON.readTree(state.reasonData()));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("reason data is always JSON", e);
      }
    }
  }
}
