package io.s3clean.cloudwatch.filter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** {@code { selector op value && ... }}: conditions on the fields of a JSON log event. */
final class JsonPattern extends FilterPattern {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private final Condition condition;

  /** The property paths the pattern's selectors name, e.g. [total_size] and [bucket]. */
  private final Set<List<Object>> namedPaths;

  private JsonPattern(String text, Condition condition) {
    super(text);
    this.condition = condition;
    this.namedPaths =
        condition
            .fields()
            .map(field -> ((FieldReference.JsonPath) field).steps())
            .collect(Collectors.toUnmodifiableSet());
  }

  static JsonPattern read(String text) {
    PatternReader in = new PatternReader(text);
    in.expect("{");
    in.skipWhitespace();
    if (in.startsWith("}")) {
      throw in.error("empty JSON filter pattern");
    }
    Condition condition = Condition.parse(in, () -> comparison(in));
    in.expect("}");
    in.skipWhitespace();
    if (!in.atEnd()) {
      throw in.error("unexpected text after the closing '}': " + in.found());
    }
    return new JsonPattern(text, condition);
  }

  private static Condition comparison(PatternReader in) {
    in.skipWhitespace();
    FieldReference.JsonPath selector = FieldReference.JsonPath.read(in);
    in.skipWhitespace();
    int keywordAt = in.pos;
    String keyword = in.peekWord();
    switch (keyword) {
      case "IS" -> {
        in.pos += keyword.length();
        in.skipWhitespace();
        String what = in.peekWord();
        if (what.equals("NULL") || what.equals("TRUE") || what.equals("FALSE")) {
          in.pos += what.length();
          return new Condition.Is(selector, what);
        }
        throw in.error(
            what.equals("NOT")
                ? "'IS NOT' is not supported (the Logs docs: \"The variables IS NOT and EXISTS"
                    + " currently aren't supported\")"
                : "expected NULL, TRUE or FALSE after IS but found " + in.found(),
            what.equals("NOT") ? keywordAt : in.pos);
      }
      case "NOT" -> {
        in.pos += keyword.length();
        in.skipWhitespace();
        if (!in.peekWord().equals("EXISTS")) {
          throw in.error("expected EXISTS after NOT but found " + in.found());
        }
        in.pos += "EXISTS".length();
        return new Condition.Is(selector, "NOT EXISTS");
      }
      case "EXISTS" ->
          throw in.error(
              "'EXISTS' is not supported (the Logs docs: \"The variables IS NOT and EXISTS currently"
                  + " aren't supported\"); use $.field = * instead",
              keywordAt);
      default -> {
        if (!keyword.isEmpty()) {
          throw in.error("unsupported keyword '" + keyword + "'", keywordAt);
        }
      }
    }
    Operator op = Operator.read(in);
    if (op == null) {
      throw in.error(
          "expected an operator (=, !=, <, <=, >, >=), IS or NOT EXISTS but found " + in.found());
    }
    return new Condition.Compare(selector, op, Literal.read(in, op, "(){}[],"));
  }

  @Override
  public Kind kind() {
    return Kind.JSON;
  }

  @Override
  public Optional<PatternMatch> match(String message) {
    JsonNode root = parseObject(message);
    if (root == null) {
      return Optional.empty();
    }
    if (!condition.holds(
        field -> FieldValue.ofJson(((FieldReference.JsonPath) field).resolve(root)))) {
      return Optional.empty();
    }
    return Optional.of(
        new PatternMatch() {
          @Override
          public Optional<String> value(FieldReference field) {
            if (!(field instanceof FieldReference.JsonPath path)) {
              return Optional.empty();
            }
            FieldValue value = FieldValue.ofJson(path.resolve(root));
            return value.isValue() ? Optional.of(value.text) : Optional.empty();
          }

          @Override
          public Map<String, String> extractedValues() {
            Map<String, String> extracted = new LinkedHashMap<>();
            condition
                .fields()
                .forEach(
                    field ->
                        value(field)
                            .ifPresent(value -> extracted.putIfAbsent(field.text(), value)));
            return extracted;
          }
        });
  }

  private static JsonNode parseObject(String message) {
    String trimmed = message.strip();
    if (!trimmed.startsWith("{")) {
      return null;
    }
    try {
      JsonNode root = JSON.readTree(trimmed);
      return root != null && root.isObject() ? root : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** Compared by path, so {@code $.bucket} here is the same field as {@code $.bucket} there. */
  @Override
  public boolean names(FieldReference field) {
    return field instanceof FieldReference.JsonPath path && namedPaths.contains(path.steps());
  }

  @Override
  public FieldReference reference(String reference) {
    PatternReader in = new PatternReader(reference);
    if (!reference.startsWith("$.")) {
      throw new FilterPatternException(
          "'"
              + reference
              + "' is not a JSON field reference such as $.total_size, which a JSON"
              + " pattern needs: "
              + text());
    }
    FieldReference.JsonPath path = FieldReference.JsonPath.read(in);
    if (!in.atEnd()) {
      throw in.error("unexpected text in field reference: " + in.found());
    }
    return path;
  }
}
