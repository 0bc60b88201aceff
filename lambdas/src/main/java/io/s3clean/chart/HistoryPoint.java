package io.s3clean.chart;

import java.time.Instant;
import java.util.Objects;

/** The bucket's total size as it stood from {@code time} until the next point. */
public record HistoryPoint(Instant time, long totalSize) {
  public HistoryPoint {
    Objects.requireNonNull(time, "time");
  }
}
