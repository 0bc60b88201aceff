package io.s3clean.testing;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** DynamoDB Local in this JVM, in memory: the real engine, no network, gone when closed. */
public final class LocalDynamo implements AutoCloseable {
  private final AmazonDynamoDBLocal local;
  private final DynamoDbClient client;

  private LocalDynamo(AmazonDynamoDBLocal local) {
    this.local = local;
    this.client = local.dynamoDbClient();
  }

  public static LocalDynamo start() {
    System.setProperty("aws.dynamodb.local.telemetry", "false");
    return new LocalDynamo(DynamoDBEmbedded.create(true));
  }

  public DynamoDbClient client() {
    return client;
  }

  /** The two tables exactly as docs/design.md and the template define them. */
  public void createTables(String objectTable, String historyTable) {
    client.createTable(t -> t.tableName(objectTable)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(
            attribute("bucket_name", ScalarAttributeType.S),
            attribute("object_name", ScalarAttributeType.S),
            attribute("size", ScalarAttributeType.N))
        .keySchema(key("bucket_name", KeyType.HASH), key("object_name", KeyType.RANGE))
        .globalSecondaryIndexes(i -> i.indexName("BySize")
            .keySchema(key("bucket_name", KeyType.HASH), key("size", KeyType.RANGE))
            .projection(p -> p.projectionType(ProjectionType.ALL))));
    client.createTable(t -> t.tableName(historyTable)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(attribute("bucket_name", ScalarAttributeType.S), attribute("seq", ScalarAttributeType.N))
        .keySchema(key("bucket_name", KeyType.HASH), key("seq", KeyType.RANGE)));
  }

  private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
    return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
  }

  private static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }

  @Override
  public void close() {
    client.close();
    local.shutdown();
  }
}
