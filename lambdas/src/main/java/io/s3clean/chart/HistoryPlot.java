package io.s3clean.chart;

import io.s3clean.history.HistoryRecord;
import java.util.List;
import java.util.OptionalLong;

/**
 * How a bucket's history is plotted, by the plotting function for the HTTP API and by the CLI for a
 * local plot alike: the series, the title, the threshold line and the sizes a caller may ask for.
 */
public final class HistoryPlot {
  /** The smallest side, in pixels, a caller may ask for. */
  public static final int MIN_SIDE = 200;

  /** The largest side, in pixels, a caller may ask for. */
  public static final int MAX_SIDE = 4000;

  /** The width when none is asked for. */
  public static final int DEFAULT_WIDTH = 1200;

  /** The height when none is asked for. */
  public static final int DEFAULT_HEIGHT = 600;

  private HistoryPlot() {}

  /** The chart of {@code bucketName}'s total, with the alarm's threshold drawn across it. */
  public static ChartSpec chartSpec(String bucketName, long thresholdBytes, int width, int height) {
    return new ChartSpec(
        width, height, "Total size of s3://" + bucketName, OptionalLong.of(thresholdBytes));
  }

  /** The chart's series: the total after each applied event, at the event's time. */
  public static List<HistoryPoint> points(List<HistoryRecord> records) {
    return records.stream().map(r -> new HistoryPoint(r.eventTime(), r.totalSize())).toList();
  }
}
