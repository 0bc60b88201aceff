package io.s3clean.testing;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.lang.reflect.Field;
import java.net.URI;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
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
 * DynamoDB Local running inside the test JVM as an HTTP server on a free port of 127.0.0.1, in
 * memory, telemetry off.
 *
 * <p>A server rather than the embedded flavour: the embedded client throws DynamoDB Local's own
 * SDK v1 exceptions instead of the SDK v2 ones ({@code ResourceNotFoundException}, {@code
 * TransactionCanceledException}, ...), so error handling tested against it would not be the
 * error handling that runs on AWS. One shared database serves every credential and region.
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
  private static final String LOOPBACK = "127.0.0.1";
  /**
   * Only to get past DynamoDB Local's argument check (it also prints it at start); the real port is
   * chosen at bind time and is in {@link #endpoint()}.
   */
  private static final String PLACEHOLDER_PORT = "8000";

  private final DynamoDBProxyServer server;
  private final URI endpoint;
  private final DynamoDbClient client;

  private LocalDynamo(DynamoDBProxyServer server, URI endpoint) {
    this.server = server;
    this.endpoint = endpoint;
    this.client =
        DynamoDbClient.builder()
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
            .httpClient(UrlConnectionHttpClient.create())
            .build();
  }

  public static LocalDynamo start() {
    try {
      DynamoDBProxyServer server =
          ServerRunner.createServerFromCommandLineArgs(
              new String[] {
                "-inMemory", "-sharedDb", "-disableTelemetry", "-port", PLACEHOLDER_PORT
              });
      // DynamoDB Local has no host option and would listen on every interface.
      ServerConnector connector = connectorOf(server);
      connector.setHost(LOOPBACK);
      connector.setPort(0);
      server.start();
      URI endpoint = URI.create("http://" + LOOPBACK + ":" + connector.getLocalPort());
      return new LocalDynamo(server, endpoint);
    } catch (Exception e) {
      throw new IllegalStateException("DynamoDB Local did not start", e);
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
    client.close();
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("DynamoDB Local did not stop", e);
    }
  }

  private static ServerConnector connectorOf(DynamoDBProxyServer proxy)
      throws ReflectiveOperationException {
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server jetty = (Server) field.get(proxy);
    return (ServerConnector) jetty.getConnectors()[0];
  }

  private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
    return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
  }

  private static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }
}
