package io.s3clean.dynamodb.engine;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3clean.dynamodb.value.Value;
import io.s3clean.dynamodb.value.ValueJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The journal's records, as JSON: {@code {"create": <table>}}, {@code {"delete": "<name>"}} and
 * {@code {"writes": [{"table": ..., "item": {...}} | {"table": ..., "key": {...}}]}}, items in
 * DynamoDB's own attribute-value JSON.
 */
final class Records {
  static final String CREATE = "create";
  static final String DELETE = "delete";
  private static final String WRITES = "writes";
  private static final ObjectMapper JSON = new ObjectMapper();

  private Records() {}

  interface Body {
    void write(JsonGenerator out) throws IOException;
  }

  static byte[] encode(Body body) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (JsonGenerator out = JSON.getFactory().createGenerator(bytes)) {
      out.writeStartObject();
      body.write(out);
      out.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static byte[] createTable(TableDefinition definition) {
    return encode(
        out -> {
          out.writeFieldName(CREATE);
          TableCodec.writeStored(out, definition);
        });
  }

  static byte[] deleteTable(String name) {
    return encode(out -> out.writeStringField(DELETE, name));
  }

  static byte[] writes(List<Database.Write> writes) {
    return encode(
        out -> {
          out.writeArrayFieldStart(WRITES);
          for (Database.Write write : writes) {
            out.writeStartObject();
            out.writeStringField("table", write.table().name());
            if (write.newItem() != null) {
              out.writeFieldName("item");
              ValueJson.writeItem(out, write.newItem());
            } else {
              out.writeFieldName("key");
              ValueJson.writeItem(out, write.table().key().attributes(write.key()));
            }
            out.writeEndObject();
          }
          out.writeEndArray();
        });
  }

  static JsonNode parse(byte[] payload) {
    try {
      return JSON.readTree(payload);
    } catch (IOException e) {
      throw new UncheckedIOException("a journal record is not JSON", e);
    }
  }

  /** Applies a writes record to the tables it names; writes to tables since deleted are skipped. */
  static void replayWrites(JsonNode record, Function<String, Table> tables) {
    for (JsonNode write : record.get(WRITES)) {
      Table table = tables.apply(write.get("table").textValue());
      if (table == null) {
        continue;
      }
      if (write.has("item")) {
        Map<String, Value> item = ValueJson.readItem(write.get("item"));
        PrimaryKey key = table.key().requireItemKey(item);
        table.replace(key, table.get(key), item);
      } else {
        PrimaryKey key = table.key().requireExactKey(ValueJson.readItem(write.get("key")));
        table.replace(key, table.get(key), null);
      }
    }
  }
}
