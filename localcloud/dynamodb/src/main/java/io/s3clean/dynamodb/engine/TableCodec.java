package io.s3clean.dynamodb.engine;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.s3clean.dynamodb.DynamoDbException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Tables on the wire: a CreateTable request read into a {@link TableDefinition} with the service's
 * validation, and a definition written as DescribeTable's {@code TableDescription}. The journal
 * stores a definition in the request's own shape plus its identity.
 */
final class TableCodec {
  private static final Set<String> TYPES = Set.of("S", "N", "B");
  private static final Set<String> PROJECTIONS = Set.of("ALL", "KEYS_ONLY", "INCLUDE");
  private static final Set<String> BILLING = Set.of("PROVISIONED", "PAY_PER_REQUEST");
  private static final int MAX_GLOBAL_INDEXES = 20;
  private static final int MAX_LOCAL_INDEXES = 5;

  private TableCodec() {}

  static TableDefinition fromRequest(JsonNode request, String region, String accountId) {
    String name = Requests.tableName(request);
    Map<String, String> types = attributeDefinitions(request);
    KeySchema key = keySchema(request.get("KeySchema"), types, "keySchema");
    String billing = Requests.enumeration(request, "BillingMode", BILLING, "PROVISIONED");
    long[] throughput = throughput(request, billing, "");
    List<IndexDefinition> indexes = new ArrayList<>();
    indexes.addAll(indexes(request, "GlobalSecondaryIndexes", true, types, key, billing));
    indexes.addAll(indexes(request, "LocalSecondaryIndexes", false, types, key, billing));
    Set<String> used = new LinkedHashSet<>();
    used.add(key.hashName());
    key.range().ifPresent(used::add);
    for (IndexDefinition index : indexes) {
      used.add(index.key().hashName());
      index.key().range().ifPresent(used::add);
    }
    if (!used.equals(types.keySet())) {
      throw DynamoDbException.validation(
          "One or more parameter values were invalid: Number of attributes in KeySchema does not"
              + " exactly match number of attributes defined in AttributeDefinitions");
    }
    Set<String> indexNames = new HashSet<>();
    for (IndexDefinition index : indexes) {
      if (!indexNames.add(index.name())) {
        throw DynamoDbException.validation(
            "One or more parameter values were invalid: Duplicate index name: " + index.name());
      }
    }
    String arn = "arn:aws:dynamodb:" + region + ":" + accountId + ":table/" + name;
    return new TableDefinition(
        name,
        key,
        types,
        indexes,
        billing,
        throughput[0],
        throughput[1],
        System.currentTimeMillis() / 1000.0,
        arn,
        UUID.randomUUID().toString());
  }

  private static Map<String, String> attributeDefinitions(JsonNode request) {
    JsonNode definitions = request.get("AttributeDefinitions");
    if (definitions == null || definitions.isNull()) {
      throw Requests.constraint("null", "AttributeDefinitions", "Member must not be null");
    }
    Map<String, String> types = new LinkedHashMap<>();
    for (JsonNode definition : definitions) {
      String attribute = Requests.requiredString(definition, "AttributeName");
      String type = Requests.requiredString(definition, "AttributeType");
      if (!TYPES.contains(type)) {
        throw DynamoDbException.validation(
            "1 validation error detected: Value '"
                + type
                + "' at 'attributeDefinitions.1.member.attributeType' failed to satisfy constraint:"
                + " Member must satisfy enum value set: [B, N, S]");
      }
      if (types.put(attribute, type) != null) {
        throw DynamoDbException.validation(
            "Cannot have two attributes with the same name in AttributeDefinitions: " + attribute);
      }
    }
    return types;
  }

  private static KeySchema keySchema(JsonNode elements, Map<String, String> types, String field) {
    if (elements == null || elements.isNull()) {
      throw Requests.constraint("null", field, "Member must not be null");
    }
    if (elements.size() < 1 || elements.size() > 2) {
      throw Requests.constraint(
          elements.toString(),
          field,
          elements.size() < 1
              ? "Member must have length greater than or equal to 1"
              : "Member must have length less than or equal to 2");
    }
    String hash = null;
    String range = null;
    for (int i = 0; i < elements.size(); i++) {
      JsonNode element = elements.get(i);
      String attribute = Requests.requiredString(element, "AttributeName");
      String keyType = Requests.enumeration(element, "KeyType", Set.of("HASH", "RANGE"), null);
      if (keyType == null) {
        throw Requests.constraint("null", "KeyType", "Member must not be null");
      }
      if (i == 0 && !keyType.equals("HASH")) {
        throw DynamoDbException.validation(
            "Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
      }
      if (i == 1 && !keyType.equals("RANGE")) {
        throw DynamoDbException.validation(
            "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
      }
      if (i == 1 && attribute.equals(hash)) {
        throw DynamoDbException.validation(
            "Both the Hash Key and the Range Key element in the KeySchema have the same name");
      }
      if (!types.containsKey(attribute)) {
        throw DynamoDbException.validation(
            "One or more parameter values were invalid: Some index key attributes are not defined in"
                + " AttributeDefinitions. Keys: ["
                + attribute
                + "], AttributeDefinitions: "
                + types.keySet());
      }
      if (i == 0) {
        hash = attribute;
      } else {
        range = attribute;
      }
    }
    return new KeySchema(hash, types.get(hash), range, range == null ? null : types.get(range));
  }

  private static long[] throughput(JsonNode request, String billing, String what) {
    JsonNode throughput = request.get("ProvisionedThroughput");
    boolean given = throughput != null && !throughput.isNull();
    if (billing.equals("PAY_PER_REQUEST")) {
      if (given) {
        throw DynamoDbException.validation(
            "One or more parameter values were invalid: Neither ReadCapacityUnits nor"
                + " WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
      }
      return new long[] {0, 0};
    }
    if (!given || !throughput.has("ReadCapacityUnits") || !throughput.has("WriteCapacityUnits")) {
      throw DynamoDbException.validation(
          "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must"
              + " both be specified when BillingMode is PROVISIONED"
              + what);
    }
    long read = throughput.get("ReadCapacityUnits").asLong();
    long write = throughput.get("WriteCapacityUnits").asLong();
    if (read < 1 || write < 1) {
      throw DynamoDbException.validation(
          "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must"
              + " be at least 1");
    }
    return new long[] {read, write};
  }

  private static List<IndexDefinition> indexes(
      JsonNode request,
      String field,
      boolean global,
      Map<String, String> types,
      KeySchema tableKey,
      String billing) {
    JsonNode indexes = request.get(field);
    if (indexes == null || indexes.isNull()) {
      return List.of();
    }
    if (indexes.isEmpty()) {
      throw DynamoDbException.validation(
          "One or more parameter values were invalid: List of " + field + " is empty");
    }
    if (indexes.size() > (global ? MAX_GLOBAL_INDEXES : MAX_LOCAL_INDEXES)) {
      throw DynamoDbException.validation(
          "One or more parameter values were invalid: Number of "
              + field
              + " exceeds per-table limit");
    }
    List<IndexDefinition> definitions = new ArrayList<>();
    for (JsonNode index : indexes) {
      String name = Requests.requiredString(index, "IndexName");
      Requests.checkName(name, "IndexName");
      KeySchema key = keySchema(index.get("KeySchema"), types, "keySchema");
      if (!global && (!key.hashName().equals(tableKey.hashName()) || key.rangeName() == null)) {
        throw DynamoDbException.validation(
            "One or more parameter values were invalid: Index KeySchema does not have the same leading"
                + " hash key as table KeySchema for index: "
                + name
                + ". index hash key: "
                + key.hashName()
                + ", table hash key: "
                + tableKey.hashName());
      }
      JsonNode projection = index.get("Projection");
      if (projection == null || projection.isNull()) {
        throw Requests.constraint("null", "Projection", "Member must not be null");
      }
      String type = Requests.enumeration(projection, "ProjectionType", PROJECTIONS, "ALL");
      List<String> nonKey = new ArrayList<>();
      JsonNode nonKeyNode = projection.get("NonKeyAttributes");
      if (nonKeyNode != null && !nonKeyNode.isNull()) {
        if (!type.equals("INCLUDE")) {
          throw DynamoDbException.validation(
              "One or more parameter values were invalid: ProjectionType is "
                  + type
                  + ", but NonKeyAttributes is specified");
        }
        nonKeyNode.forEach(attribute -> nonKey.add(attribute.asText()));
      }
      if (global) {
        throughput(index, billing, " for index " + name);
      }
      definitions.add(new IndexDefinition(name, global, key, type, List.copyOf(nonKey)));
    }
    return definitions;
  }

  /** DescribeTable's TableDescription (also CreateTable's and DeleteTable's). */
  static void writeDescription(JsonGenerator out, Table table, String status) throws IOException {
    TableDefinition definition = table.definition();
    out.writeStartObject();
    writeAttributeDefinitions(out, definition);
    out.writeStringField("TableName", definition.name());
    writeKeySchema(out, definition.key());
    out.writeStringField("TableStatus", status);
    out.writeNumberField("CreationDateTime", definition.createdEpochSeconds());
    writeThroughput(out, definition);
    out.writeNumberField("TableSizeBytes", table.sizeBytes());
    out.writeNumberField("ItemCount", table.itemCount());
    out.writeStringField("TableArn", definition.arn());
    out.writeStringField("TableId", definition.tableId());
    if (definition.billingMode().equals("PAY_PER_REQUEST")) {
      out.writeObjectFieldStart("BillingModeSummary");
      out.writeStringField("BillingMode", "PAY_PER_REQUEST");
      out.writeNumberField("LastUpdateToPayPerRequestDateTime", definition.createdEpochSeconds());
      out.writeEndObject();
    }
    writeIndexes(out, table, true, "GlobalSecondaryIndexes");
    writeIndexes(out, table, false, "LocalSecondaryIndexes");
    out.writeBooleanField("DeletionProtectionEnabled", false);
    out.writeEndObject();
  }

  private static void writeIndexes(JsonGenerator out, Table table, boolean global, String field)
      throws IOException {
    List<Index> indexes =
        table.indexes().stream().filter(i -> i.definition().global() == global).toList();
    if (indexes.isEmpty()) {
      return;
    }
    out.writeArrayFieldStart(field);
    for (Index index : indexes) {
      IndexDefinition definition = index.definition();
      out.writeStartObject();
      out.writeStringField("IndexName", definition.name());
      writeKeySchema(out, definition.key());
      writeProjection(out, definition);
      if (global) {
        out.writeStringField("IndexStatus", "ACTIVE");
        writeThroughput(out, table.definition());
      }
      out.writeNumberField("IndexSizeBytes", index.sizeBytes());
      out.writeNumberField("ItemCount", index.itemCount());
      out.writeStringField("IndexArn", table.definition().arn() + "/index/" + definition.name());
      out.writeEndObject();
    }
    out.writeEndArray();
  }

  private static void writeAttributeDefinitions(JsonGenerator out, TableDefinition definition)
      throws IOException {
    out.writeArrayFieldStart("AttributeDefinitions");
    for (Map.Entry<String, String> attribute : definition.attributeTypes().entrySet()) {
      out.writeStartObject();
      out.writeStringField("AttributeName", attribute.getKey());
      out.writeStringField("AttributeType", attribute.getValue());
      out.writeEndObject();
    }
    out.writeEndArray();
  }

  private static void writeKeySchema(JsonGenerator out, KeySchema key) throws IOException {
    out.writeArrayFieldStart("KeySchema");
    out.writeStartObject();
    out.writeStringField("AttributeName", key.hashName());
    out.writeStringField("KeyType", "HASH");
    out.writeEndObject();
    if (key.rangeName() != null) {
      out.writeStartObject();
      out.writeStringField("AttributeName", key.rangeName());
      out.writeStringField("KeyType", "RANGE");
      out.writeEndObject();
    }
    out.writeEndArray();
  }

  private static void writeProjection(JsonGenerator out, IndexDefinition index) throws IOException {
    out.writeObjectFieldStart("Projection");
    out.writeStringField("ProjectionType", index.projectionType());
    if (!index.nonKeyAttributes().isEmpty()) {
      out.writeArrayFieldStart("NonKeyAttributes");
      for (String attribute : index.nonKeyAttributes()) {
        out.writeString(attribute);
      }
      out.writeEndArray();
    }
    out.writeEndObject();
  }

  private static void writeThroughput(JsonGenerator out, TableDefinition definition)
      throws IOException {
    out.writeObjectFieldStart("ProvisionedThroughput");
    out.writeNumberField("NumberOfDecreasesToday", 0);
    out.writeNumberField("ReadCapacityUnits", definition.readCapacity());
    out.writeNumberField("WriteCapacityUnits", definition.writeCapacity());
    out.writeEndObject();
  }

  /** The definition as the journal keeps it: the request's shape plus created time, ARN and id. */
  static void writeStored(JsonGenerator out, TableDefinition definition) throws IOException {
    out.writeStartObject();
    out.writeStringField("TableName", definition.name());
    writeAttributeDefinitions(out, definition);
    writeKeySchema(out, definition.key());
    out.writeStringField("BillingMode", definition.billingMode());
    if (definition.billingMode().equals("PROVISIONED")) {
      writeStoredThroughput(out, definition);
    }
    for (boolean global : new boolean[] {true, false}) {
      List<IndexDefinition> indexes =
          definition.indexes().stream().filter(i -> i.global() == global).toList();
      if (indexes.isEmpty()) {
        continue;
      }
      out.writeArrayFieldStart(global ? "GlobalSecondaryIndexes" : "LocalSecondaryIndexes");
      for (IndexDefinition index : indexes) {
        out.writeStartObject();
        out.writeStringField("IndexName", index.name());
        writeKeySchema(out, index.key());
        writeProjection(out, index);
        if (global && definition.billingMode().equals("PROVISIONED")) {
          writeStoredThroughput(out, definition);
        }
        out.writeEndObject();
      }
      out.writeEndArray();
    }
    out.writeNumberField("CreationDateTime", definition.createdEpochSeconds());
    out.writeStringField("TableArn", definition.arn());
    out.writeStringField("TableId", definition.tableId());
    out.writeEndObject();
  }

  private static void writeStoredThroughput(JsonGenerator out, TableDefinition definition)
      throws IOException {
    out.writeObjectFieldStart("ProvisionedThroughput");
    out.writeNumberField("ReadCapacityUnits", definition.readCapacity());
    out.writeNumberField("WriteCapacityUnits", definition.writeCapacity());
    out.writeEndObject();
  }

  static TableDefinition fromStored(JsonNode stored) {
    TableDefinition parsed = fromRequest(stored, "", "");
    return new TableDefinition(
        parsed.name(),
        parsed.key(),
        parsed.attributeTypes(),
        parsed.indexes(),
        parsed.billingMode(),
        parsed.readCapacity(),
        parsed.writeCapacity(),
        stored.get("CreationDateTime").doubleValue(),
        stored.get("TableArn").textValue(),
        stored.get("TableId").textValue());
  }
}
