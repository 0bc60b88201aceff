package io.s3clean.localcloud.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An operation's input, decoded by any of the three codecs into one tree: CBOR and JSON give typed
 * values (timestamps as epoch seconds), the query protocol gives text (timestamps in ISO-8601), so
 * every accessor accepts both. A value of the wrong type is AWS's InvalidParameterValue, naming the
 * member.
 */
public final class Input {
  private final JsonNode node;
  private final String path;

  private Input(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  public static Input of(JsonNode root) {
    return new Input(
        root == null || root.isNull() || root.isMissingNode()
            ? JsonNodeFactory.instance.objectNode()
            : root,
        "");
  }

  public boolean has(String member) {
    JsonNode value = node.get(member);
    return value != null && !value.isNull();
  }

  public Optional<String> string(String member) {
    JsonNode value = value(member);
    if (value == null) {
      return Optional.empty();
    }
    if (!value.isValueNode()) {
      throw invalid(member, "a string");
    }
    return Optional.of(value.asText());
  }

  public String requiredString(String member) {
    return string(member).orElseThrow(() -> missing(member));
  }

  public Optional<Integer> integer(String member) {
    JsonNode value = value(member);
    if (value == null) {
      return Optional.empty();
    }
    try {
      if (value.isIntegralNumber() && value.canConvertToInt()) {
        return Optional.of(value.intValue());
      }
      if (value.isTextual()) {
        return Optional.of(Integer.parseInt(value.asText().trim()));
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw invalid(member, "an integer");
  }

  public Optional<Double> number(String member) {
    JsonNode value = value(member);
    if (value == null) {
      return Optional.empty();
    }
    try {
      if (value.isNumber()) {
        return Optional.of(value.doubleValue());
      }
      if (value.isTextual()) {
        return Optional.of(Double.parseDouble(value.asText().trim()));
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw invalid(member, "a number");
  }

  public Optional<Boolean> bool(String member) {
    JsonNode value = value(member);
    if (value == null) {
      return Optional.empty();
    }
    if (value.isBoolean()) {
      return Optional.of(value.booleanValue());
    }
    if (value.isTextual() && (value.asText().equals("true") || value.asText().equals("false"))) {
      return Optional.of(Boolean.parseBoolean(value.asText()));
    }
    throw invalid(member, "a boolean");
  }

  /** A timestamp: epoch seconds (CBOR, JSON) or ISO-8601 (query; without an offset it is UTC). */
  public Optional<Instant> instant(String member) {
    JsonNode value = value(member);
    if (value == null) {
      return Optional.empty();
    }
    if (value.isNumber()) {
      return Optional.of(epochSeconds(value.decimalValue(), member));
    }
    if (value.isTextual()) {
      String text = value.asText().trim();
      try {
        return Optional.of(epochSeconds(new BigDecimal(text), member));
      } catch (NumberFormatException e) {
        // ISO-8601 below
      }
      try {
        return Optional.of(OffsetDateTime.parse(text).toInstant());
      } catch (DateTimeParseException e) {
        try {
          return Optional.of(LocalDateTime.parse(text).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException again) {
          // below
        }
      }
    }
    throw invalid(member, "a timestamp");
  }

  public Instant requiredInstant(String member) {
    return instant(member).orElseThrow(() -> missing(member));
  }

  public Optional<Input> object(String member) {
    JsonNode value = value(member);
    if (value == null) {
      return Optional.empty();
    }
    if (!value.isObject()) {
      throw invalid(member, "a structure");
    }
    return Optional.of(new Input(value, name(member)));
  }

  /** A list of structures; an absent list, or the query protocol's empty one, is empty. */
  public List<Input> list(String member) {
    List<Input> items = new ArrayList<>();
    int i = 0;
    for (JsonNode item : elements(member)) {
      i++;
      if (!item.isObject()) {
        throw invalid(member + ".member." + i, "a structure");
      }
      items.add(new Input(item, name(member) + ".member." + i));
    }
    return items;
  }

  public List<String> strings(String member) {
    List<String> items = new ArrayList<>();
    for (JsonNode item : elements(member)) {
      if (!item.isValueNode() || item.isNull()) {
        throw invalid(member, "a list of strings");
      }
      items.add(item.asText());
    }
    return items;
  }

  public List<Double> numbers(String member) {
    List<Double> items = new ArrayList<>();
    for (JsonNode item : elements(member)) {
      try {
        items.add(item.isNumber() ? item.doubleValue() : Double.parseDouble(item.asText()));
      } catch (NumberFormatException e) {
        throw invalid(member, "a list of numbers");
      }
    }
    return items;
  }

  /** The member's full name in the request, for messages: {@code MetricData.member.1.Value}. */
  public String name(String member) {
    return path.isEmpty() ? member : path + "." + member;
  }

  private Iterable<JsonNode> elements(String member) {
    JsonNode value = value(member);
    if (value == null || (value.isTextual() && value.asText().isEmpty())) {
      return List.of();
    }
    if (!value.isArray()) {
      throw invalid(member, "a list");
    }
    return value;
  }

  private JsonNode value(String member) {
    JsonNode value = node.get(member);
    return value == null || value.isNull() ? null : value;
  }

  private Instant epochSeconds(BigDecimal seconds, String member) {
    try {
      return Instant.ofEpochSecond(
          seconds.longValue(),
          seconds.subtract(new BigDecimal(seconds.longValue())).movePointRight(9).intValue());
    } catch (ArithmeticException | java.time.DateTimeException e) {
      throw invalid(member, "a timestamp");
    }
  }

  CloudWatchException missing(String member) {
    return CloudWatchException.missingParameter("The parameter " + name(member) + " is required.");
  }

  private CloudWatchException invalid(String member, String what) {
    return CloudWatchException.invalidParameterValue(
        "The value of " + name(member) + " must be " + what + ".");
  }
}
