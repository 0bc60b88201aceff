package io.s3clean.dynamodb.expr;

import io.s3clean.dynamodb.DynamoDbException;
import io.s3clean.dynamodb.value.Value;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ExpressionAttributeNames and ExpressionAttributeValues of one request. Every expression of
 * the request resolves its placeholders here, so that once all are parsed {@link #checkAllUsed} can
 * refuse the ones none of them used, as DynamoDB does.
 */
public final class ExpressionContext {
  private final Map<String, String> names;
  private final Map<String, Value> values;
  private final Set<String> usedNames = new HashSet<>();
  private final Set<String> usedValues = new HashSet<>();

  /** Either map may be null or empty: the request did not carry it. */
  public ExpressionContext(Map<String, String> names, Map<String, Value> values) {
    this.names = names == null ? Map.of() : new LinkedHashMap<>(names);
    this.values = values == null ? Map.of() : new LinkedHashMap<>(values);
  }

  /** An empty context, for expressions of a request that carries no placeholders. */
  public static ExpressionContext empty() {
    return new ExpressionContext(Map.of(), Map.of());
  }

  /**
   * Call after every expression of the request has been parsed: refuses names or values that no
   * expression used.
   */
  public void checkAllUsed() {
    refuseUnused("Names", names.keySet(), usedNames);
    refuseUnused("Values", values.keySet(), usedValues);
  }

  private static void refuseUnused(String kind, Set<String> provided, Set<String> used) {
    List<String> unused = new ArrayList<>();
    for (String key : provided) {
      if (!used.contains(key)) {
        unused.add(key);
      }
    }
    if (!unused.isEmpty()) {
      throw DynamoDbException.validation(
          "Value provided in ExpressionAttribute"
              + kind
              + " unused in expressions: keys: {"
              + String.join(", ", unused)
              + "}");
    }
  }

  /**
   * The attribute name behind {@code #placeholder}, or null when the request does not define it.
   */
  String name(String placeholder) {
    String name = names.get(placeholder);
    if (name != null) {
      usedNames.add(placeholder);
    }
    return name;
  }

  /** The value behind {@code :placeholder}, or null when the request does not define it. */
  Value value(String placeholder) {
    Value value = values.get(placeholder);
    if (value != null) {
      usedValues.add(placeholder);
    }
    return value;
  }
}
