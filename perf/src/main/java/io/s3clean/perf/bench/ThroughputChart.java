package io.s3clean.perf.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Events per second per batch size, end to end and for the tracking path alone, under the engine's
 * raw ceiling.
 */
final class ThroughputChart {
  private ThroughputChart() {}

  /**
   * @param series series name to (case to events per second), cases in the order to draw them
   * @param ceiling events per second the DynamoDB engine's raw write rate allows
   */
  static void write(
      Path file, Map<String, Map<String, Double>> series, double ceiling, String subtitle)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    // NaN: no such case (the naive tracker is measured with the default consumers only); the bar is
    // left out.
    series.forEach(
        (name, cases) ->
            cases.forEach((label, rate) -> data.addValue(rate.isNaN() ? null : rate, name, label)));
    CategoryAxis cases = new CategoryAxis("SQS batch size");
    NumberAxis rate = new NumberAxis("events per second (median)");
    double tallest =
        series.values().stream()
            .flatMap(rates -> rates.values().stream())
            .filter(r -> !r.isNaN())
            .mapToDouble(Double::doubleValue)
            .max()
            .orElse(0);
    rate.setUpperBound(Math.max(ceiling, tallest) * 1.12);
    BarRenderer bars = new BarRenderer();
    bars.setBarPainter(new StandardBarPainter());
    bars.setShadowVisible(false);
    bars.setItemMargin(0.05);
    bars.setSeriesPaint(0, new Color(0x1F77B4));
    bars.setSeriesPaint(1, new Color(0x2CA02C));
    bars.setSeriesPaint(2, new Color(0xFF7F0E));
    bars.setSeriesPaint(3, new Color(0xAEC7E8));
    bars.setDefaultItemLabelGenerator(
        new StandardCategoryItemLabelGenerator("{2}", new java.text.DecimalFormat("#,##0")));
    bars.setDefaultItemLabelsVisible(true);
    bars.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    CategoryPlot plot = new CategoryPlot(data, cases, rate, bars);
    plot.setOrientation(PlotOrientation.VERTICAL);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(new Color(0xDDDDDD));
    ValueMarker marker = new ValueMarker(ceiling, new Color(0xD62728), new BasicStroke(2f));
    marker.setLabel(
        String.format(
            "the engine's raw ceiling (write rate / 2 items per event): %,.0f events/s", ceiling));
    marker.setLabelFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
    marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
    marker.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
    plot.addRangeMarker(marker);
    JFreeChart chart =
        new JFreeChart(
            "s3clean: events per second per SQS batch size",
            new Font(Font.SANS_SERIF, Font.BOLD, 18),
            plot,
            true);
    chart.addSubtitle(new TextTitle(subtitle, new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
    chart.setBackgroundPaint(Color.WHITE);
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (OutputStream out = Files.newOutputStream(file)) {
      ChartUtils.writeChartAsPNG(out, chart, 1000, 600);
    }
  }

  static Map<String, Double> cases(double naive, double batch10, double batch100) {
    Map<String, Double> cases = new LinkedHashMap<>();
    cases.put("naive, 1 event at a time", naive);
    cases.put("10", batch10);
    cases.put("100", batch100);
    return cases;
  }
}
