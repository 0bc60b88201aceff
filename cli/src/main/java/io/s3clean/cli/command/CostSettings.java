package io.s3clean.cli.command;

import picocli.CommandLine.Option;

/**
 * The template parameters that set what the stack costs and how fast it goes, taken alike by {@code
 * deploy} (to run them) and {@code cost} (to price them).
 */
final class CostSettings {
  @Option(
      names = "--batch-size",
      paramLabel = "N",
      description =
          "SQS messages per Lambda invocation, 1-10000; above 10 needs a batching window of at least 1 (given or kept).")
  String batchSize;

  @Option(
      names = "--batching-window",
      paramLabel = "SECONDS",
      description = "Seconds to gather a batch, 0-30.")
  String batchingWindow;

  @Option(
      names = "--tracking-concurrency",
      paramLabel = "N",
      description =
          "Most concurrent size-tracking invocations, 2-1000 (default 2): they all write one state item, so raise --batch-size first.")
  String trackingConcurrency;

  @Option(
      names = "--alarm-period",
      paramLabel = "SECONDS",
      description = "Alarm evaluation period: 60, 120, 180, 300, 600, 900, 1800 or 3600.")
  String alarmPeriod;

  @Option(
      names = "--alarm-resolution",
      paramLabel = "RESOLUTION",
      description =
          "standard (the metric filter's metric, per --alarm-period) or high (EMF at 1 s, 10 s periods).")
  String alarmResolution;

  @Option(
      names = "--log-retention",
      paramLabel = "DAYS",
      description = "Retention of the functions' log groups, in days (template default 14).")
  String logRetention;

  /** Sets the parameters whose flags were given; exit 252 for a value the template refuses. */
  TemplateParameters applyTo(TemplateParameters parameters) {
    return parameters
        .set("--batch-size", "BatchSize", batchSize)
        .set("--batching-window", "MaximumBatchingWindowInSeconds", batchingWindow)
        .set("--tracking-concurrency", "TrackingConcurrency", trackingConcurrency)
        .set("--alarm-period", "AlarmPeriodSeconds", alarmPeriod)
        .set("--alarm-resolution", "AlarmResolution", alarmResolution)
        .set("--log-retention", "LogRetentionInDays", logRetention);
  }
}
