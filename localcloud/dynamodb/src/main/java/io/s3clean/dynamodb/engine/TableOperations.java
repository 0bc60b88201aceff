package io.s3clean.dynamodb.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.s3clean.dynamodb.DynamoDbException;
import java.util.List;

/** CreateTable, DescribeTable, ListTables, DeleteTable. Tables are ACTIVE as soon as created. */
final class TableOperations {
  private final Database database;

  TableOperations(Database database) {
    this.database = database;
  }

  Response createTable(JsonNode request) {
    TableDefinition definition =
        TableCodec.fromRequest(request, database.region(), database.accountId());
    database.createTable(definition);
    Table table = database.findTable(definition.name());
    return out -> {
      out.writeFieldName("TableDescription");
      TableCodec.writeDescription(out, table, "ACTIVE");
    };
  }

  Response describeTable(JsonNode request) {
    String name = Requests.tableName(request);
    Table table = database.findTable(name);
    if (table == null) {
      throw DynamoDbException.resourceNotFound(
          "Requested resource not found: Table: " + name + " not found");
    }
    return out -> {
      out.writeFieldName("Table");
      TableCodec.writeDescription(out, table, "ACTIVE");
    };
  }

  Response deleteTable(JsonNode request) {
    Table table = database.deleteTable(Requests.tableName(request));
    return out -> {
      out.writeFieldName("TableDescription");
      TableCodec.writeDescription(out, table, "DELETING");
    };
  }

  Response listTables(JsonNode request) {
    Integer limit = Requests.optionalInt(request, "Limit");
    if (limit != null && (limit < 1 || limit > 100)) {
      throw Requests.constraint(
          "'" + limit + "'",
          "Limit",
          limit < 1
              ? "Member must have value greater than or equal to 1"
              : "Member must have value less than or equal to 100");
    }
    int pageSize = limit == null ? 100 : limit;
    String after = Requests.optionalString(request, "ExclusiveStartTableName", null);
    List<String> names =
        database.tableNames().stream()
            .filter(name -> after == null || name.compareTo(after) > 0)
            .toList();
    List<String> page = names.subList(0, Math.min(pageSize, names.size()));
    boolean more = names.size() > page.size();
    return out -> {
      out.writeArrayFieldStart("TableNames");
      for (String name : page) {
        out.writeString(name);
      }
      out.writeEndArray();
      if (more) {
        out.writeStringField("LastEvaluatedTableName", page.get(page.size() - 1));
      }
    };
  }
}
