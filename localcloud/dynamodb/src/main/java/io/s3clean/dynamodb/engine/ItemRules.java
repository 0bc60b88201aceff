package io.s3clean.dynamodb.engine;

import com.fasterxml.jackson.core.JsonGenerator;
import io.s3clean.dynamodb.DynamoDbException;
import io.s3clean.dynamodb.value.ItemSize;
import io.s3clean.dynamodb.value.Value;
import io.s3clean.dynamodb.value.ValueJson;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/** What every written item must satisfy, and what a write costs, shared by every write path. */
final class ItemRules {
  private ItemRules() {}

  /** Size within 400 KB and index keys typed as their indexes define them. */
  static void checkStorable(Table table, Map<String, Value> item, String sizeMessage) {
    if (ItemSize.of(item) > ItemSize.MAX_ITEM_BYTES) {
      throw DynamoDbException.validation(sizeMessage);
    }
    for (Index index : table.indexes()) {
      KeySchema key = index.key();
      checkIndexKey(index, key.hashName(), key.hashType(), item);
      if (key.rangeName() != null) {
        checkIndexKey(index, key.rangeName(), key.rangeType(), item);
      }
    }
  }

  private static void checkIndexKey(
      Index index, String attribute, String type, Map<String, Value> item) {
    Value value = item.get(attribute);
    if (value == null) {
      return; // sparse: the item is simply not in the index
    }
    if (!value.typeName().equals(type)) {
      throw DynamoDbException.validation(
          "One or more parameter values were invalid: Type mismatch for Index Key "
              + attribute
              + " Expected: "
              + type
              + " Actual: "
              + value.typeName()
              + " IndexName: "
              + index.definition().name());
    }
    if (KeySchema.isEmptyKey(value)) {
      throw DynamoDbException.validation(
          "One or more parameter values are not valid. A value specified for a secondary index key is"
              + " not supported. The AttributeValue for a key attribute cannot contain an empty "
              + (value instanceof Value.S ? "string" : "binary")
              + " value. IndexName: "
              + index.definition().name()
              + ", IndexKey: "
              + attribute);
    }
  }

  /**
   * Write units of one item write, table and indexes, multiplied by {@code factor} (2 in a
   * transaction).
   */
  static void chargeWrite(
      Capacity capacity,
      Table table,
      PrimaryKey key,
      Map<String, Value> oldItem,
      Map<String, Value> newItem,
      double factor) {
    long tableBytes = Math.max(size(oldItem), size(newItem));
    capacity.addWrite(Capacity.writeUnits(tableBytes) * factor);
    if (newItem == oldItem) {
      return; // a failed condition or a condition check writes no index
    }
    for (Index index : table.indexes()) {
      KeySchema tableKey = table.key();
      Optional<Index.EntryKey> before =
          oldItem == null ? Optional.empty() : index.entryOf(key, oldItem);
      Optional<Index.EntryKey> after =
          newItem == null ? Optional.empty() : index.entryOf(key, newItem);
      Map<String, Value> oldProjected =
          before.isPresent() ? index.definition().project(oldItem, tableKey) : null;
      Map<String, Value> newProjected =
          after.isPresent() ? index.definition().project(newItem, tableKey) : null;
      double units = 0;
      if (before.isPresent() && after.isPresent()) {
        if (!before.equals(after)) {
          units = Capacity.writeUnits(size(oldProjected)) + Capacity.writeUnits(size(newProjected));
        } else if (!oldProjected.equals(newProjected)) {
          units = Capacity.writeUnits(Math.max(size(oldProjected), size(newProjected)));
        }
      } else if (before.isPresent()) {
        units = Capacity.writeUnits(size(oldProjected));
      } else if (after.isPresent()) {
        units = Capacity.writeUnits(size(newProjected));
      }
      if (units > 0) {
        capacity.addIndexWrite(index.definition(), units * factor);
      }
    }
  }

  static long size(Map<String, Value> item) {
    return item == null ? 0 : ItemSize.of(item);
  }

  /**
   * A ConditionalCheckFailedException that carries the item, for
   * ReturnValuesOnConditionCheckFailure ALL_OLD.
   */
  static DynamoDbException conditionFailed(Map<String, Value> item, boolean returnItem) {
    if (!returnItem || item == null) {
      return DynamoDbException.conditionalCheckFailed();
    }
    return new DynamoDbException(
        DynamoDbException.DYNAMODB_NAMESPACE,
        "ConditionalCheckFailedException",
        400,
        "The conditional request failed") {
      private static final long serialVersionUID = 1L;

      @Override
      public void writeExtraFields(JsonGenerator out) throws IOException {
        out.writeFieldName("Item");
        ValueJson.writeItem(out, item);
      }
    };
  }
}
