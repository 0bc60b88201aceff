package io.s3clean.dynamodb.value;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.s3clean.dynamodb.DynamoDbException;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Attribute values in DynamoDB's JSON wire form ({@code {"S": "a"}}, {@code {"N": "1"}}, {@code
 * {"B": "<base64>"}}, ...), read with the service's validation and written as it answers.
 */
public final class ValueJson {
  private ValueJson() {}

  /** Reads an item or key: a JSON object of attribute name to attribute value. */
  public static Map<String, Value> readItem(JsonNode node) {
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw DynamoDbException.serialization("Unexpected value type in payload: expected a map");
    }
    Map<String, Value> item = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      item.put(field.getKey(), read(field.getValue()));
    }
    return java.util.Collections.unmodifiableMap(item);
  }

  public static Value read(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw DynamoDbException.serialization(
          "Unexpected value type in payload: an attribute value must be an object");
    }
    int set = 0;
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    Map.Entry<String, JsonNode> only = null;
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (!field.getValue().isNull()) {
        set++;
        only = field;
      }
    }
    if (set == 0) {
      throw DynamoDbException.validation(
          "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
    }
    if (set > 1) {
      throw DynamoDbException.validation(
          "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the"
              + " supported datatypes");
    }
    String type = only.getKey();
    JsonNode body = only.getValue();
    switch (type) {
      case "S":
        return new Value.S(text(body, type));
      case "N":
        return new Value.N(Numbers.parse(text(body, type)));
      case "B":
        return new Value.B(binary(body));
      case "BOOL":
        if (!body.isBoolean()) {
          throw mismatch(type);
        }
        return Value.Bool.of(body.booleanValue());
      case "NULL":
        if (!body.isBoolean()) {
          throw mismatch(type);
        }
        if (!body.booleanValue()) {
          throw DynamoDbException.validation(
              "One or more parameter values were invalid: Null attribute value types must have the"
                  + " value of true");
        }
        return Value.Null.INSTANCE;
      case "M":
        if (!body.isObject()) {
          throw mismatch(type);
        }
        return new Value.M(readItem(body));
      case "L":
        {
          if (!body.isArray()) {
            throw mismatch(type);
          }
          List<Value> list = new ArrayList<>(body.size());
          for (JsonNode element : body) {
            list.add(read(element));
          }
          return new Value.L(list);
        }
      case "SS":
        {
          List<String> members = new ArrayList<>();
          for (JsonNode element : array(body, type, "string")) {
            members.add(text(element, type));
          }
          return new Value.SS(distinct(members, "string"));
        }
      case "NS":
        {
          List<BigDecimal> members = new ArrayList<>();
          for (JsonNode element : array(body, type, "number")) {
            members.add(Numbers.parse(text(element, type)));
          }
          return new Value.NS(distinct(members, "number"));
        }
      case "BS":
        {
          List<Bytes> members = new ArrayList<>();
          for (JsonNode element : array(body, type, "binary")) {
            members.add(binary(element));
          }
          return new Value.BS(distinct(members, "binary"));
        }
      default:
        throw DynamoDbException.serialization("Unknown attribute value type: " + type);
    }
  }

  private static JsonNode array(JsonNode body, String type, String kind) {
    if (!body.isArray()) {
      throw mismatch(type);
    }
    if (body.isEmpty()) {
      throw DynamoDbException.validation(
          "One or more parameter values were invalid: An " + kind + " set  may not be empty");
    }
    return body;
  }

  private static <T> Set<T> distinct(List<T> members, String kind) {
    Set<T> set = new LinkedHashSet<>(members);
    if (set.size() != members.size()) {
      throw DynamoDbException.validation(
          "One or more parameter values were invalid: Input collection "
              + members
              + " contains duplicates.");
    }
    return set;
  }

  private static String text(JsonNode node, String type) {
    if (!node.isTextual()) {
      throw mismatch(type);
    }
    return node.textValue();
  }

  private static Bytes binary(JsonNode node) {
    if (!node.isTextual()) {
      throw mismatch("B");
    }
    try {
      return Bytes.wrap(Base64.getMimeDecoder().decode(node.textValue()));
    } catch (IllegalArgumentException e) {
      throw DynamoDbException.serialization(
          "Base64 encoded length is expected a multiple of 4 bytes");
    }
  }

  private static DynamoDbException mismatch(String type) {
    return DynamoDbException.serialization(
        "Unexpected value type in payload for attribute value type " + type);
  }

  public static void writeItem(JsonGenerator out, Map<String, Value> item) throws IOException {
    out.writeStartObject();
    for (Map.Entry<String, Value> attribute : item.entrySet()) {
      out.writeFieldName(attribute.getKey());
      write(out, attribute.getValue());
    }
    out.writeEndObject();
  }

  public static void write(JsonGenerator out, Value value) throws IOException {
    out.writeStartObject();
    out.writeFieldName(value.typeName());
    if (value instanceof Value.S s) {
      out.writeString(s.value());
    } else if (value instanceof Value.N n) {
      out.writeString(n.text());
    } else if (value instanceof Value.B b) {
      out.writeString(b.value().base64());
    } else if (value instanceof Value.Bool b) {
      out.writeBoolean(b.value());
    } else if (value instanceof Value.Null) {
      out.writeBoolean(true);
    } else if (value instanceof Value.M m) {
      writeItem(out, m.value());
    } else if (value instanceof Value.L l) {
      out.writeStartArray();
      for (Value element : l.value()) {
        write(out, element);
      }
      out.writeEndArray();
    } else if (value instanceof Value.SS ss) {
      out.writeStartArray();
      for (String member : ss.value()) {
        out.writeString(member);
      }
      out.writeEndArray();
    } else if (value instanceof Value.NS ns) {
      out.writeStartArray();
      for (BigDecimal member : ns.value()) {
        out.writeString(Numbers.format(member));
      }
      out.writeEndArray();
    } else if (value instanceof Value.BS bs) {
      out.writeStartArray();
      for (Bytes member : bs.value()) {
        out.writeString(member.base64());
      }
      out.writeEndArray();
    }
    out.writeEndObject();
  }
}
