package io.s3clean.dynamodb.engine;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.s3clean.dynamodb.DynamoDbException;
import io.s3clean.dynamodb.expr.Condition;
import io.s3clean.dynamodb.expr.Projection;
import io.s3clean.dynamodb.expr.UpdateExpression;
import io.s3clean.dynamodb.value.Value;
import io.s3clean.dynamodb.value.ValueJson;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * TransactWriteItems and TransactGetItems: all or nothing, isolated from every other write of their
 * items. Each action is validated first; then every item is taken (a transaction meeting an item
 * held by another transaction is cancelled with TransactionConflict instead of waiting); then every
 * condition is checked; only when all hold is the whole transaction journaled, as one record, and
 * applied.
 */
final class TransactionOperations {
  private static final int MAX_ACTIONS = 100;
  private final Database database;
  private final ClientTokens tokens;

  TransactionOperations(Database database, Clock clock) {
    this.database = database;
    this.tokens = new ClientTokens(clock);
  }

  /** One action of a write transaction, validated and ready to run against the item it names. */
  private record Action(
      Table table,
      PrimaryKey key,
      String kind,
      Condition condition,
      boolean returnOnFailure,
      Map<String, Value> putItem,
      Map<String, Value> keyAttributes,
      UpdateExpression update) {

    Map<String, Value> after(Map<String, Value> before) {
      switch (kind) {
        case "Put":
          return putItem;
        case "Delete":
          return null;
        case "Update":
          return ItemOperations.updated(table, keyAttributes, before, update);
        default:
          return before; // ConditionCheck writes nothing
      }
    }
  }

  private static final class Cancellation extends DynamoDbException {
    private static final long serialVersionUID = 1L;
    private final transient List<Reason> reasons;

    Cancellation(List<Reason> reasons) {
      super(
          DYNAMODB_NAMESPACE,
          "TransactionCanceledException",
          400,
          "Transaction cancelled, please refer cancellation reasons for specific reasons "
              + reasons.stream().map(Reason::code).toList().toString().replace(" ", " "));
      this.reasons = reasons;
    }

    @Override
    public void writeExtraFields(JsonGenerator out) throws IOException {
      out.writeArrayFieldStart("CancellationReasons");
      for (Reason reason : reasons) {
        out.writeStartObject();
        if (reason.item() != null) {
          out.writeFieldName("Item");
          ValueJson.writeItem(out, reason.item());
        }
        out.writeStringField("Code", reason.code());
        if (reason.message() != null) {
          out.writeStringField("Message", reason.message());
        }
        out.writeEndObject();
      }
      out.writeEndArray();
    }
  }

  private record Reason(String code, String message, Map<String, Value> item) {
    static final Reason NONE = new Reason("None", null, null);
  }

  Response transactWriteItems(JsonNode request) {
    JsonNode items = transactItems(request);
    String capacityMode = ItemOperations.capacityMode(request);
    List<Action> actions = new ArrayList<>();
    Set<ItemLocks.LockKey> seen = new HashSet<>();
    List<ItemLocks.LockKey> lockKeys = new ArrayList<>();
    for (JsonNode item : items) {
      Action action = action(item);
      ItemLocks.LockKey lockKey = new ItemLocks.LockKey(action.table().name(), action.key());
      if (!seen.add(lockKey)) {
        throw DynamoDbException.validation(
            "Transaction request cannot include multiple operations on one item");
      }
      actions.add(action);
      lockKeys.add(lockKey);
    }
    String token = Requests.optionalString(request, "ClientRequestToken", null);
    byte[] fingerprint = null;
    if (token != null) {
      if (token.isEmpty() || token.length() > 36) {
        throw Requests.constraint(
            "'" + token + "'",
            "ClientRequestToken",
            "Member must have length less than or equal to 36");
      }
      fingerprint = ClientTokens.fingerprint(items);
      if (tokens.claim(token, fingerprint)) {
        // Completed within ten minutes with the same request: succeed again, write nothing.
        Map<String, Capacity> capacities = charge(actions, null);
        return Response.charged(
            Capacity.consumed(capacities.values()),
            out -> BatchOperations.writeCapacities(out, capacities, capacityMode));
      }
    }
    boolean completed = false;
    try {
      Map<String, Capacity> capacities = run(actions, lockKeys);
      completed = true;
      return Response.charged(
          Capacity.consumed(capacities.values()),
          out -> BatchOperations.writeCapacities(out, capacities, capacityMode));
    } catch (Cancellation e) {
      // a cancelled transaction still consumes the capacity of its items, as DynamoDB bills it
      throw e.consuming(Capacity.consumed(charge(actions, null).values()));
    } finally {
      if (token != null) {
        if (completed) {
          tokens.completed(token, fingerprint);
        } else {
          tokens.abandoned(token);
        }
      }
    }
  }

  private Map<String, Capacity> run(List<Action> actions, List<ItemLocks.LockKey> lockKeys) {
    ItemLocks.Owner owner = new ItemLocks.Owner(true);
    int conflict = database.locks().lockTransaction(lockKeys, owner);
    if (conflict >= 0) {
      List<Reason> reasons = new ArrayList<>();
      for (int i = 0; i < actions.size(); i++) {
        reasons.add(
            i == conflict
                ? new Reason("TransactionConflict", "Transaction is ongoing for the item", null)
                : Reason.NONE);
      }
      throw new Cancellation(reasons);
    }
    try {
      List<Map<String, Value>> before = new ArrayList<>();
      List<Reason> reasons = new ArrayList<>();
      boolean failed = false;
      List<Database.Write> writes = new ArrayList<>();
      for (Action action : actions) {
        Map<String, Value> old = action.table().get(action.key());
        before.add(old);
        Reason reason = Reason.NONE;
        if (action.condition() != null && !action.condition().test(old == null ? Map.of() : old)) {
          reason =
              new Reason(
                  "ConditionalCheckFailed",
                  "The conditional request failed",
                  action.returnOnFailure() ? old : null);
        } else {
          try {
            Map<String, Value> next = action.after(old);
            if (!action.kind().equals("ConditionCheck") && (next != null || old != null)) {
              writes.add(new Database.Write(action.table(), action.key(), old, next));
            }
          } catch (DynamoDbException e) {
            reason = new Reason("ValidationError", e.getMessage(), null);
          }
        }
        failed |= reason != Reason.NONE;
        reasons.add(reason);
      }
      if (failed) {
        throw new Cancellation(reasons);
      }
      database.commit(writes);
      return charge(actions, writes);
    } finally {
      database.locks().unlock(lockKeys, owner);
    }
  }

  /** Two write units per 1 KB of each item, as DynamoDB charges transactional writes. */
  private static Map<String, Capacity> charge(List<Action> actions, List<Database.Write> writes) {
    Map<String, Capacity> capacities = new LinkedHashMap<>();
    Map<ItemLocks.LockKey, Database.Write> byKey = new LinkedHashMap<>();
    if (writes != null) {
      for (Database.Write write : writes) {
        byKey.put(new ItemLocks.LockKey(write.table().name(), write.key()), write);
      }
    }
    for (Action action : actions) {
      Capacity capacity = capacities.computeIfAbsent(action.table().name(), Capacity::new);
      Database.Write write = byKey.get(new ItemLocks.LockKey(action.table().name(), action.key()));
      if (write != null) {
        ItemRules.chargeWrite(
            capacity, action.table(), action.key(), write.oldItem(), write.newItem(), 2);
      } else {
        Map<String, Value> current = action.table().get(action.key());
        ItemRules.chargeWrite(capacity, action.table(), action.key(), current, current, 2);
      }
    }
    return capacities;
  }

  private Action action(JsonNode item) {
    List<String> kinds = new ArrayList<>();
    for (String kind : List.of("Put", "Update", "Delete", "ConditionCheck")) {
      if (item.has(kind) && !item.get(kind).isNull()) {
        kinds.add(kind);
      }
    }
    if (kinds.size() != 1) {
      throw DynamoDbException.validation(
          "TransactItems can only contain one of Check, Put, Update or Delete");
    }
    String kind = kinds.get(0);
    JsonNode body = item.get(kind);
    Table table = database.table(Requests.tableName(body));
    Expressions expressions = new Expressions(body);
    boolean returnOnFailure = ItemOperations.returnOnConditionFailure(body);
    switch (kind) {
      case "Put":
        {
          Map<String, Value> putItem = Requests.item(body, "Item");
          PrimaryKey key = table.key().requireItemKey(putItem);
          ItemRules.checkStorable(
              table, putItem, "Item size has exceeded the maximum allowed size");
          Condition condition = expressions.condition(body, "ConditionExpression");
          expressions.finish();
          return new Action(table, key, kind, condition, returnOnFailure, putItem, null, null);
        }
      case "Update":
        {
          Map<String, Value> keyAttributes = Requests.item(body, "Key");
          PrimaryKey key = table.key().requireExactKey(keyAttributes);
          if (!body.has("UpdateExpression")) {
            throw Requests.constraint("null", "UpdateExpression", "Member must not be null");
          }
          UpdateExpression update = ItemOperations.updateExpression(body, expressions, table.key());
          Condition condition = expressions.condition(body, "ConditionExpression");
          expressions.finish();
          return new Action(
              table, key, kind, condition, returnOnFailure, null, keyAttributes, update);
        }
      case "Delete":
        {
          PrimaryKey key = table.key().requireExactKey(Requests.item(body, "Key"));
          Condition condition = expressions.condition(body, "ConditionExpression");
          expressions.finish();
          return new Action(table, key, kind, condition, returnOnFailure, null, null, null);
        }
      default:
        {
          PrimaryKey key = table.key().requireExactKey(Requests.item(body, "Key"));
          Condition condition = expressions.condition(body, "ConditionExpression");
          if (condition == null) {
            throw Requests.constraint("null", "ConditionExpression", "Member must not be null");
          }
          expressions.finish();
          return new Action(table, key, kind, condition, returnOnFailure, null, null, null);
        }
    }
  }

  private static JsonNode transactItems(JsonNode request) {
    JsonNode items = request.get("TransactItems");
    if (items == null || items.isNull()) {
      throw Requests.constraint("null", "TransactItems", "Member must not be null");
    }
    if (!items.isArray() || items.isEmpty()) {
      throw Requests.constraint(
          "'[]'", "TransactItems", "Member must have length greater than or equal to 1");
    }
    if (items.size() > MAX_ACTIONS) {
      throw Requests.constraint(
          "'[" + items.size() + " items]'",
          "TransactItems",
          "Member must have length less than or equal to 100");
    }
    return items;
  }

  Response transactGetItems(JsonNode request) {
    JsonNode items = transactItems(request);
    String capacityMode = ItemOperations.capacityMode(request);
    record Get(Table table, PrimaryKey key, Projection projection) {}
    List<Get> gets = new ArrayList<>();
    List<ItemLocks.LockKey> lockKeys = new ArrayList<>();
    Set<ItemLocks.LockKey> seen = new HashSet<>();
    for (JsonNode item : items) {
      JsonNode body = item.get("Get");
      if (body == null || body.isNull()) {
        throw Requests.constraint("null", "Get", "Member must not be null");
      }
      Table table = database.table(Requests.tableName(body));
      PrimaryKey key = table.key().requireExactKey(Requests.item(body, "Key"));
      Expressions expressions = new Expressions(body);
      Projection projection = expressions.projection(body);
      expressions.finish();
      ItemLocks.LockKey lockKey = new ItemLocks.LockKey(table.name(), key);
      if (!seen.add(lockKey)) {
        throw DynamoDbException.validation(
            "Transaction request cannot include multiple operations on one item");
      }
      gets.add(new Get(table, key, projection));
      lockKeys.add(lockKey);
    }
    // Taking the items as a transaction would makes the reads one snapshot, isolated from writes.
    ItemLocks.Owner owner = new ItemLocks.Owner(true);
    int conflict = database.locks().lockTransaction(lockKeys, owner);
    if (conflict >= 0) {
      List<Reason> reasons = new ArrayList<>();
      for (int i = 0; i < gets.size(); i++) {
        reasons.add(
            i == conflict
                ? new Reason("TransactionConflict", "Transaction is ongoing for the item", null)
                : Reason.NONE);
      }
      throw new Cancellation(reasons);
    }
    List<Map<String, Value>> found = new ArrayList<>();
    Map<String, Capacity> capacities = new LinkedHashMap<>();
    try {
      for (Get get : gets) {
        Map<String, Value> item = get.table().get(get.key());
        capacities
            .computeIfAbsent(get.table().name(), Capacity::new)
            .addRead(Capacity.readUnits(ItemRules.size(item), true) * 2);
        found.add(
            item == null ? null : get.projection() == null ? item : get.projection().apply(item));
      }
    } finally {
      database.locks().unlock(lockKeys, owner);
    }
    return Response.charged(
        Capacity.consumed(capacities.values()),
        out -> {
          out.writeArrayFieldStart("Responses");
          for (Map<String, Value> item : found) {
            out.writeStartObject();
            if (item != null) {
              out.writeFieldName("Item");
              ValueJson.writeItem(out, item);
            }
            out.writeEndObject();
          }
          out.writeEndArray();
          BatchOperations.writeCapacities(out, capacities, capacityMode);
        });
  }
}
