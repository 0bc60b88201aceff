package io.s3clean.testing;

import io.s3clean.dynamodb.DynamoDbServer;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
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
 * The project's own DynamoDB engine ({@code s3clean-dynamodb}, {@link DynamoDbServer}) running
 * inside the test JVM as an HTTP server on a free port of 127.0.0.1, in memory.
 *
 * <p>Tests reach it over HTTP through the SDK v2 client, exactly as the handlers reach DynamoDB on
 * AWS, so the exceptions they see are the SDK v2 ones ({@code ResourceNotFoundException}, {@code
 * TransactionCanceledException}, ...) and the error handling tested here is the error handling that
 * runs on AWS. One database serves every credential and region.
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

  private final DynamoDbServer server;
  private final URI endpoint;
  private final DynamoDbClient client;

  private LocalDynamo(DynamoDbServer server) {
    this.server = server;
    this.endpoint = server.endpoint();
    this.client =
        DynamoDbClient.builder()
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
            .httpClient(UrlConnectionHttpClient.create())
            .build();
  }

  /** In memory, on a free port of 127.0.0.1; returns once the engine answers. */
  public static LocalDynamo start() {
    DynamoDbServer server = DynamoDbServer.start(DynamoDbServer.Options.inMemory());
    try {
      return new LocalDynamo(server);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  public DynamoDbClient client() {
    return client;
  }

  /** For clients built elsewhere, e.g. through {@code AWS_ENDPOINT_URL_DYNAMODB}. */
  public URI endpoint() {
    return endpoint;
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
    try {
      client.close();
    } finally {
      server.close();
    }
  }

  private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
    return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
  }

  private static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }
}
