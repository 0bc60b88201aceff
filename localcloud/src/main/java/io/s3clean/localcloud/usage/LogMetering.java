package io.s3clean.localcloud.usage;

import io.s3clean.cloudwatch.logs.LogEvent;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts what reaches CloudWatch Logs: the bytes each log group ingests, and from each function's
 * REPORT line its invocation and the GB-seconds Lambda bills (billed duration times memory size),
 * so the count is whatever the function's runtime reported, however it ran.
 */
public final class LogMetering implements Consumer<LogEvent> {
  private static final String LAMBDA_GROUP = "/aws/lambda/";
  private static final Pattern REPORT =
      Pattern.compile(
          "^REPORT RequestId: \\S+\\s+Duration: [0-9.]+ ms\\s+Billed Duration: (\\d+) ms\\s+Memory Size: (\\d+) MB");

  private final UsageMeter meter;
  private final boolean ingested;

  /**
   * @param ingested whether the events are ingested (false for the lines of a function whose role
   *     may not write its logs: Lambda still runs and bills it)
   */
  public LogMetering(UsageMeter meter, boolean ingested) {
    this.meter = meter;
    this.ingested = ingested;
  }

  @Override
  public void accept(LogEvent event) {
    if (ingested) {
      meter.add(
          "logs",
          event.logGroup(),
          UsageMeter.BYTES_INGESTED,
          EndpointMetering.utf8Length(event.message()),
          UsageMeter.Payer.STACK);
    }
    if (event.logGroup().startsWith(LAMBDA_GROUP) && event.message().startsWith("REPORT ")) {
      Matcher report = REPORT.matcher(event.message());
      if (report.find()) {
        String function = event.logGroup().substring(LAMBDA_GROUP.length());
        double gbSeconds =
            Long.parseLong(report.group(1)) / 1000.0 * Long.parseLong(report.group(2)) / 1024.0;
        meter.add("lambda", function, UsageMeter.INVOCATIONS, 1, UsageMeter.Payer.STACK);
        meter.add("lambda", function, UsageMeter.GB_SECONDS, gbSeconds, UsageMeter.Payer.STACK);
      }
    }
  }
}
