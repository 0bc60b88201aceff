package io.s3clean.cli.command;

import io.s3clean.cli.CliException;
import io.s3clean.cli.DurationConverter;
import io.s3clean.cli.ExitCodes;
import io.s3clean.cli.GlobalOptions.Output;
import io.s3clean.cli.Sleep;
import io.s3clean.cli.output.Results;
import io.s3clean.cli.target.StackFunction;
import io.s3clean.cli.target.StackTarget;
import io.s3clean.cli.target.StackTarget.LogLine;
import io.s3clean.cli.target.StackTarget.StackInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/**
 * A function's log lines since a while ago; with {@code --follow}, new ones as they arrive. JSON
 * output is one object per line, so a follow can be piped into jq.
 */
@Command(
    name = "logs",
    mixinStandardHelpOptions = true,
    description = "Print a function's log lines.")
public final class LogsCommand extends BaseCommand {
  @Parameters(
      index = "0",
      paramLabel = "FUNCTION",
      converter = FunctionConverter.class,
      completionCandidates = FunctionNames.class,
      description = "One of: ${COMPLETION-CANDIDATES}.")
  StackFunction function;

  @Option(
      names = "--since",
      paramLabel = "DURATION",
      defaultValue = "10m",
      converter = DurationConverter.class,
      description = "How far back to start, e.g. 30s, 10m, 2h (default: ${DEFAULT-VALUE}).")
  Duration since;

  @Option(
      names = {"-f", "--follow"},
      description = "Keep printing new lines until interrupted.")
  boolean follow;

  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      defaultValue = "2s",
      converter = DurationConverter.class,
      description = "Real time between polls with --follow (default: ${DEFAULT-VALUE}).")
  Duration interval;

  @Override
  public Integer call() {
    global().stackName();
    if (since.isNegative() || interval.compareTo(Duration.ofMillis(100)) < 0) {
      throw new CliException(
          ExitCodes.BAD_PARAMETER,
          since.isNegative()
              ? "--since must not be negative"
              : "--interval must be at least 100ms, not " + DurationConverter.format(interval));
    }
    try (StackTarget target = openTarget()) {
      StackInfo stack = requireStack(target);
      String logGroup =
          stack.outputs().getOrDefault(function.logGroupOutput(), function.logGroup(stack.name()));
      Results results = results();
      Instant from = target.clock().instant().minus(since);
      // Lines that share the newest timestamp may come back on the next poll: skip those already
      // printed.
      Set<LogLine> atNewest = new HashSet<>();
      while (true) {
        List<LogLine> lines = target.logs(logGroup, from);
        for (LogLine line : lines) {
          if (line.time().isBefore(from) || atNewest.contains(line)) {
            continue;
          }
          if (line.time().isAfter(from)) {
            from = line.time();
            atNewest.clear();
          }
          atNewest.add(line);
          print(results, line);
        }
        if (!follow) {
          return 0;
        }
        Sleep.sleep(interval);
      }
    }
  }

  private static void print(Results results, LogLine line) {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("time", line.time());
    record.put("stream", line.stream());
    record.put("message", line.message());
    String message = line.message().stripTrailing();
    String separator = results.format() == Output.text ? "\t" : "  ";
    results.streamed(record, line.time() + separator + line.stream() + separator + message);
  }

  static final class FunctionConverter implements ITypeConverter<StackFunction> {
    @Override
    public StackFunction convert(String value) {
      return StackFunction.bySuffix(value)
          .orElseThrow(
              () ->
                  new TypeConversionException(
                      "'"
                          + value
                          + "' is not a function; use one of size-tracking, event-logging, cleaner, plotting"));
    }
  }

  static final class FunctionNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Arrays.stream(StackFunction.values()).map(StackFunction::suffix).iterator();
    }
  }
}
