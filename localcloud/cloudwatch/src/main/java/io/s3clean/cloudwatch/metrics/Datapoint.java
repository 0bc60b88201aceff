package io.s3clean.cloudwatch.metrics;

import java.time.Instant;
import java.util.Objects;

/** One published value of a metric at a time, as PutMetricData, a metric filter or EMF make it. */
public record Datapoint(
    MetricId metric, Instant timestamp, double value, String unit, StorageResolution resolution) {
  public Datapoint {
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(resolution, "resolution");
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("a metric value must be a finite number, was " + value);
    }
    unit = unit == null || unit.isEmpty() ? "None" : unit;
  }

  public static Datapoint standard(MetricId metric, Instant timestamp, double value) {
    return new Datapoint(metric, timestamp, value, "None", StorageResolution.STANDARD);
  }
}
