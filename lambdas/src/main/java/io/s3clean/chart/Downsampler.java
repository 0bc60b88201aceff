package io.s3clean.chart;

import java.util.ArrayList;
import java.util.List;

/**
 * Thins a time-ordered series to at most four points per pixel column: the first, lowest, highest
 * and last point of each column, in time order. A column is one pixel wide, so the drawn step line
 * covers exactly the same pixels as the full series: the vertical extent comes from min and max,
 * and the level carried into the next column from the last point.
 */
final class Downsampler {
  static final int MAX_POINTS_PER_COLUMN = 4;

  private Downsampler() {}

  /**
   * Returns {@code points} itself when no column holds more than four points, otherwise a new list.
   *
   * @throws IllegalArgumentException if the points are not in time order or columns is not positive
   */
  static List<HistoryPoint> perColumn(List<HistoryPoint> points, int columns) {
    if (columns < 1) {
      throw new IllegalArgumentException("columns must be positive, was " + columns);
    }
    requireTimeOrder(points);
    if (points.size() <= MAX_POINTS_PER_COLUMN) {
      return points;
    }
    long start = points.get(0).time().toEpochMilli();
    long end = points.get(points.size() - 1).time().toEpochMilli();
    // +1 keeps the newest point inside the last column instead of opening a column of its own.
    long span = end - start + 1;

    List<HistoryPoint> kept = new ArrayList<>();
    boolean thinned = false;
    int columnStart = 0;
    long column = columnOf(points.get(0), start, span, columns);
    for (int i = 1; i <= points.size(); i++) {
      long next = i < points.size() ? columnOf(points.get(i), start, span, columns) : -1;
      if (next != column) {
        thinned |= keepExtremes(points, columnStart, i, kept);
        columnStart = i;
        column = next;
      }
    }
    return thinned ? kept : points;
  }

  private static long columnOf(HistoryPoint point, long start, long span, int columns) {
    // Millisecond spans of centuries times a few thousand columns still fit in a long.
    return (point.time().toEpochMilli() - start) * columns / span;
  }

  /** Appends the kept points of {@code points[from, to)}; returns whether any were dropped. */
  private static boolean keepExtremes(
      List<HistoryPoint> points, int from, int to, List<HistoryPoint> kept) {
    if (to - from <= MAX_POINTS_PER_COLUMN) {
      kept.addAll(points.subList(from, to));
      return false;
    }
    int min = from;
    int max = from;
    for (int i = from + 1; i < to; i++) {
      long size = points.get(i).totalSize();
      if (size < points.get(min).totalSize()) {
        min = i;
      }
      if (size > points.get(max).totalSize()) {
        max = i;
      }
    }
    int last = to - 1;
    kept.add(points.get(from));
    int low = Math.min(min, max);
    int high = Math.max(min, max);
    if (low != from) {
      kept.add(points.get(low));
    }
    if (high != low && high != last) {
      kept.add(points.get(high));
    }
    kept.add(points.get(last));
    return true;
  }

  private static void requireTimeOrder(List<HistoryPoint> points) {
    for (int i = 1; i < points.size(); i++) {
      if (points.get(i).time().isBefore(points.get(i - 1).time())) {
        throw new IllegalArgumentException("points must be in time order; point " + i + " is not");
      }
    }
  }
}
