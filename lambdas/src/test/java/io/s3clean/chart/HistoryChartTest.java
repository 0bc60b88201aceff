package io.s3clean.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class HistoryChartTest {
  private static final Instant START = Instant.parse("2026-11-23T10:00:00Z");
  private static final int WIDTH = 800;
  private static final int HEIGHT = 450;

  /** What an operator sees after a typical scenario: 0, 18, 46, 18, 20, 2 bytes in minutes. */
  static List<HistoryPoint> realisticHistory() {
    long[] sizes = {0, 18, 46, 18, 20, 2};
    long[] secondsAfterStart = {0, 35, 70, 130, 160, 215};
    List<HistoryPoint> points = new ArrayList<>();
    for (int i = 0; i < sizes.length; i++) {
      points.add(new HistoryPoint(START.plusSeconds(secondsAfterStart[i]), sizes[i]));
    }
    return points;
  }

  @Test
  void rendersAPngOfTheRequestedSize() {
    // given
    ChartSpec spec = spec(640, 360, OptionalLong.of(20));

    // when
    BufferedImage image = decode(HistoryChart.renderPng(realisticHistory(), spec));

    // then
    assertThat(image.getWidth()).isEqualTo(640);
    assertThat(image.getHeight()).isEqualTo(360);
  }

  @Test
  void drawsTheThresholdAsAHorizontalLineInItsOwnColour() throws IOException {
    // given
    ChartSpec withThreshold = spec(WIDTH, HEIGHT, OptionalLong.of(20));
    ChartSpec without = spec(WIDTH, HEIGHT, OptionalLong.empty());

    // when
    byte[] png = HistoryChart.renderPng(realisticHistory(), withThreshold);
    BufferedImage marked = decode(png);
    BufferedImage unmarked = decode(HistoryChart.renderPng(realisticHistory(), without));
    keepForHumans("realistic-history.png", png);

    // then: a dashed line crosses most of the plot in one pixel row; nothing of the kind without
    assertThat(widestRun(marked, HistoryChart.THRESHOLD_COLOUR)).isGreaterThan(WIDTH / 2);
    assertThat(widestRun(unmarked, HistoryChart.THRESHOLD_COLOUR)).isZero();
  }

  @Test
  void placesTheThresholdLineAtItsValue() {
    // given: 46 bytes is the peak either way, so both charts share one size axis
    ChartSpec low = spec(WIDTH, HEIGHT, OptionalLong.of(10));
    ChartSpec high = spec(WIDTH, HEIGHT, OptionalLong.of(40));

    // when
    int lowRow = rowOfWidestRun(decode(HistoryChart.renderPng(realisticHistory(), low)));
    int highRow = rowOfWidestRun(decode(HistoryChart.renderPng(realisticHistory(), high)));

    // then: pixel rows grow downwards; 40 bytes sits about 30/46 of the plot height above 10
    assertThat(highRow).isLessThan(lowRow - HEIGHT / 4);
  }

  @Test
  void drawsTheHistoryInTheSeriesColour() {
    ChartSpec spec = spec(WIDTH, HEIGHT, OptionalLong.empty());

    BufferedImage image = decode(HistoryChart.renderPng(realisticHistory(), spec));

    assertThat(count(image, HistoryChart.SERIES_COLOUR)).isGreaterThan(WIDTH / 2);
  }

  @Test
  void aThumbnailKeepsMostOfItsAreaForThePlotRatherThanText() {
    // given: the smallest size the plotting API accepts
    ChartSpec thumbnail = spec(200, 200, OptionalLong.of(20));

    // when
    BufferedImage image = decode(HistoryChart.renderPng(realisticHistory(), thumbnail));

    // then: both lines are still drawn across a good part of the width
    assertThat(count(image, HistoryChart.SERIES_COLOUR)).isGreaterThan(200);
    assertThat(widestRun(image, HistoryChart.THRESHOLD_COLOUR)).isGreaterThan(200 / 3);
  }

  @Test
  void anEmptyHistoryRendersAChartSayingSoInsteadOfFailing() throws IOException {
    // given
    ChartSpec spec = spec(WIDTH, HEIGHT, OptionalLong.of(20));

    // when
    byte[] png = HistoryChart.renderPng(List.of(), spec);
    BufferedImage empty = decode(png);
    keepForHumans("empty-history.png", png);

    // then: no series, the threshold still shown, and text where the line would be
    assertThat(empty.getWidth()).isEqualTo(WIDTH);
    assertThat(count(empty, HistoryChart.SERIES_COLOUR)).isZero();
    assertThat(widestRun(empty, HistoryChart.THRESHOLD_COLOUR)).isGreaterThan(WIDTH / 2);
    assertThat(darkPixelsInTheMiddle(empty)).isGreaterThan(50);
    assertThat(darkPixelsInTheMiddle(decode(HistoryChart.renderPng(realisticHistory(), spec))))
        .isZero();
  }

  @Test
  void aSingleChangeRendersWithAVisibleTimeWindow() {
    // given
    List<HistoryPoint> one = List.of(new HistoryPoint(START, 1_500_000));

    ChartSpec spec = spec(WIDTH, HEIGHT, OptionalLong.of(2_000_000));

    // when
    BufferedImage image = decode(HistoryChart.renderPng(one, spec));

    // then: the level is held from the change (mid-plot) to the right edge
    assertThat(count(image, HistoryChart.SERIES_COLOUR)).isGreaterThan(WIDTH / 4);
    assertThat(widestRun(image, HistoryChart.THRESHOLD_COLOUR)).isGreaterThan(WIDTH / 2);
  }

  @Test
  void theSameHistoryGivesTheSameBytesWhateverOrderItArrivesIn() {
    // given: S3 events applied out of event-time order
    List<HistoryPoint> inOrder = realisticHistory();
    List<HistoryPoint> shuffled = new ArrayList<>(inOrder);
    Collections.shuffle(shuffled, new Random(7));
    ChartSpec spec = spec(WIDTH, HEIGHT, OptionalLong.of(20));

    // when / then
    assertThat(HistoryChart.renderPng(shuffled, spec))
        .isEqualTo(HistoryChart.renderPng(inOrder, spec));
  }

  @Test
  void downsamplingDoesNotChangeThePicture() {
    // given: a random walk with about fifty points per pixel column
    Random random = new Random(42);
    List<HistoryPoint> walk = new ArrayList<>();
    long size = 500_000_000;
    for (int i = 0; i < 20_000; i++) {
      size = Math.max(0, size + random.nextInt(2_000_001) - 1_000_000);
      walk.add(new HistoryPoint(START.plusSeconds(i), size));
    }
    ChartSpec spec = spec(400, 300, OptionalLong.of(600_000_000));

    // when
    BufferedImage full = decode(HistoryChart.renderPng(walk, spec, false));
    BufferedImage thinned = decode(HistoryChart.renderPng(walk, spec, true));

    // then: anti-aliasing may shade a few edge pixels differently, the line itself may not move
    assertThat(differingPixels(full, thinned)).isLessThan(400 * 300 / 200);
  }

  @Test
  void refusesANonsensicalImageSize() {
    assertThatIllegalArgumentException().isThrownBy(() -> spec(0, 100, OptionalLong.empty()));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> spec(100, ChartSpec.MAX_SIDE + 1, OptionalLong.empty()));
  }

  private static ChartSpec spec(int width, int height, OptionalLong threshold) {
    return new ChartSpec(width, height, "Total size of s3://demo-bucket", threshold);
  }

  static BufferedImage decode(byte[] png) {
    try {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
      assertThat(image).as("a decodable PNG").isNotNull();
      return image;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sample images for a person to look at; target/ is throwaway. */
  private static void keepForHumans(String name, byte[] png) throws IOException {
    Path dir = Path.of("target", "chart-samples");
    Files.createDirectories(dir);
    Files.write(dir.resolve(name), png);
  }

  /** Pixels of one row in the given colour, summed over the row that has most of them. */
  private static int widestRun(BufferedImage image, Color colour) {
    int best = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      best = Math.max(best, countInRow(image, y, colour));
    }
    return best;
  }

  private static int rowOfWidestRun(BufferedImage image) {
    int bestRow = -1;
    int best = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      int inRow = countInRow(image, y, HistoryChart.THRESHOLD_COLOUR);
      if (inRow > best) {
        best = inRow;
        bestRow = y;
      }
    }
    return bestRow;
  }

  private static int countInRow(BufferedImage image, int y, Color colour) {
    int n = 0;
    for (int x = 0; x < image.getWidth(); x++) {
      if (close(image.getRGB(x, y), colour)) {
        n++;
      }
    }
    return n;
  }

  private static int count(BufferedImage image, Color colour) {
    int n = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      n += countInRow(image, y, colour);
    }
    return n;
  }

  /** Dark grey text pixels in the centre of the image, where only the no-data message goes. */
  private static int darkPixelsInTheMiddle(BufferedImage image) {
    int n = 0;
    for (int y = image.getHeight() * 2 / 5; y < image.getHeight() * 3 / 5; y++) {
      for (int x = image.getWidth() / 3; x < image.getWidth() * 2 / 3; x++) {
        Color c = new Color(image.getRGB(x, y));
        boolean grey =
            Math.abs(c.getRed() - c.getBlue()) < 16 && Math.abs(c.getRed() - c.getGreen()) < 16;
        if (grey && c.getRed() < 120) {
          n++;
        }
      }
    }
    return n;
  }

  private static int differingPixels(BufferedImage a, BufferedImage b) {
    int n = 0;
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        if (!close(a.getRGB(x, y), new Color(b.getRGB(x, y)))) {
          n++;
        }
      }
    }
    return n;
  }

  /** Anti-aliasing blends edges with the background; the core of a 2 px line keeps its colour. */
  private static boolean close(int rgb, Color colour) {
    Color c = new Color(rgb);
    return Math.abs(c.getRed() - colour.getRed()) <= 24
        && Math.abs(c.getGreen() - colour.getGreen()) <= 24
        && Math.abs(c.getBlue() - colour.getBlue()) <= 24;
  }
}
