package io.s3clean.cli.target;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3clean.cli.CliException;
import io.s3clean.cli.ExitCodes;
import io.s3clean.cloudwatch.alarm.AlarmDescription;
import io.s3clean.cloudwatch.alarm.AlarmHistoryItem;
import io.s3clean.cloudwatch.logs.LogEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The simulated CloudWatch's alarm and log records, as the target interface reports them. */
final class CloudWatchViews {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CloudWatchViews() {}

  static StackTarget.AlarmStatus status(Optional<AlarmDescription> found, String alarmName) {
    AlarmDescription alarm =
        found.orElseThrow(
            () ->
                new CliException(
                    ExitCodes.SERVICE_ERROR, "no alarm " + alarmName + " on the embedded cloud"));
    return new StackTarget.AlarmStatus(
        alarm.definition().alarmName(),
        alarm.state().value().name(),
        alarm.state().reason(),
        alarm.state().timestamp(),
        Optional.ofNullable(alarm.lastDatapoint()).map(d -> d.value()),
        alarm.definition().periodSeconds(),
        alarm.definition().threshold());
  }

  /**
   * StateUpdate items of the history, oldest first, with the from/to states and reason from their
   * data.
   */
  static List<StackTarget.AlarmTransition> transitions(
      Optional<AlarmDescription> found, String alarmName, Instant since) {
    AlarmDescription alarm =
        found.orElseThrow(
            () ->
                new CliException(
                    ExitCodes.SERVICE_ERROR, "no alarm " + alarmName + " on the embedded cloud"));
    List<StackTarget.AlarmTransition> transitions = new ArrayList<>();
    for (AlarmHistoryItem item : alarm.history()) {
      if (!item.type().equals("StateUpdate") || item.timestamp().isBefore(since)) {
        continue;
      }
      transitions.add(transition(item.timestamp(), item.data()));
    }
    transitions.sort(Comparator.comparing(StackTarget.AlarmTransition::time));
    return transitions;
  }

  private static StackTarget.AlarmTransition transition(Instant time, String historyData) {
    JsonNode data = parse(historyData);
    return new StackTarget.AlarmTransition(
        time,
        data.at("/oldState/stateValue").asText(),
        data.at("/newState/stateValue").asText(),
        data.at("/newState/stateReason").asText());
  }

  static List<StackTarget.LogLine> lines(List<LogEvent> events) {
    return events.stream()
        .map(e -> new StackTarget.LogLine(e.timestamp(), e.logStream(), e.message()))
        .sorted(Comparator.comparing(StackTarget.LogLine::time))
        .toList();
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
