package io.s3clean.perf.bench;

import java.util.Arrays;
import java.util.List;

/** Medians and percentiles: the benchmarks report no means, which one slow run would drag. */
final class Stats {
  private Stats() {}

  static double median(List<Double> values) {
    return percentile(values.stream().mapToDouble(Double::doubleValue).toArray(), 50);
  }

  /** Nearest-rank percentile: the smallest value with at least p% of the values at or below it. */
  static double percentile(double[] values, double p) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    if (p == 50 && sorted.length % 2 == 0) {
      return (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }
    return sorted[Math.max(0, (int) Math.ceil(p / 100 * sorted.length) - 1)];
  }
}
