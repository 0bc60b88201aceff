package io.s3clean.cli.command;

import io.s3clean.cli.CliException;
import io.s3clean.cli.DurationConverter;
import io.s3clean.cli.ExitCodes;
import io.s3clean.cli.FailureHandler;
import io.s3clean.cli.Sleep;
import io.s3clean.cli.output.Results;
import io.s3clean.cli.target.StackTarget;
import io.s3clean.cli.target.StackTarget.AlarmStatus;
import io.s3clean.cli.target.StackTarget.AlarmTransition;
import io.s3clean.cli.target.StackTarget.StackInfo;
import io.s3clean.cloudwatch.alarm.AlarmState;
import io.s3clean.template.StackOutputs.Output;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Watches the stack's alarm: its state and the metric's latest value whenever either changes, and
 * every transition with its reason. As with {@code aws cloudformation wait}, {@code --until} makes
 * it a waiter: exit 0 once the state is reached, 255 when {@code --timeout} passes first.
 */
@Command(
    name = "watch-alarm",
    mixinStandardHelpOptions = true,
    description =
        "Poll the size alarm: state, latest metric value, transitions with reasons; optionally wait for a state.")
public final class WatchAlarmCommand extends BaseCommand {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description = "Real time between polls, e.g. 5s (default: ${DEFAULT-VALUE}).")
  Duration interval;

  @Option(
      names = "--until",
      paramLabel = "STATE",
      description = "Stop with exit 0 once the alarm is in this state: ${COMPLETION-CANDIDATES}.")
  AlarmState until;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "Give up after this long (exit 255 if --until was not reached; 0 otherwise). Default: never.")
  Duration timeout;

  private final Set<AlarmTransition> printed = new HashSet<>();
  private boolean historyReadable = true;

  @Override
  public Integer call() {
    global().stackName();
    if (interval.compareTo(Duration.ofMillis(100)) < 0) {
      throw new CliException(
          ExitCodes.BAD_PARAMETER,
          "--interval must be at least 100ms, not " + DurationConverter.format(interval));
    }
    if (timeout != null && timeout.isNegative()) {
      throw new CliException(ExitCodes.BAD_PARAMETER, "--timeout must not be negative");
    }
    try (StackTarget target = openTarget()) {
      StackInfo stack = requireStack(target);
      // moto provisions no alarm, so the stack it makes has no AlarmName output: the template's
      // name
      String alarmName =
          stack.outputs().getOrDefault(Output.ALARM.key(), stack.name() + "-total-size-threshold");
      return watch(target, alarmName);
    }
  }

  private int watch(StackTarget target, String alarmName) {
    Results results = results();
    Instant deadline = timeout == null ? null : Instant.now().plus(timeout);
    // The alarm's own clock: on the embedded cloud that is the simulated time.
    Instant since = target.clock().instant();
    AlarmStatus shown = null;
    while (true) {
      AlarmStatus status = target.alarm(alarmName);
      for (AlarmTransition transition : transitions(target, alarmName, since, shown, status)) {
        printTransition(results, transition);
        since = transition.time().isAfter(since) ? transition.time() : since;
      }
      if (shown == null
          || !shown.state().equals(status.state())
          || !shown.latestValue().equals(status.latestValue())) {
        printState(results, target, status);
        shown = status;
      }
      if (until != null && until.name().equals(status.state())) {
        return ExitCodes.OK;
      }
      Duration left = deadline == null ? interval : Duration.between(Instant.now(), deadline);
      if (left.isNegative() || left.isZero()) {
        if (until == null) {
          return ExitCodes.OK;
        }
        throw new CliException(
            ExitCodes.OTHER_FAILURE,
            "timed out after "
                + DurationConverter.format(timeout)
                + " waiting for alarm "
                + alarmName
                + " to be "
                + until
                + "; it is "
                + status.state());
      }
      Sleep.sleep(left.compareTo(interval) < 0 ? left : interval);
    }
  }

  /**
   * New transitions from the alarm's history, which also has those that came and went between two
   * polls. Where the history cannot be read (no permission for DescribeAlarmHistory, or an emulator
   * without it) a change between two polls is reported as the transition instead.
   */
  private List<AlarmTransition> transitions(
      StackTarget target,
      String alarmName,
      Instant since,
      AlarmStatus previous,
      AlarmStatus current) {
    if (historyReadable) {
      try {
        return target.alarmHistory(alarmName, since).stream().filter(printed::add).toList();
      } catch (SdkException e) {
        historyReadable = false;
        progress(
            "The alarm's history is unreadable ("
                + FailureHandler.oneLine(e)
                + "); transitions are taken from the polled state");
      }
    }
    if (previous == null || previous.state().equals(current.state())) {
      return List.of();
    }
    AlarmTransition seen =
        new AlarmTransition(
            Optional.ofNullable(current.updated()).orElse(Instant.now()),
            previous.state(),
            current.state(),
            current.reason());
    return printed.add(seen) ? List.of(seen) : List.of();
  }

  private void printState(Results results, StackTarget target, AlarmStatus status) {
    Instant now = target.clock().instant();
    String value = status.latestValue().map(WatchAlarmCommand::number).orElse("no data");
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("type", "state");
    record.put("time", now);
    record.put("alarm", status.name());
    record.put("state", status.state());
    record.put("latest_value", status.latestValue());
    record.put("threshold", status.threshold());
    record.put("period_seconds", status.periodSeconds());
    results.streamed(
        record,
        String.format(
            Locale.ROOT,
            "%s  %-17s latest %s, threshold %s, period %d s",
            TIME.format(now),
            status.state(),
            value,
            number(status.threshold()),
            status.periodSeconds()));
  }

  private static void printTransition(Results results, AlarmTransition transition) {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("type", "transition");
    record.put("time", transition.time());
    record.put("from", transition.from());
    record.put("to", transition.to());
    record.put("reason", transition.reason());
    results.streamed(
        record,
        TIME.format(transition.time())
            + "  "
            + transition.from()
            + " -> "
            + transition.to()
            + ": "
            + Objects.requireNonNullElse(transition.reason(), ""));
  }

  /** 46.0 reads as 46: the metric counts bytes. */
  private static String number(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
