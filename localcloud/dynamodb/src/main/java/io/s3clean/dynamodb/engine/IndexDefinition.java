package io.s3clean.dynamodb.engine;

import io.s3clean.dynamodb.value.Value;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A secondary index as created: its key and what it projects (ALL, KEYS_ONLY, or INCLUDE with the
 * named non-key attributes). Local indexes share the table's partition key.
 */
public record IndexDefinition(
    String name,
    boolean global,
    KeySchema key,
    String projectionType,
    List<String> nonKeyAttributes) {

  /**
   * What an index read returns of a table item: the table's and the index's keys plus the
   * projection.
   */
  Map<String, Value> project(Map<String, Value> item, KeySchema tableKey) {
    if (projectionType.equals("ALL")) {
      return item;
    }
    Map<String, Value> projected = new LinkedHashMap<>();
    item.forEach(
        (attribute, value) -> {
          if (tableKey.isKeyAttribute(attribute)
              || key.isKeyAttribute(attribute)
              || (projectionType.equals("INCLUDE") && nonKeyAttributes.contains(attribute))) {
            projected.put(attribute, value);
          }
        });
    return projected;
  }

  boolean projects(String attribute, KeySchema tableKey) {
    return projectionType.equals("ALL")
        || tableKey.isKeyAttribute(attribute)
        || key.isKeyAttribute(attribute)
        || (projectionType.equals("INCLUDE") && nonKeyAttributes.contains(attribute));
  }
}
