package io.s3clean.cli.command;

import io.s3clean.chart.HistoryChart;
import io.s3clean.chart.HistoryPlot;
import io.s3clean.cli.CliException;
import io.s3clean.cli.ExitCodes;
import io.s3clean.cli.output.Results.Column;
import io.s3clean.cli.target.StackTarget;
import io.s3clean.cli.target.StackTarget.StackInfo;
import io.s3clean.history.HistoryReader;
import io.s3clean.history.HistoryRecord;
import io.s3clean.template.StackOutputs.Output;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The bucket's size history from HistoryTable, one row per applied event; or, with {@code --plot},
 * the same PNG the plotting Lambda serves, rendered here by the same chart code.
 */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description =
        "The bucket's size history (table, json, text or --csv), or a PNG plot of it (--plot).")
public final class HistoryCommand extends BaseCommand {
  static final List<Column> COLUMNS =
      List.of(
          Column.number("seq"),
          Column.text("event_time"),
          Column.text("object_name"),
          Column.text("event_type"),
          Column.number("size_delta"),
          Column.number("total_size"));

  @Option(
      names = "--csv",
      description = "Comma-separated values with a header line, instead of --output.")
  boolean csv;

  @Option(
      names = "--last",
      paramLabel = "N",
      description = "Only the newest N records (default: all).")
  Integer last;

  @Option(
      names = "--plot",
      paramLabel = "FILE",
      description = "Write the history as a PNG chart to FILE instead.")
  Path plot;

  @Option(
      names = "--width",
      paramLabel = "PIXELS",
      defaultValue = "1200",
      description = "Plot width (default: ${DEFAULT-VALUE}).")
  int width;

  @Option(
      names = "--height",
      paramLabel = "PIXELS",
      defaultValue = "600",
      description = "Plot height (default: ${DEFAULT-VALUE}).")
  int height;

  @Override
  public Integer call() {
    validate();
    try (StackTarget target = openTarget()) {
      StackInfo stack = requireStack(target);
      String bucket = stack.typed().watchedBucket();
      List<HistoryRecord> records =
          new HistoryReader(target.dynamoDb(), stack.typed().historyTable()).read(bucket);
      if (last != null && records.size() > last) {
        records = records.subList(records.size() - last, records.size());
      }
      if (plot != null) {
        writePlot(stack, bucket, records);
      } else {
        print(records);
        if (records.isEmpty()) {
          progress("No history yet for bucket " + bucket);
        }
      }
    }
    return 0;
  }

  private void validate() {
    global().stackName();
    if (last != null && last < 1) {
      throw new CliException(ExitCodes.BAD_PARAMETER, "--last must be at least 1, not " + last);
    }
    requireSide("--width", width);
    requireSide("--height", height);
    if (plot != null && csv) {
      throw new CliException(ExitCodes.BAD_PARAMETER, "--plot and --csv exclude each other");
    }
  }

  /** The plotting Lambda's own bounds, so a local plot is one the Lambda could serve too. */
  private static void requireSide(String flag, int pixels) {
    if (pixels < HistoryPlot.MIN_SIDE || pixels > HistoryPlot.MAX_SIDE) {
      throw new CliException(
          ExitCodes.BAD_PARAMETER,
          flag
              + " must be between "
              + HistoryPlot.MIN_SIDE
              + " and "
              + HistoryPlot.MAX_SIDE
              + " pixels, not "
              + pixels);
    }
  }

  private void writePlot(StackInfo stack, String bucket, List<HistoryRecord> records) {
    long threshold =
        Long.parseLong(
            stack
                .outputs()
                .getOrDefault(
                    Output.THRESHOLD.key(),
                    stack.parameters().getOrDefault("ThresholdBytes", "0")));
    byte[] png =
        HistoryChart.renderPng(
            HistoryPlot.points(records), HistoryPlot.chartSpec(bucket, threshold, width, height));
    try {
      Files.write(plot, png);
    } catch (IOException e) {
      throw new CliException(
          ExitCodes.BAD_PARAMETER, "cannot write " + plot + ": " + e.getMessage(), e);
    }
    progress("Wrote " + plot + " (" + records.size() + " records, " + png.length + " bytes)");
  }

  private void print(List<HistoryRecord> records) {
    List<Map<String, Object>> rows = records.stream().map(HistoryCommand::row).toList();
    if (!csv) {
      results().rows(COLUMNS, rows);
      return;
    }
    out().println(String.join(",", COLUMNS.stream().map(Column::key).toList()));
    for (Map<String, Object> row : rows) {
      out()
          .println(
              String.join(
                  ",",
                  COLUMNS.stream()
                      .map(column -> csvField(String.valueOf(row.get(column.key()))))
                      .toList()));
    }
    out().flush();
  }

  private static Map<String, Object> row(HistoryRecord record) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("seq", record.seq());
    row.put("event_time", record.eventTime());
    row.put("object_name", record.objectName());
    row.put("event_type", record.eventType());
    row.put("size_delta", record.sizeDelta());
    row.put("total_size", record.totalSize());
    return row;
  }

  /** RFC 4180: quote a field holding a comma, a quote or a line break, doubling its quotes. */
  static String csvField(String value) {
    if (value.contains(",")
        || value.contains("\"")
        || value.contains("\n")
        || value.contains("\r")) {
      return "\"" + value.replace("\"", "\"\"") + "\"";
    }
    return value;
  }
}
