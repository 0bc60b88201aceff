package io.s3clean.dynamodb.engine;

import com.fasterxml.jackson.core.JsonGenerator;
import io.s3clean.dynamodb.Consumed;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Capacity units one request consumed on one table, counted as DynamoDB bills them (developer
 * guide, "Read/write capacity mode"): a write unit per 1 KB of item (the larger of the item before
 * and after), a read unit per 4 KB (half for an eventually consistent read), both doubled in a
 * transaction; secondary indexes count their own writes.
 */
final class Capacity {
  static final int WRITE_UNIT_BYTES = 1024;
  static final int READ_UNIT_BYTES = 4096;

  private final String table;
  private double read;
  private double write;
  private final Map<String, double[]> globalIndexes = new LinkedHashMap<>();
  private final Map<String, double[]> localIndexes = new LinkedHashMap<>();

  Capacity(String table) {
    this.table = table;
  }

  static double writeUnits(long bytes) {
    return Math.max(1, (bytes + WRITE_UNIT_BYTES - 1) / WRITE_UNIT_BYTES);
  }

  static double readUnits(long bytes, boolean consistent) {
    double units = Math.max(1, (bytes + READ_UNIT_BYTES - 1) / READ_UNIT_BYTES);
    return consistent ? units : units / 2;
  }

  void addRead(double units) {
    read += units;
  }

  void addWrite(double units) {
    write += units;
  }

  void addIndexRead(IndexDefinition index, double units) {
    (index.global() ? globalIndexes : localIndexes)
            .computeIfAbsent(index.name(), n -> new double[2])[0] +=
        units;
  }

  void addIndexWrite(IndexDefinition index, double units) {
    (index.global() ? globalIndexes : localIndexes)
            .computeIfAbsent(index.name(), n -> new double[2])[1] +=
        units;
  }

  /** Read units of the table and its indexes. */
  double readTotal() {
    return read + indexTotal(0);
  }

  /** Write units of the table and its indexes. */
  double writeTotal() {
    return write + indexTotal(1);
  }

  /** The indexes' read ({@code slot} 0) or write (1) units. */
  private double indexTotal(int slot) {
    double total = 0;
    for (Map<String, double[]> indexes : java.util.List.of(globalIndexes, localIndexes)) {
      for (double[] units : indexes.values()) {
        total += units[slot];
      }
    }
    return total;
  }

  /** What this request consumed, for a meter. */
  Consumed consumed() {
    return new Consumed(readTotal(), writeTotal());
  }

  static Consumed consumed(java.util.Collection<Capacity> capacities) {
    Consumed sum = Consumed.NONE;
    for (Capacity capacity : capacities) {
      sum = sum.plus(capacity.consumed());
    }
    return sum;
  }

  /** Writes the ConsumedCapacity object for {@code mode} TOTAL or INDEXES. */
  void write(JsonGenerator out, String mode) throws IOException {
    out.writeStartObject();
    out.writeStringField("TableName", table);
    double allRead = readTotal();
    double allWrite = writeTotal();
    out.writeNumberField("CapacityUnits", allRead + allWrite);
    if (allRead > 0) {
      out.writeNumberField("ReadCapacityUnits", allRead);
    }
    if (allWrite > 0) {
      out.writeNumberField("WriteCapacityUnits", allWrite);
    }
    if (mode.equals("INDEXES")) {
      out.writeObjectFieldStart("Table");
      units(out, read, write);
      out.writeEndObject();
      indexes(out, "GlobalSecondaryIndexes", globalIndexes);
      indexes(out, "LocalSecondaryIndexes", localIndexes);
    }
    out.writeEndObject();
  }

  private static void indexes(JsonGenerator out, String field, Map<String, double[]> indexes)
      throws IOException {
    if (indexes.isEmpty()) {
      return;
    }
    out.writeObjectFieldStart(field);
    for (Map.Entry<String, double[]> index : indexes.entrySet()) {
      out.writeObjectFieldStart(index.getKey());
      units(out, index.getValue()[0], index.getValue()[1]);
      out.writeEndObject();
    }
    out.writeEndObject();
  }

  private static void units(JsonGenerator out, double read, double write) throws IOException {
    out.writeNumberField("CapacityUnits", read + write);
    if (read > 0) {
      out.writeNumberField("ReadCapacityUnits", read);
    }
    if (write > 0) {
      out.writeNumberField("WriteCapacityUnits", write);
    }
  }
}
