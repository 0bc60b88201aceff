package io.s3clean.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.s3clean.cli.GlobalOptions.Output;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Results on stdout in the format {@code --output} names: {@code table} for people (aligned, with
 * headers), {@code text} for shell tools (tab-separated, no headers), {@code json} for programs,
 * {@code csv} for spreadsheets (a header row, cells quoted as RFC 4180 says; lines end as the
 * platform's do). Colour only ever appears in tables, and only on a terminal.
 */
public final class Results {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper JSON_LINE = new ObjectMapper();

  private final PrintWriter out;
  private final Output format;
  private final boolean colour;

  public Results(PrintWriter out, Output format, boolean colour) {
    this.out = out;
    this.format = format;
    this.colour = colour && format == Output.table;
  }

  public Output format() {
    return format;
  }

  /** A value shown in colour on a terminal, plainly elsewhere; JSON gets the bare value. */
  public record Styled(Object value, Style style) {
    @Override
    public String toString() {
      return String.valueOf(value);
    }
  }

  public enum Style {
    GOOD("32"),
    WARNING("33"),
    BAD("1;31");

    private final String code;

    Style(String code) {
      this.code = code;
    }
  }

  public static Styled styled(Object value, Style style) {
    return new Styled(value, style);
  }

  /** A column: its key in JSON and its header in a table (the key in capitals). */
  public record Column(String key, boolean numeric) {
    public static Column text(String key) {
      return new Column(key, false);
    }

    public static Column number(String key) {
      return new Column(key, true);
    }

    String header() {
      return key.replace('_', ' ').toUpperCase(Locale.ROOT);
    }
  }

  /** Rows keyed by column key: a table, tab-separated lines, or a JSON array of objects. */
  public void rows(List<Column> columns, List<Map<String, Object>> rows) {
    switch (format) {
      case json -> printJson(rows.stream().map(row -> jsonRow(columns, row)).toList());
      case text -> rows.forEach(row -> out.println(tabSeparated(columns, row)));
      case csv -> printCsv(columns, rows, List.of());
      case table -> printTable(columns, rows, "");
    }
    out.flush();
  }

  /**
   * An ordered document of scalars, nested maps and lists of row maps. A table prints each scalar
   * as an aligned {@code name value} line and each list as a table under its name; text prints
   * {@code path<TAB>value} lines; JSON prints the document as it is.
   */
  public void document(Map<String, Object> document) {
    switch (format) {
      case json -> printJson(jsonValue(document));
      case text -> printText("", document);
      case csv -> printCsvDocument(document);
      case table -> printDocumentTable(document, "");
    }
    out.flush();
  }

  /** One record of a stream (a watch, a log tail): a JSON line, or the line people read. */
  public void streamed(Map<String, Object> record, String line) {
    if (format == Output.json) {
      try {
        out.println(JSON_LINE.writeValueAsString(jsonValue(record)));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    } else {
      out.println(line);
    }
    out.flush();
  }

  private void printJson(Object value) {
    try {
      out.println(JSON.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Object> jsonRow(List<Column> columns, Map<String, Object> row) {
    Map<String, Object> json = new LinkedHashMap<>();
    columns.forEach(column -> json.put(column.key(), jsonValue(row.get(column.key()))));
    return json;
  }

  /** Instants as ISO-8601, optionals unwrapped, styles dropped: JSON carries data only. */
  private static Object jsonValue(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> json = new LinkedHashMap<>();
      map.forEach((key, item) -> json.put(String.valueOf(key), jsonValue(item)));
      return json;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(Results::jsonValue).toList();
    }
    if (value instanceof Optional<?> optional) {
      return optional.map(Results::jsonValue).orElse(null);
    }
    if (value instanceof OptionalLong optional) {
      return optional.isPresent() ? optional.getAsLong() : null;
    }
    if (value instanceof Styled styled) {
      return jsonValue(styled.value());
    }
    if (value instanceof Instant || value instanceof Enum<?>) {
      return value.toString();
    }
    return value;
  }

  private static String plain(Object value) {
    Object json = jsonValue(value);
    return json == null ? "-" : String.valueOf(json);
  }

  private static String tabSeparated(List<Column> columns, Map<String, Object> row) {
    return String.join("\t", columns.stream().map(column -> plain(row.get(column.key()))).toList());
  }

  private void printTable(List<Column> columns, List<Map<String, Object>> rows, String indent) {
    int[] widths = new int[columns.size()];
    for (int i = 0; i < columns.size(); i++) {
      widths[i] = columns.get(i).header().length();
      for (Map<String, Object> row : rows) {
        widths[i] = Math.max(widths[i], plain(row.get(columns.get(i).key())).length());
      }
    }
    List<String> header = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      header.add(pad(columns.get(i).header(), widths[i], columns.get(i).numeric()));
    }
    out.println((indent + String.join("  ", header)).stripTrailing());
    for (Map<String, Object> row : rows) {
      List<String> cells = new ArrayList<>();
      for (int i = 0; i < columns.size(); i++) {
        Object value = row.get(columns.get(i).key());
        cells.add(paint(value, pad(plain(value), widths[i], columns.get(i).numeric())));
      }
      out.println((indent + String.join("  ", cells)).stripTrailing());
    }
  }

  private void printDocumentTable(Map<?, ?> document, String indent) {
    int width =
        document.entrySet().stream()
            .filter(
                entry ->
                    !(entry.getValue() instanceof Map<?, ?> || entry.getValue() instanceof List<?>))
            .mapToInt(entry -> String.valueOf(entry.getKey()).length())
            .max()
            .orElse(0);
    for (Map.Entry<?, ?> entry : document.entrySet()) {
      String name = String.valueOf(entry.getKey());
      Object value = entry.getValue();
      if (value instanceof Map<?, ?> section) {
        out.println(indent + name + ":");
        printDocumentTable(section, indent + "  ");
      } else if (value instanceof List<?> list) {
        out.println(indent + name + ":" + (list.isEmpty() ? " none" : ""));
        if (!list.isEmpty()) {
          List<Map<String, Object>> rows = rowsOf(list);
          printTable(columnsOf(rows), rows, indent + "  ");
        }
      } else {
        out.println(
            (indent + pad(name, width, false) + "  " + paint(value, plain(value))).stripTrailing());
      }
    }
  }

  private void printText(String path, Object value) {
    if (value instanceof Map<?, ?> map) {
      map.forEach(
          (key, item) -> printText(path.isEmpty() ? String.valueOf(key) : path + "." + key, item));
    } else if (value instanceof List<?> list) {
      List<Map<String, Object>> rows = rowsOf(list);
      List<Column> columns = columnsOf(rows);
      rows.forEach(row -> out.println(path + "\t" + tabSeparated(columns, row)));
    } else {
      out.println(path + "\t" + plain(value));
    }
  }

  /** A header row, then a row per row; {@code lead} cells (a document's field) before each. */
  private void printCsv(List<Column> columns, List<Map<String, Object>> rows, List<String> lead) {
    List<String> header = new ArrayList<>(lead.isEmpty() ? List.of() : List.of("field"));
    columns.forEach(column -> header.add(column.key()));
    out.println(csvLine(header));
    for (Map<String, Object> row : rows) {
      List<String> cells = new ArrayList<>(lead);
      columns.forEach(
          column -> {
            Object json = jsonValue(row.get(column.key()));
            cells.add(json == null ? "" : String.valueOf(json));
          });
      out.println(csvLine(cells));
    }
  }

  /** A document's scalars as {@code field,value} rows, then each list as a table of its own. */
  private void printCsvDocument(Map<String, Object> document) {
    List<Map<String, Object>> scalars = new ArrayList<>();
    Map<String, List<?>> lists = new LinkedHashMap<>();
    flatten("", document, scalars, lists);
    printCsv(List.of(Column.text("field"), Column.text("value")), scalars, List.of());
    lists.forEach(
        (path, list) -> {
          List<Map<String, Object>> rows = rowsOf(list);
          out.println();
          printCsv(columnsOf(rows), rows, List.of(path));
        });
  }

  private static void flatten(
      String path, Object value, List<Map<String, Object>> scalars, Map<String, List<?>> lists) {
    if (value instanceof Map<?, ?> map) {
      map.forEach(
          (key, item) ->
              flatten(
                  path.isEmpty() ? String.valueOf(key) : path + "." + key, item, scalars, lists));
    } else if (value instanceof List<?> list) {
      lists.put(path, list);
    } else {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("field", path);
      row.put("value", value);
      scalars.add(row);
    }
  }

  /** RFC 4180: a cell with a comma, a quote or a line break is quoted, its quotes doubled. */
  private static String csvLine(List<String> cells) {
    return String.join(
        ",",
        cells.stream()
            .map(
                cell ->
                    cell.contains(",")
                            || cell.contains("\"")
                            || cell.contains("\n")
                            || cell.contains("\r")
                        ? "\"" + cell.replace("\"", "\"\"") + "\""
                        : cell)
            .toList());
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> rowsOf(List<?> list) {
    return list.stream()
        .map(
            item ->
                item instanceof Map<?, ?> map
                    ? (Map<String, Object>) map
                    : Map.<String, Object>of("value", item))
        .toList();
  }

  /**
   * The union of the rows' keys, in first-seen order; numbers (and the dashes of absent ones) align
   * right.
   */
  private static List<Column> columnsOf(List<Map<String, Object>> rows) {
    Map<String, Boolean> numeric = new LinkedHashMap<>();
    for (Map<String, Object> row : rows) {
      row.forEach(
          (key, value) -> {
            Object json = jsonValue(value);
            numeric.merge(key, json == null || json instanceof Number, Boolean::logicalAnd);
          });
    }
    return numeric.entrySet().stream()
        .map(entry -> new Column(entry.getKey(), entry.getValue()))
        .toList();
  }

  private static String pad(String text, int width, boolean right) {
    String padding = " ".repeat(Math.max(0, width - text.length()));
    return right ? padding + text : text + padding;
  }

  /** Colour goes around the padded cell, so the escape codes never upset the alignment. */
  private String paint(Object value, String padded) {
    if (!colour || !(value instanceof Styled styled)) {
      return padded;
    }
    return "\u001b[" + styled.style().code + "m" + padded + "\u001b[0m";
  }
}
