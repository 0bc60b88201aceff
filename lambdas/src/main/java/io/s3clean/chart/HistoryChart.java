package io.s3clean.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Renders a bucket's size history as a PNG step chart. Pure: same input, same bytes. */
public final class HistoryChart {
  static {
    // AWT chooses its toolkit once, on first use. A Lambda has no display, and a developer's
    // desktop must not grow a window or a dock icon because a chart was rendered.
    System.setProperty("java.awt.headless", "true");
  }

  static final Color SERIES_COLOUR = new Color(0x1F, 0x77, 0xB4);
  static final Color THRESHOLD_COLOUR = new Color(0xD6, 0x27, 0x28);
  static final String NO_DATA_MESSAGE = "no history yet";

  private static final TimeZone UTC = TimeZone.getTimeZone("UTC");
  private static final String FONT = Font.SANS_SERIF;
  private static final Color GRID = new Color(0xE0, 0xE0, 0xE0);
  private static final Color TEXT = new Color(0x33, 0x33, 0x33);
  private static final DateTimeFormatter SUBTITLE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter SUBTITLE_CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** Head room above the highest line so the threshold label is never cut off by the frame. */
  private static final double HEAD_ROOM = 1.12;

  private static final double FOOT_ROOM = 0.015;

  /** A lone instant has no width; show it in the middle of this window. */
  private static final Duration LONE_POINT_WINDOW = Duration.ofMinutes(1);

  private HistoryChart() {}

  /**
   * Draws {@code points} (any order; drawn in time order) as a step line of total size over UTC
   * time, with the threshold as a labelled horizontal line. An empty history yields a chart that
   * says "no history yet".
   */
  public static byte[] renderPng(List<HistoryPoint> points, ChartSpec spec) {
    return renderPng(points, spec, true);
  }

  /** Without downsampling only so tests can show that downsampling does not change the picture. */
  static byte[] renderPng(List<HistoryPoint> points, ChartSpec spec, boolean downsample) {
    List<HistoryPoint> ordered = inTimeOrder(points);
    List<HistoryPoint> drawn = downsample ? Downsampler.perColumn(ordered, spec.width()) : ordered;
    JFreeChart chart = chart(ordered, drawn, spec);
    ByteArrayOutputStream png = new ByteArrayOutputStream(64 * 1024);
    try {
      ChartUtils.writeChartAsPNG(png, chart, spec.width(), spec.height());
    } catch (IOException e) {
      throw new UncheckedIOException("PNG encoding into memory failed", e);
    }
    return png.toByteArray();
  }

  private static JFreeChart chart(
      List<HistoryPoint> ordered, List<HistoryPoint> drawn, ChartSpec spec) {
    long highest = ordered.stream().mapToLong(HistoryPoint::totalSize).max().orElse(0);
    long lowest = ordered.stream().mapToLong(HistoryPoint::totalSize).min().orElse(0);
    long top = Math.max(Math.max(highest, spec.thresholdBytes().orElse(0)), 1);
    Look look = Look.of(spec);
    ByteUnit unit = ByteUnit.fitting(top);

    XYPlot plot =
        new XYPlot(
            series(drawn, ordered.isEmpty() ? null : TimeWindow.around(ordered).to(), unit),
            timeAxis(ordered, look),
            sizeAxis(unit, Math.min(lowest, 0), top, look),
            stepRenderer(look));
    plot.setBackgroundPaint(Color.WHITE);
    plot.setOutlinePaint(GRID);
    plot.setDomainGridlinePaint(GRID);
    plot.setRangeGridlinePaint(GRID);
    plot.setDomainGridlineStroke(new BasicStroke(1f));
    plot.setRangeGridlineStroke(new BasicStroke(1f));
    plot.setAxisOffset(new RectangleInsets(4, 4, 4, 4));
    plot.setNoDataMessage(NO_DATA_MESSAGE);
    plot.setNoDataMessageFont(look.font(Font.PLAIN, 18));
    plot.setNoDataMessagePaint(TEXT);
    spec.thresholdBytes()
        .ifPresent(threshold -> plot.addRangeMarker(thresholdLine(threshold, unit, look)));

    JFreeChart chart = new JFreeChart(spec.title(), look.font(Font.BOLD, 18), plot, false);
    chart.setBackgroundPaint(Color.WHITE);
    chart.getTitle().setPaint(TEXT);
    if (look.roomForSubtitle()) {
      chart.addSubtitle(subtitle(ordered, look));
    }
    chart.setPadding(new RectangleInsets(8, 8, 8, 20));
    chart.setAntiAlias(true);
    chart.setTextAntiAlias(true);
    return chart;
  }

  private static List<HistoryPoint> inTimeOrder(List<HistoryPoint> points) {
    for (int i = 1; i < points.size(); i++) {
      if (points.get(i).time().isBefore(points.get(i - 1).time())) {
        // S3 delivers events out of order, so apply order (seq) and event time can disagree.
        List<HistoryPoint> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparing(HistoryPoint::time));
        return sorted;
      }
    }
    return points;
  }

  /**
   * The step line, held at its last level up to {@code until}: the newest size is the bucket's size
   * now, and a line that stopped at the last change would hide it in a vertical stroke.
   */
  private static XYSeriesCollection series(
      List<HistoryPoint> points, Instant until, ByteUnit unit) {
    XYSeries series = new XYSeries("total size", false, true);
    for (HistoryPoint point : points) {
      series.add(point.time().toEpochMilli(), unit.scale(point.totalSize()), false);
    }
    if (!points.isEmpty()) {
      series.add(until.toEpochMilli(), unit.scale(last(points).totalSize()), false);
    }
    return new XYSeriesCollection(series);
  }

  private static DateAxis timeAxis(List<HistoryPoint> ordered, Look look) {
    DateAxis axis = new DateAxis("Time (UTC)", UTC, Locale.ENGLISH);
    style(axis, look);
    if (ordered.isEmpty()) {
      // The axis would otherwise label an arbitrary instant: 1970-01-01.
      axis.setTickLabelsVisible(false);
    } else {
      TimeWindow window = TimeWindow.around(ordered);
      axis.setRange(window.from().toEpochMilli(), window.to().toEpochMilli());
    }
    return axis;
  }

  /** The visible time range: the history plus a margin, and a minute around a lone instant. */
  private record TimeWindow(Instant from, Instant to) {
    static TimeWindow around(List<HistoryPoint> ordered) {
      Instant first = ordered.get(0).time();
      Instant last = last(ordered).time();
      Duration span = Duration.between(first, last);
      Duration margin = span.isZero() ? LONE_POINT_WINDOW.dividedBy(2) : span.dividedBy(25);
      return new TimeWindow(first.minus(margin), last.plus(margin));
    }
  }

  private static NumberAxis sizeAxis(ByteUnit unit, long lowest, long top, Look look) {
    NumberAxis axis = new NumberAxis("Total size (" + unit.symbol() + ")");
    style(axis, look);
    axis.setStandardTickUnits(
        unit == ByteUnit.B
            ? NumberAxis.createIntegerTickUnits(Locale.ROOT)
            : NumberAxis.createStandardTickUnits(Locale.ROOT));
    // A little room below zero keeps a line at zero off the axis line, less than one tick unit.
    double floor = lowest < 0 ? unit.scale(lowest) * HEAD_ROOM : -unit.scale(top) * FOOT_ROOM;
    axis.setRange(floor, unit.scale(top) * HEAD_ROOM);
    return axis;
  }

  private static void style(org.jfree.chart.axis.ValueAxis axis, Look look) {
    axis.setLabelFont(look.font(Font.PLAIN, 14));
    axis.setLabelPaint(TEXT);
    axis.setTickLabelFont(look.font(Font.PLAIN, 12));
    axis.setTickLabelPaint(TEXT);
    axis.setAxisLinePaint(Color.GRAY);
    axis.setTickMarkPaint(Color.GRAY);
  }

  private static XYStepRenderer stepRenderer(Look look) {
    XYStepRenderer renderer = new XYStepRenderer();
    renderer.setSeriesPaint(0, SERIES_COLOUR);
    renderer.setSeriesStroke(
        0, new BasicStroke(look.line(2f), BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
    renderer.setDefaultShapesVisible(false);
    return renderer;
  }

  private static ValueMarker thresholdLine(long thresholdBytes, ByteUnit unit, Look look) {
    ValueMarker marker =
        new ValueMarker(
            unit.scale(thresholdBytes),
            THRESHOLD_COLOUR,
            new BasicStroke(
                look.line(2f),
                BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER,
                10f,
                new float[] {look.line(8f), look.line(4f)},
                0f));
    marker.setLabel("threshold " + ByteUnit.format(thresholdBytes));
    marker.setLabelFont(look.font(Font.BOLD, 12));
    marker.setLabelPaint(THRESHOLD_COLOUR);
    marker.setLabelBackgroundColor(new Color(255, 255, 255, 200));
    marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
    marker.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
    marker.setLabelOffset(new RectangleInsets(2, 2, 2, 6));
    return marker;
  }

  private static TextTitle subtitle(List<HistoryPoint> ordered, Look look) {
    String text;
    if (ordered.isEmpty()) {
      text = "no size changes recorded";
    } else {
      HistoryPoint first = ordered.get(0);
      HistoryPoint latest = last(ordered);
      long peak = ordered.stream().mapToLong(HistoryPoint::totalSize).max().orElseThrow();
      text =
          String.format(
              Locale.ROOT,
              "%,d %s  \u00b7  %s \u2013 %s UTC  \u00b7  peak %s  \u00b7  latest %s",
              ordered.size(),
              ordered.size() == 1 ? "change" : "changes",
              SUBTITLE_TIME.format(first.time()),
              sameUtcDay(first.time(), latest.time())
                  ? SUBTITLE_CLOCK.format(latest.time())
                  : SUBTITLE_TIME.format(latest.time()),
              ByteUnit.format(peak),
              ByteUnit.format(latest.totalSize()));
    }
    TextTitle subtitle = new TextTitle(text, look.font(Font.PLAIN, 13));
    subtitle.setPaint(Color.DARK_GRAY);
    subtitle.setMargin(new RectangleInsets(2, 0, 6, 0));
    return subtitle;
  }

  private static boolean sameUtcDay(Instant a, Instant b) {
    return a.atOffset(ZoneOffset.UTC)
        .toLocalDate()
        .equals(b.atOffset(ZoneOffset.UTC).toLocalDate());
  }

  /**
   * Text and line sizes for the image size: designed at 800x450, shrunk for thumbnails and grown
   * for wall displays, within limits that keep text legible and the plot area dominant.
   */
  private record Look(double factor, boolean roomForSubtitle) {
    static Look of(ChartSpec spec) {
      double fit = Math.min(spec.width() / 800.0, spec.height() / 450.0);
      return new Look(
          Math.max(0.85, Math.min(3.0, fit)), spec.width() >= 560 && spec.height() >= 300);
    }

    Font font(int style, double designPoints) {
      return new Font(FONT, style, (int) Math.round(designPoints * factor));
    }

    /** Lines never get thinner than designed: a thinner line would look faint, not smaller. */
    float line(float designPixels) {
      return (float) (designPixels * Math.max(1.0, factor));
    }
  }

  private static HistoryPoint last(List<HistoryPoint> points) {
    return points.get(points.size() - 1);
  }
}
