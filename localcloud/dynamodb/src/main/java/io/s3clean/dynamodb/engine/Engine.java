package io.s3clean.dynamodb.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.s3clean.dynamodb.DynamoDbException;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;

/** DynamoDB's operations by name, over one {@link Database}, free of HTTP. */
public final class Engine {
  private final Map<String, Function<JsonNode, Response>> operations;

  public Engine(Database database, Clock clock) {
    TableOperations tables = new TableOperations(database);
    ItemOperations items = new ItemOperations(database);
    BatchOperations batches = new BatchOperations(database);
    TransactionOperations transactions = new TransactionOperations(database, clock);
    ReadOperations reads = new ReadOperations(database);
    this.operations =
        Map.ofEntries(
            Map.entry("CreateTable", tables::createTable),
            Map.entry("DescribeTable", tables::describeTable),
            Map.entry("DeleteTable", tables::deleteTable),
            Map.entry("ListTables", tables::listTables),
            Map.entry("PutItem", items::putItem),
            Map.entry("GetItem", items::getItem),
            Map.entry("UpdateItem", items::updateItem),
            Map.entry("DeleteItem", items::deleteItem),
            Map.entry("BatchWriteItem", batches::batchWriteItem),
            Map.entry("BatchGetItem", batches::batchGetItem),
            Map.entry("TransactWriteItems", transactions::transactWriteItems),
            Map.entry("TransactGetItems", transactions::transactGetItems),
            Map.entry("Query", reads::query),
            Map.entry("Scan", reads::scan));
  }

  public boolean supports(String operation) {
    return operations.containsKey(operation);
  }

  /**
   * Runs one operation on its parsed request.
   *
   * @throws DynamoDbException for anything the service would refuse
   */
  public Response execute(String operation, JsonNode request) {
    Function<JsonNode, Response> handler = operations.get(operation);
    if (handler == null) {
      throw DynamoDbException.unknownOperation("An unknown operation was requested: " + operation);
    }
    if (!request.isObject()) {
      throw DynamoDbException.serialization("Start of structure or map found where not expected");
    }
    return handler.apply(request);
  }
}
