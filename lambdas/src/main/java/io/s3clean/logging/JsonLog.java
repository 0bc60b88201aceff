package io.s3clean.logging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Structured log lines: one JSON object per line, which CloudWatch metric filters and Logs Insights
 * read field by field. The sink is the Lambda logger in Lambda and anything in tests.
 */
public final class JsonLog {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Consumer<String> sink;

  public JsonLog(Consumer<String> sink) {
    this.sink = sink;
  }

  public void info(String message, Map<String, ?> fields) {
    write("INFO", message, fields);
  }

  public void warn(String message, Map<String, ?> fields) {
    write("WARN", message, fields);
  }

  public void error(String message, Map<String, ?> fields) {
    write("ERROR", message, fields);
  }

  private void write(String level, String message, Map<String, ?> fields) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("level", level);
    line.put("message", message);
    line.putAll(fields);
    try {
      sink.accept(JSON.writeValueAsString(line));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("log fields are not serialisable: " + fields.keySet(), e);
    }
  }

  /** A map that keeps insertion order and, unlike {@link Map#of}, accepts null values. */
  public static Map<String, Object> fields(Object... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("fields come in name/value pairs");
    }
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
