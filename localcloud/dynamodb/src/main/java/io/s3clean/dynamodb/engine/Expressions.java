package io.s3clean.dynamodb.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.s3clean.dynamodb.DynamoDbException;
import io.s3clean.dynamodb.expr.Condition;
import io.s3clean.dynamodb.expr.ExpressionContext;
import io.s3clean.dynamodb.expr.Path;
import io.s3clean.dynamodb.expr.Projection;
import io.s3clean.dynamodb.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The expressions of one request, parsed against its ExpressionAttributeNames and Values. The
 * legacy parameters that expressions replaced (Expected, AttributeUpdates, KeyConditions,
 * QueryFilter, ScanFilter, ConditionalOperator) are refused: see docs/dynamodb.md.
 */
final class Expressions {
  private static final Set<String> LEGACY =
      Set.of(
          "Expected",
          "AttributeUpdates",
          "KeyConditions",
          "QueryFilter",
          "ScanFilter",
          "ConditionalOperator");

  private final ExpressionContext context;
  private final boolean namesGiven;
  private final boolean valuesGiven;
  private boolean anyExpression;

  Expressions(JsonNode request) {
    for (String legacy : LEGACY) {
      if (request.has(legacy) && !request.get(legacy).isNull()) {
        throw DynamoDbException.validation(
            "The legacy parameter "
                + legacy
                + " is not supported by this engine; use expressions instead");
      }
    }
    Map<String, String> names = Requests.names(request);
    Map<String, Value> values = Requests.values(request);
    this.namesGiven = request.has("ExpressionAttributeNames");
    this.valuesGiven = request.has("ExpressionAttributeValues");
    if (valuesGiven && values.isEmpty()) {
      throw DynamoDbException.validation("ExpressionAttributeValues must not be empty");
    }
    if (namesGiven && names.isEmpty()) {
      throw DynamoDbException.validation("ExpressionAttributeNames must not be empty");
    }
    this.context = new ExpressionContext(names, values);
  }

  ExpressionContext context() {
    return context;
  }

  /**
   * The named condition-style expression (ConditionExpression, FilterExpression), or null if
   * absent.
   */
  Condition condition(JsonNode request, String field) {
    String text = Requests.optionalString(request, field, null);
    if (text == null) {
      return null;
    }
    anyExpression = true;
    return Condition.parse(text, context, field);
  }

  /** ProjectionExpression, or AttributesToGet as top-level names; null when neither. */
  Projection projection(JsonNode request) {
    String text = Requests.optionalString(request, "ProjectionExpression", null);
    JsonNode attributesToGet = request.get("AttributesToGet");
    if (text != null && attributesToGet != null && !attributesToGet.isNull()) {
      throw DynamoDbException.validation(
          "Can not use both expression and non-expression parameters in the same request:"
              + " Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}");
    }
    if (text != null) {
      anyExpression = true;
      return Projection.parse(text, context);
    }
    if (attributesToGet != null && !attributesToGet.isNull()) {
      List<Path> paths = new ArrayList<>();
      attributesToGet.forEach(name -> paths.add(Path.of(name.asText())));
      return Projection.of(paths);
    }
    return null;
  }

  void markExpressionUsed() {
    anyExpression = true;
  }

  /** Refuses names or values that no expression used, and names or values with no expression. */
  void finish() {
    if (!anyExpression) {
      if (namesGiven) {
        throw DynamoDbException.validation(
            "ExpressionAttributeNames can only be specified when using expressions");
      }
      if (valuesGiven) {
        throw DynamoDbException.validation(
            "ExpressionAttributeValues can only be specified when using expressions");
      }
      return;
    }
    context.checkAllUsed();
  }
}
