package io.s3clean.dynamodb.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.s3clean.dynamodb.DynamoDbException;
import io.s3clean.dynamodb.expr.Condition;
import io.s3clean.dynamodb.expr.Path;
import io.s3clean.dynamodb.expr.Projection;
import io.s3clean.dynamodb.expr.UpdateExpression;
import io.s3clean.dynamodb.value.Value;
import io.s3clean.dynamodb.value.ValueJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** PutItem, GetItem, UpdateItem and DeleteItem. */
final class ItemOperations {
  static final Set<String> CAPACITY_MODES = Set.of("NONE", "TOTAL", "INDEXES");
  private static final Set<String> RETURN_OLD = Set.of("NONE", "ALL_OLD");
  private static final Set<String> RETURN_UPDATE =
      Set.of("NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW");

  private final Database database;

  ItemOperations(Database database) {
    this.database = database;
  }

  Response putItem(JsonNode request) {
    Table table = database.table(Requests.tableName(request));
    Map<String, Value> item = Requests.item(request, "Item");
    PrimaryKey key = table.key().requireItemKey(item);
    ItemRules.checkStorable(table, item, "Item size has exceeded the maximum allowed size");
    String returnValues = returnValues(request, RETURN_OLD);
    Expressions expressions = new Expressions(request);
    Condition condition = expressions.condition(request, "ConditionExpression");
    expressions.finish();
    return write(request, table, key, returnValues, condition, old -> item, null);
  }

  Response deleteItem(JsonNode request) {
    Table table = database.table(Requests.tableName(request));
    PrimaryKey key = table.key().requireExactKey(Requests.item(request, "Key"));
    String returnValues = returnValues(request, RETURN_OLD);
    Expressions expressions = new Expressions(request);
    Condition condition = expressions.condition(request, "ConditionExpression");
    expressions.finish();
    return write(request, table, key, returnValues, condition, old -> null, null);
  }

  Response updateItem(JsonNode request) {
    Table table = database.table(Requests.tableName(request));
    Map<String, Value> keyAttributes = Requests.item(request, "Key");
    PrimaryKey key = table.key().requireExactKey(keyAttributes);
    String returnValues = returnValues(request, RETURN_UPDATE);
    Expressions expressions = new Expressions(request);
    UpdateExpression update = updateExpression(request, expressions, table.key());
    Condition condition = expressions.condition(request, "ConditionExpression");
    expressions.finish();
    return write(
        request,
        table,
        key,
        returnValues,
        condition,
        old -> updated(table, keyAttributes, old, update),
        update == null ? List.of() : update.targets());
  }

  static UpdateExpression updateExpression(
      JsonNode request, Expressions expressions, KeySchema key) {
    String text = Requests.optionalString(request, "UpdateExpression", null);
    if (text == null) {
      return null;
    }
    expressions.markExpressionUsed();
    UpdateExpression update = UpdateExpression.parse(text, expressions.context());
    for (Path target : update.targets()) {
      if (key.isKeyAttribute(target.attributeName())) {
        throw DynamoDbException.validation(
            "One or more parameter values were invalid: Cannot update attribute "
                + target.attributeName()
                + ". This attribute is part of the key");
      }
    }
    return update;
  }

  /** The item after an update: the key's attributes, then the update applied to what was there. */
  static Map<String, Value> updated(
      Table table,
      Map<String, Value> keyAttributes,
      Map<String, Value> old,
      UpdateExpression update) {
    Map<String, Value> base = old;
    if (base == null) {
      base = new LinkedHashMap<>(keyAttributes);
    }
    Map<String, Value> result = update == null ? base : update.apply(base);
    result = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(result));
    ItemRules.checkStorable(
        table, result, "Item size to update has exceeded the maximum allowed size");
    return result;
  }

  interface Change {
    /** The item after the write, given the item before it (null: none); null deletes. */
    Map<String, Value> after(Map<String, Value> before);
  }

  /** One conditional single-item write, under the item's lock. */
  private Response write(
      JsonNode request,
      Table table,
      PrimaryKey key,
      String returnValues,
      Condition condition,
      Change change,
      List<Path> updatedPaths) {
    String capacityMode = capacityMode(request);
    boolean returnOnFailure = returnOnConditionFailure(request);
    ItemLocks.LockKey lockKey = new ItemLocks.LockKey(table.name(), key);
    ItemLocks.Owner owner = database.locks().lockSingle(lockKey);
    Map<String, Value> old;
    Map<String, Value> next;
    Capacity capacity = new Capacity(table.name());
    try {
      old = table.get(key);
      if (condition != null && !condition.test(old == null ? Map.of() : old)) {
        // DynamoDB charges a failed condition the write units of the item as it is (at least one)
        capacity.addWrite(Capacity.writeUnits(ItemRules.size(old)));
        throw ItemRules.conditionFailed(old, returnOnFailure).consuming(capacity.consumed());
      }
      next = change.after(old);
      if (next != null || old != null) {
        database.commit(List.of(new Database.Write(table, key, old, next)));
      }
      ItemRules.chargeWrite(capacity, table, key, old, next, 1);
    } finally {
      database.locks().unlock(lockKey, owner);
    }
    Map<String, Value> returned = returned(returnValues, old, next, updatedPaths);
    return Response.charged(
        capacity.consumed(),
        out -> {
          if (returned != null && !returned.isEmpty()) {
            out.writeFieldName("Attributes");
            ValueJson.writeItem(out, returned);
          }
          writeCapacity(out, capacity, capacityMode);
        });
  }

  private static Map<String, Value> returned(
      String returnValues,
      Map<String, Value> old,
      Map<String, Value> next,
      List<Path> updatedPaths) {
    switch (returnValues) {
      case "ALL_OLD":
        return old;
      case "ALL_NEW":
        return next;
      case "UPDATED_OLD":
        return old == null ? null : Projection.of(updatedPaths).apply(old);
      case "UPDATED_NEW":
        return next == null ? null : Projection.of(updatedPaths).apply(next);
      default:
        return null;
    }
  }

  Response getItem(JsonNode request) {
    Table table = database.table(Requests.tableName(request));
    PrimaryKey key = table.key().requireExactKey(Requests.item(request, "Key"));
    Expressions expressions = new Expressions(request);
    Projection projection = expressions.projection(request);
    expressions.finish();
    boolean consistent = Requests.bool(request, "ConsistentRead");
    String capacityMode = capacityMode(request);
    Map<String, Value> item = table.get(key);
    Capacity capacity = new Capacity(table.name());
    capacity.addRead(Capacity.readUnits(ItemRules.size(item), consistent));
    return Response.charged(
        capacity.consumed(),
        out -> {
          if (item != null) {
            out.writeFieldName("Item");
            ValueJson.writeItem(out, projection == null ? item : projection.apply(item));
          }
          writeCapacity(out, capacity, capacityMode);
        });
  }

  static String returnValues(JsonNode request, Set<String> allowed) {
    String value = Requests.optionalString(request, "ReturnValues", "NONE");
    if (!RETURN_UPDATE.contains(value)) {
      throw Requests.constraint(
          "'" + value + "'",
          "ReturnValues",
          "Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]");
    }
    if (!allowed.contains(value)) {
      throw DynamoDbException.validation("Return values set to invalid value");
    }
    return value;
  }

  static String capacityMode(JsonNode request) {
    return Requests.enumeration(request, "ReturnConsumedCapacity", CAPACITY_MODES, "NONE");
  }

  static boolean returnOnConditionFailure(JsonNode request) {
    return Requests.enumeration(
            request, "ReturnValuesOnConditionCheckFailure", Set.of("NONE", "ALL_OLD"), "NONE")
        .equals("ALL_OLD");
  }

  static void writeCapacity(
      com.fasterxml.jackson.core.JsonGenerator out, Capacity capacity, String mode)
      throws java.io.IOException {
    if (!mode.equals("NONE")) {
      out.writeFieldName("ConsumedCapacity");
      capacity.write(out, mode);
    }
  }
}
