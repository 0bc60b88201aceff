package io.s3clean.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** State in the data directory: a restart finds it, and a kill -9 loses no acknowledged write. */
class PersistenceTest {

  static DynamoDbClient client(URI endpoint) {
    return DynamoDbClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
        .overrideConfiguration(
            c ->
                c.retryStrategy(RetryMode.STANDARD)
                    .apiCallAttemptTimeout(java.time.Duration.ofSeconds(5)))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  static void createTable(DynamoDbClient client) {
    client.createTable(
        t ->
            t.tableName("kept")
                .billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(
                    a -> a.attributeName("pk").attributeType("S"),
                    a -> a.attributeName("n").attributeType("N"))
                .keySchema(k -> k.attributeName("pk").keyType("HASH"))
                .globalSecondaryIndexes(
                    g ->
                        g.indexName("ByN")
                            .projection(p -> p.projectionType("KEYS_ONLY"))
                            .keySchema(
                                k -> k.attributeName("pk").keyType("HASH"),
                                k -> k.attributeName("n").keyType("RANGE"))));
  }

  static Map<String, AttributeValue> item(int i) {
    return Map.of(
        "pk", AttributeValue.fromS("item-" + i), "n", AttributeValue.fromN(Integer.toString(i)));
  }

  @Test
  void aRestartFindsTablesItemsAndIndexesAsTheyWere(@TempDir Path dir) {
    DynamoDbServer.Options options = DynamoDbServer.Options.inMemory().withDataDir(dir);
    String tableArn;
    try (DynamoDbServer server = DynamoDbServer.start(options);
        DynamoDbClient client = client(server.endpoint())) {
      createTable(client);
      for (int i = 0; i < 50; i++) {
        int n = i;
        client.putItem(p -> p.tableName("kept").item(item(n)));
      }
      client.deleteItem(d -> d.tableName("kept").key(Map.of("pk", AttributeValue.fromS("item-7"))));
      tableArn = client.describeTable(d -> d.tableName("kept")).table().tableArn();
    }
    try (DynamoDbServer server = DynamoDbServer.start(options);
        DynamoDbClient client = client(server.endpoint())) {
      var table = client.describeTable(d -> d.tableName("kept")).table();
      assertThat(table.tableArn()).isEqualTo(tableArn);
      assertThat(table.itemCount()).isEqualTo(49);
      assertThat(
              client
                  .getItem(
                      g -> g.tableName("kept").key(Map.of("pk", AttributeValue.fromS("item-7"))))
                  .hasItem())
          .isFalse();
      assertThat(
              client
                  .query(
                      q ->
                          q.tableName("kept")
                              .indexName("ByN")
                              .keyConditionExpression("pk = :p")
                              .expressionAttributeValues(
                                  Map.of(":p", AttributeValue.fromS("item-8"))))
                  .items())
          .containsExactly(item(8));
    }
  }

  @Test
  void aKillDuringWritesLosesNoAcknowledgedWrite(@TempDir Path dir) throws Exception {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process engine =
        new ProcessBuilder(
                javaBin,
                "-cp",
                System.getProperty("java.class.path"),
                "io.s3clean.dynamodb.testing.EngineProcess",
                dir.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    List<Integer> acknowledged = java.util.Collections.synchronizedList(new ArrayList<>());
    try {
      URI endpoint =
          URI.create(
              new BufferedReader(
                      new InputStreamReader(engine.getInputStream(), StandardCharsets.UTF_8))
                  .readLine());
      try (DynamoDbClient client = client(endpoint)) {
        createTable(client);
        ExecutorService writers = Executors.newFixedThreadPool(4);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
          int writer = w;
          running.add(
              writers.submit(
                  () -> {
                    for (int i = writer; ; i += 4) {
                      int n = i;
                      try {
                        client.transactWriteItems(
                            t ->
                                t.transactItems(
                                    x -> x.put(p -> p.tableName("kept").item(item(n))),
                                    x ->
                                        x.put(p -> p.tableName("kept").item(item(1_000_000 + n)))));
                      } catch (SdkException e) {
                        return; // the engine is gone
                      }
                      acknowledged.add(n);
                    }
                  }));
        }
        while (acknowledged.size() < 300) {
          Thread.sleep(5);
        }
        engine.destroyForcibly(); // SIGKILL, in the middle of the writers' requests
        assertThat(engine.waitFor(10, TimeUnit.SECONDS)).isTrue();
        writers.shutdown();
        assertThat(writers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      engine.destroyForcibly();
    }
    try (DynamoDbServer server =
            DynamoDbServer.start(DynamoDbServer.Options.inMemory().withDataDir(dir));
        DynamoDbClient client = client(server.endpoint())) {
      long items = client.scan(s -> s.tableName("kept").select("COUNT")).count();
      for (int n : List.copyOf(acknowledged)) {
        assertThat(
                client
                    .getItem(
                        g ->
                            g.tableName("kept")
                                .key(Map.of("pk", AttributeValue.fromS("item-" + n))))
                    .item())
            .as("acknowledged write %d", n)
            .isEqualTo(item(n));
        assertThat(
                client
                    .getItem(
                        g ->
                            g.tableName("kept")
                                .key(Map.of("pk", AttributeValue.fromS("item-" + (1_000_000 + n)))))
                    .hasItem())
            .as("the other half of transaction %d", n)
            .isTrue();
      }
      // whole transactions only: never one half of a pair
      assertThat(items % 2).isZero();
      assertThat(items / 2).isGreaterThanOrEqualTo(acknowledged.size());
    }
  }
}
