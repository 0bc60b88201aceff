package io.s3clean.testing;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * DynamoDB Local running inside the test JVM, in memory, with no network listener at all: the
 * embedded flavour hands out an SDK v2 client that calls the engine directly, so nothing can be
 * reached from outside and there is no port to find. Telemetry is off.
 *
 * <pre>
 * try (LocalDynamo dynamo = LocalDynamo.start()) {
 *   dynamo.createTables("ObjectTable", "HistoryTable");
 *   new SomethingUnderTest(dynamo.client());
 * }
 * </pre>
 */
public final class LocalDynamo implements AutoCloseable {
  private static final String BY_SIZE_INDEX = "BySize";

  private final AmazonDynamoDBLocal engine;
  private final DynamoDbClient client;

  private LocalDynamo(AmazonDynamoDBLocal engine) {
    this.engine = engine;
    this.client = engine.dynamoDbClient();
  }

  public static LocalDynamo start() {
    // true = telemetry disabled, whatever DDB_LOCAL_TELEMETRY says.
    return new LocalDynamo(DynamoDBEmbedded.create(true));
  }

  public DynamoDbClient client() {
    return client;
  }

  /** Creates ObjectTable and HistoryTable exactly as docs/design.md describes them. */
  public void createTables(String objectTable, String historyTable) {
    client.createTable(
        table ->
            table
                .tableName(objectTable)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                    attribute("bucket_name", ScalarAttributeType.S),
                    attribute("object_name", ScalarAttributeType.S),
                    attribute("size", ScalarAttributeType.N))
                .keySchema(key("bucket_name", KeyType.HASH), key("object_name", KeyType.RANGE))
                .globalSecondaryIndexes(
                    GlobalSecondaryIndex.builder()
                        .indexName(BY_SIZE_INDEX)
                        .keySchema(key("bucket_name", KeyType.HASH), key("size", KeyType.RANGE))
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                        .build()));
    client.createTable(
        table ->
            table
                .tableName(historyTable)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                    attribute("bucket_name", ScalarAttributeType.S),
                    attribute("seq", ScalarAttributeType.N))
                .keySchema(key("bucket_name", KeyType.HASH), key("seq", KeyType.RANGE)));
  }

  @Override
  public void close() {
    client.close();
    engine.shutdown();
  }

  private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
    return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
  }

  private static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }
}
