package io.s3clean.cloudwatch.logs;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Writes a Lambda execution environment's log stream the way the Lambda service does: a stream per
 * environment named {@code 2026/11/23/[$LATEST]<32 hex>} in {@code /aws/lambda/<function>}, and for
 * each invocation {@code START RequestId: <id> Version: $LATEST}, the function's own lines (the
 * Java runtime's LambdaLogger writes them unchanged), {@code END RequestId: <id>} and a tab
 * separated {@code REPORT} line. Formats as in the Lambda developer guide's log examples.
 */
public final class LambdaLogWriter {
  private static final DateTimeFormatter STREAM_DATE = DateTimeFormatter.ofPattern("yyyy/MM/dd");

  private final LogStore store;
  private final String logGroupName;
  private final String logStreamName;
  private final String version;
  private final int memorySizeMb;

  public LambdaLogWriter(
      LogStore store, String logGroupName, String logStreamName, String version, int memorySizeMb) {
    this.store = store;
    this.logGroupName = logGroupName;
    this.logStreamName = logStreamName;
    this.version = version;
    this.memorySizeMb = memorySizeMb;
  }

  /** A writer for a new execution environment of {@code $LATEST}, with a fresh stream name. */
  public static LambdaLogWriter forNewEnvironment(
      LogStore store, String logGroupName, Clock clock, int memorySizeMb) {
    return new LambdaLogWriter(
        store,
        logGroupName,
        newLogStreamName(clock, "$LATEST", new SecureRandom()),
        "$LATEST",
        memorySizeMb);
  }

  /** The log group Lambda writes a function's logs to unless the function names another. */
  public static String logGroupName(String functionName) {
    return "/aws/lambda/" + functionName;
  }

  /** {@code yyyy/MM/dd/[version]} and 32 hex digits identifying the execution environment. */
  public static String newLogStreamName(Clock clock, String version, Random random) {
    byte[] id = new byte[16];
    random.nextBytes(id);
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).format(STREAM_DATE)
        + "/["
        + version
        + "]"
        + HexFormat.of().formatHex(id);
  }

  public static String newRequestId() {
    return UUID.randomUUID().toString();
  }

  public String logGroupName() {
    return logGroupName;
  }

  public String logStreamName() {
    return logStreamName;
  }

  /**
   * A line outside any invocation: what an execution environment writes while it initialises,
   * before the START of its first invocation, or the runtime's lines between invocations.
   */
  public void write(String line) {
    store.append(logGroupName, logStreamName, line);
  }

  /** Writes the START line of an invocation. */
  public Invocation start(String requestId) {
    return start(requestId, line -> {});
  }

  /**
   * Writes the START line of an invocation, and hands {@code copy} every line the invocation writes
   * from START to REPORT: what Invoke's {@code LogType: Tail} returns the end of.
   */
  public Invocation start(String requestId, Consumer<String> copy) {
    Invocation invocation = new Invocation(requestId, copy);
    invocation.append("START RequestId: " + requestId + " Version: " + version);
    return invocation;
  }

  /** One invocation's log lines, between its START and its END and REPORT lines. */
  public final class Invocation {
    private final String requestId;
    private final Consumer<String> copy;

    private Invocation(String requestId, Consumer<String> copy) {
      this.requestId = requestId;
      this.copy = copy;
    }

    private void append(String line) {
      store.append(logGroupName, logStreamName, line);
      copy.accept(line);
    }

    public String requestId() {
      return requestId;
    }

    /** A line from the function, as {@code context.getLogger().log(message)} writes it. */
    public void log(String message) {
      append(message);
    }

    /** Writes END and REPORT; Lambda bills the duration rounded up to the millisecond. */
    public void end(Duration duration, int maxMemoryUsedMb) {
      end(duration, maxMemoryUsedMb, null);
    }

    /** As {@link #end(Duration, int)}, with the Init Duration a cold start reports. */
    public void end(Duration duration, int maxMemoryUsedMb, Duration initDuration) {
      append("END RequestId: " + requestId);
      double millis = duration.toNanos() / 1_000_000.0;
      StringBuilder report =
          new StringBuilder()
              .append("REPORT RequestId: ")
              .append(requestId)
              .append("\tDuration: ")
              .append(String.format(Locale.ROOT, "%.2f", millis))
              .append(" ms\tBilled Duration: ")
              .append((long) Math.ceil(millis))
              .append(" ms\tMemory Size: ")
              .append(memorySizeMb)
              .append(" MB\tMax Memory Used: ")
              .append(maxMemoryUsedMb)
              .append(" MB\t");
      if (initDuration != null) {
        report
            .append("Init Duration: ")
            .append(String.format(Locale.ROOT, "%.2f", initDuration.toNanos() / 1_000_000.0))
            .append(" ms\t");
      }
      append(report.toString());
    }
  }
}
