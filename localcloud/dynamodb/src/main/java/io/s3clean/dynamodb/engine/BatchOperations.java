package io.s3clean.dynamodb.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.s3clean.dynamodb.DynamoDbException;
import io.s3clean.dynamodb.expr.Projection;
import io.s3clean.dynamodb.value.Value;
import io.s3clean.dynamodb.value.ValueJson;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * BatchWriteItem (up to 25 puts and deletes) and BatchGetItem (up to 100 keys). The whole request
 * is validated before anything is written; each write is then its own unconditional single-item
 * write. Nothing is ever left unprocessed: this engine does not throttle.
 */
final class BatchOperations {
  private static final int MAX_WRITES = 25;
  private static final int MAX_KEYS = 100;

  private final Database database;

  BatchOperations(Database database) {
    this.database = database;
  }

  private record PlannedWrite(Table table, PrimaryKey key, Map<String, Value> item) {}

  Response batchWriteItem(JsonNode request) {
    JsonNode requestItems = requestItems(request);
    String capacityMode = ItemOperations.capacityMode(request);
    List<PlannedWrite> planned = new ArrayList<>();
    Set<ItemLocks.LockKey> seen = new HashSet<>();
    Iterator<Map.Entry<String, JsonNode>> tables = requestItems.fields();
    while (tables.hasNext()) {
      Map.Entry<String, JsonNode> entry = tables.next();
      Requests.checkName(entry.getKey(), "TableName");
      Table table = database.table(entry.getKey());
      if (!entry.getValue().isArray() || entry.getValue().isEmpty()) {
        throw DynamoDbException.validation(
            "1 validation error detected: Value at 'requestItems' failed to satisfy constraint: Map"
                + " value must satisfy constraint: [Member must have length greater than or equal to 1]");
      }
      for (JsonNode write : entry.getValue()) {
        JsonNode put = write.get("PutRequest");
        JsonNode delete = write.get("DeleteRequest");
        boolean isPut = put != null && !put.isNull();
        boolean isDelete = delete != null && !delete.isNull();
        if (isPut == isDelete) {
          throw DynamoDbException.validation(
              "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the"
                  + " supported datatypes");
        }
        PlannedWrite plan;
        if (isPut) {
          Map<String, Value> item = Requests.item(put, "Item");
          PrimaryKey key = table.key().requireItemKey(item);
          ItemRules.checkStorable(table, item, "Item size has exceeded the maximum allowed size");
          plan = new PlannedWrite(table, key, item);
        } else {
          plan =
              new PlannedWrite(
                  table, table.key().requireExactKey(Requests.item(delete, "Key")), null);
        }
        if (!seen.add(new ItemLocks.LockKey(table.name(), plan.key()))) {
          throw DynamoDbException.validation("Provided list of item keys contains duplicates");
        }
        planned.add(plan);
      }
    }
    if (planned.size() > MAX_WRITES) {
      throw DynamoDbException.validation("Too many items requested for the BatchWriteItem call");
    }
    Map<String, Capacity> capacities = new LinkedHashMap<>();
    for (PlannedWrite write : planned) {
      ItemLocks.LockKey lockKey = new ItemLocks.LockKey(write.table().name(), write.key());
      ItemLocks.Owner owner = database.locks().lockSingle(lockKey);
      try {
        Map<String, Value> old = write.table().get(write.key());
        if (write.item() != null || old != null) {
          database.commit(
              List.of(new Database.Write(write.table(), write.key(), old, write.item())));
        }
        ItemRules.chargeWrite(
            capacities.computeIfAbsent(write.table().name(), Capacity::new),
            write.table(),
            write.key(),
            old,
            write.item(),
            1);
      } finally {
        database.locks().unlock(lockKey, owner);
      }
    }
    return Response.charged(
        Capacity.consumed(capacities.values()),
        out -> {
          out.writeObjectFieldStart("UnprocessedItems");
          out.writeEndObject();
          writeCapacities(out, capacities, capacityMode);
        });
  }

  Response batchGetItem(JsonNode request) {
    JsonNode requestItems = requestItems(request);
    String capacityMode = ItemOperations.capacityMode(request);
    record TableRead(
        Table table, List<PrimaryKey> keys, Projection projection, boolean consistent) {}
    List<TableRead> reads = new ArrayList<>();
    int keyCount = 0;
    Iterator<Map.Entry<String, JsonNode>> tables = requestItems.fields();
    while (tables.hasNext()) {
      Map.Entry<String, JsonNode> entry = tables.next();
      Requests.checkName(entry.getKey(), "TableName");
      Table table = database.table(entry.getKey());
      JsonNode keysAndAttributes = entry.getValue();
      JsonNode keys = keysAndAttributes.get("Keys");
      if (keys == null || !keys.isArray() || keys.isEmpty()) {
        throw DynamoDbException.validation(
            "1 validation error detected: Value null at 'requestItems."
                + entry.getKey()
                + ".member.keys' failed to satisfy constraint: Member must have length greater than or"
                + " equal to 1");
      }
      List<PrimaryKey> primaryKeys = new ArrayList<>();
      Set<PrimaryKey> seen = new HashSet<>();
      for (JsonNode key : keys) {
        PrimaryKey primaryKey = table.key().requireExactKey(ValueJson.readItem(key));
        if (!seen.add(primaryKey)) {
          throw DynamoDbException.validation("Provided list of item keys contains duplicates");
        }
        primaryKeys.add(primaryKey);
      }
      keyCount += primaryKeys.size();
      Expressions expressions = new Expressions(keysAndAttributes);
      Projection projection = expressions.projection(keysAndAttributes);
      expressions.finish();
      reads.add(
          new TableRead(
              table, primaryKeys, projection, Requests.bool(keysAndAttributes, "ConsistentRead")));
    }
    if (keyCount > MAX_KEYS) {
      throw DynamoDbException.validation("Too many items requested for the BatchGetItem call");
    }
    Map<String, List<Map<String, Value>>> responses = new LinkedHashMap<>();
    Map<String, Capacity> capacities = new LinkedHashMap<>();
    for (TableRead read : reads) {
      List<Map<String, Value>> found =
          responses.computeIfAbsent(read.table().name(), n -> new ArrayList<>());
      Capacity capacity = capacities.computeIfAbsent(read.table().name(), Capacity::new);
      for (PrimaryKey key : read.keys()) {
        Map<String, Value> item = read.table().get(key);
        capacity.addRead(Capacity.readUnits(ItemRules.size(item), read.consistent()));
        if (item != null) {
          found.add(read.projection() == null ? item : read.projection().apply(item));
        }
      }
    }
    return Response.charged(
        Capacity.consumed(capacities.values()),
        out -> {
          out.writeObjectFieldStart("Responses");
          for (Map.Entry<String, List<Map<String, Value>>> table : responses.entrySet()) {
            out.writeArrayFieldStart(table.getKey());
            for (Map<String, Value> item : table.getValue()) {
              ValueJson.writeItem(out, item);
            }
            out.writeEndArray();
          }
          out.writeEndObject();
          out.writeObjectFieldStart("UnprocessedKeys");
          out.writeEndObject();
          writeCapacities(out, capacities, capacityMode);
        });
  }

  private static JsonNode requestItems(JsonNode request) {
    JsonNode requestItems = request.get("RequestItems");
    if (requestItems == null || requestItems.isNull()) {
      throw Requests.constraint("null", "RequestItems", "Member must not be null");
    }
    if (!requestItems.isObject() || requestItems.isEmpty()) {
      throw Requests.constraint(
          "'{}'", "RequestItems", "Member must have length greater than or equal to 1");
    }
    return requestItems;
  }

  static void writeCapacities(
      com.fasterxml.jackson.core.JsonGenerator out, Map<String, Capacity> capacities, String mode)
      throws java.io.IOException {
    if (mode.equals("NONE")) {
      return;
    }
    out.writeArrayFieldStart("ConsumedCapacity");
    for (Capacity capacity : capacities.values()) {
      capacity.write(out, mode);
    }
    out.writeEndArray();
  }
}
