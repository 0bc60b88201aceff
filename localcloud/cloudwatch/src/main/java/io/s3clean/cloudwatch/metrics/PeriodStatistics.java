package io.s3clean.cloudwatch.metrics;

import java.time.Instant;

/** The statistics of one period of a metric; {@code timestamp} is the period's start. */
public record PeriodStatistics(
    Instant timestamp, long sampleCount, double sum, double minimum, double maximum) {

  public double average() {
    return sum / sampleCount;
  }

  public double value(Statistic statistic) {
    return switch (statistic) {
      case SAMPLE_COUNT -> sampleCount;
      case AVERAGE -> average();
      case SUM -> sum;
      case MINIMUM -> minimum;
      case MAXIMUM -> maximum;
    };
  }

  PeriodStatistics plus(double value) {
    return new PeriodStatistics(
        timestamp,
        sampleCount + 1,
        sum + value,
        Math.min(minimum, value),
        Math.max(maximum, value));
  }

  static PeriodStatistics of(Instant timestamp, double value) {
    return new PeriodStatistics(timestamp, 1, value, value, value);
  }
}
