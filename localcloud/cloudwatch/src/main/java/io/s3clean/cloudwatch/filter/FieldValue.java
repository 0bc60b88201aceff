package io.s3clean.cloudwatch.filter;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * What a selector or a space-delimited field resolves to in one log event. Only value nodes
 * (strings, numbers, booleans) can satisfy a comparison: the Logs docs say a selector pointing at
 * an object or array matches neither {@code =} nor {@code !=}.
 */
final class FieldValue {
  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
  static final FieldValue MISSING = new FieldValue(Kind.MISSING, null, null);

  enum Kind {
    MISSING,
    NULL,
    BOOLEAN,
    NUMBER,
    STRING,
    CONTAINER
  }

  final Kind kind;
  final String text;
  private final BigDecimal number;

  private FieldValue(Kind kind, String text, BigDecimal number) {
    this.kind = kind;
    this.text = text;
    this.number = number;
  }

  static FieldValue ofJson(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return MISSING;
    }
    if (node.isNull()) {
      return new FieldValue(Kind.NULL, null, null);
    }
    if (node.isBoolean()) {
      return new FieldValue(Kind.BOOLEAN, node.asText(), null);
    }
    if (node.isNumber()) {
      return new FieldValue(Kind.NUMBER, node.asText(), node.decimalValue());
    }
    if (node.isTextual()) {
      return ofText(node.textValue());
    }
    return new FieldValue(Kind.CONTAINER, null, null);
  }

  /** A string value; numeric strings also compare as numbers (space-delimited fields are text). */
  static FieldValue ofText(String text) {
    return new FieldValue(Kind.STRING, text, parseNumber(text));
  }

  static BigDecimal parseNumber(String text) {
    return text != null && NUMBER.matcher(text).matches() ? new BigDecimal(text) : null;
  }

  boolean isValue() {
    return kind == Kind.BOOLEAN || kind == Kind.NUMBER || kind == Kind.STRING;
  }

  /** The numeric value of a number or a numeric string, else null. */
  BigDecimal number() {
    return number;
  }
}
