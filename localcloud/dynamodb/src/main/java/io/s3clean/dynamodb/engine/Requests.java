package io.s3clean.dynamodb.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.s3clean.dynamodb.DynamoDbException;
import io.s3clean.dynamodb.value.Value;
import io.s3clean.dynamodb.value.ValueJson;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reading request fields with the service's validation: a missing required member or a value
 * outside its allowed set is a ValidationException worded as AWS words it ("1 validation error
 * detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null").
 */
final class Requests {
  private Requests() {}

  static String requiredString(JsonNode request, String field) {
    JsonNode node = request.get(field);
    if (node == null || node.isNull()) {
      throw constraint("null", field, "Member must not be null");
    }
    if (!node.isTextual()) {
      throw DynamoDbException.serialization("Unexpected value type in payload for " + field);
    }
    return node.textValue();
  }

  static String optionalString(JsonNode request, String field, String otherwise) {
    JsonNode node = request.get(field);
    if (node == null || node.isNull()) {
      return otherwise;
    }
    if (!node.isTextual()) {
      throw DynamoDbException.serialization("Unexpected value type in payload for " + field);
    }
    return node.textValue();
  }

  /** A string member restricted to {@code allowed}; absent gives {@code otherwise}. */
  static String enumeration(JsonNode request, String field, Set<String> allowed, String otherwise) {
    String value = optionalString(request, field, null);
    if (value == null) {
      return otherwise;
    }
    if (!allowed.contains(value)) {
      throw constraint(
          "'" + value + "'",
          field,
          "Member must satisfy enum value set: " + new java.util.TreeSet<>(allowed));
    }
    return value;
  }

  static boolean bool(JsonNode request, String field) {
    JsonNode node = request.get(field);
    if (node == null || node.isNull()) {
      return false;
    }
    if (!node.isBoolean()) {
      throw DynamoDbException.serialization("Unexpected value type in payload for " + field);
    }
    return node.booleanValue();
  }

  static Integer optionalInt(JsonNode request, String field) {
    JsonNode node = request.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isIntegralNumber()) {
      throw DynamoDbException.serialization("Unexpected value type in payload for " + field);
    }
    return node.intValue();
  }

  static Map<String, Value> item(JsonNode request, String field) {
    JsonNode node = request.get(field);
    if (node == null || node.isNull()) {
      throw constraint("null", field, "Member must not be null");
    }
    return ValueJson.readItem(node);
  }

  static Map<String, String> names(JsonNode request) {
    JsonNode node = request.get("ExpressionAttributeNames");
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw DynamoDbException.serialization(
          "Unexpected value type in payload for ExpressionAttributeNames");
    }
    Map<String, String> names = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (!field.getValue().isTextual()) {
        throw DynamoDbException.serialization(
            "Unexpected value type in payload for ExpressionAttributeNames");
      }
      names.put(field.getKey(), field.getValue().textValue());
    }
    return names;
  }

  static Map<String, Value> values(JsonNode request) {
    JsonNode node = request.get("ExpressionAttributeValues");
    return node == null || node.isNull() ? Map.of() : ValueJson.readItem(node);
  }

  static DynamoDbException constraint(String value, String field, String constraint) {
    return DynamoDbException.validation(
        "1 validation error detected: Value "
            + value
            + " at '"
            + Character.toLowerCase(field.charAt(0))
            + field.substring(1)
            + "' failed to satisfy constraint: "
            + constraint);
  }

  /** A table name as every operation checks it: 3-255 characters of [a-zA-Z0-9_.-]. */
  static String tableName(JsonNode request) {
    String name = requiredString(request, "TableName");
    checkName(name, "TableName");
    return name;
  }

  static void checkName(String name, String field) {
    if (name.length() < 3) {
      throw constraint(
          "'" + name + "'", field, "Member must have length greater than or equal to 3");
    }
    if (name.length() > 255) {
      throw constraint(
          "'" + name + "'", field, "Member must have length less than or equal to 255");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(Character.isLetterOrDigit(c) && c < 128) && c != '_' && c != '.' && c != '-') {
        throw constraint(
            "'" + name + "'",
            field,
            "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
      }
    }
  }
}
