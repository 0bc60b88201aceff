package io.s3clean.cloudwatch.alarm;

import java.time.Instant;

/** One period of an evaluation range: its statistic, or none when no data arrived in it. */
public record PeriodValue(Instant timestamp, Double value, long sampleCount) {

  public static PeriodValue of(Instant timestamp, double value, long sampleCount) {
    return new PeriodValue(timestamp, value, sampleCount);
  }

  public static PeriodValue missing(Instant timestamp) {
    return new PeriodValue(timestamp, null, 0);
  }

  public boolean isMissing() {
    return value == null;
  }
}
