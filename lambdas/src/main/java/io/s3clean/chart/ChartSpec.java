package io.s3clean.chart;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * How a history chart looks: image size in pixels, title, and the cleanup threshold to draw, if
 * any.
 */
public record ChartSpec(int width, int height, String title, OptionalLong thresholdBytes) {
  /** Far beyond any sensible request; keeps a bad caller from allocating gigabytes of pixels. */
  public static final int MAX_SIDE = 10_000;

  public ChartSpec {
    requireSide("width", width);
    requireSide("height", height);
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(thresholdBytes, "thresholdBytes");
  }

  private static void requireSide(String name, int pixels) {
    if (pixels < 1 || pixels > MAX_SIDE) {
      throw new IllegalArgumentException(
          name + " must be between 1 and " + MAX_SIDE + " pixels, was " + pixels);
    }
  }
}
