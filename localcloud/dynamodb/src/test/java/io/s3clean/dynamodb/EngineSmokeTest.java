package io.s3clean.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

class EngineSmokeTest {
  static DynamoDbServer server;
  static DynamoDbClient client;

  @BeforeAll
  static void start() {
    server = DynamoDbServer.start(DynamoDbServer.Options.inMemory());
    client = DynamoDbClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
        .httpClient(UrlConnectionHttpClient.create()).build();
    client.createTable(t -> t.tableName("objects").billingMode("PAY_PER_REQUEST")
        .attributeDefinitions(a -> a.attributeName("b").attributeType("S"), a -> a.attributeName("k").attributeType("S"),
            a -> a.attributeName("size").attributeType("N"))
        .keySchema(k -> k.attributeName("b").keyType("HASH"), k -> k.attributeName("k").keyType("RANGE"))
        .globalSecondaryIndexes(g -> g.indexName("BySize").projection(p -> p.projectionType("ALL"))
            .keySchema(k -> k.attributeName("b").keyType("HASH"), k -> k.attributeName("size").keyType("RANGE"))));
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  static AttributeValue n(long v) {
    return AttributeValue.fromN(Long.toString(v));
  }

  @Test
  void putGetQueryTransact() {
    client.putItem(p -> p.tableName("objects").item(Map.of("b", s("x"), "k", s("a"), "size", n(5))));
    client.putItem(p -> p.tableName("objects").item(Map.of("b", s("x"), "k", s("b"), "size", n(50))));
    assertThat(client.getItem(g -> g.tableName("objects").key(Map.of("b", s("x"), "k", s("a")))).item())
        .containsEntry("size", n(5));
    assertThatThrownBy(() -> client.putItem(p -> p.tableName("objects").item(Map.of("b", s("x"), "k", s("a")))
        .conditionExpression("attribute_not_exists(k)"))).isInstanceOf(ConditionalCheckFailedException.class);
    var page = client.query(q -> q.tableName("objects").indexName("BySize").keyConditionExpression("b = :b")
        .expressionAttributeValues(Map.of(":b", s("x"))).scanIndexForward(false));
    assertThat(page.items()).extracting(i -> i.get("k").s()).containsExactly("b", "a");
    assertThatThrownBy(() -> client.transactWriteItems(t -> t.transactItems(
        w -> w.put(p -> p.tableName("objects").item(Map.of("b", s("x"), "k", s("c"), "size", n(1)))),
        w -> w.conditionCheck(c -> c.tableName("objects").key(Map.of("b", s("x"), "k", s("a")))
            .conditionExpression("#s > :n").expressionAttributeNames(Map.of("#s", "size"))
            .expressionAttributeValues(Map.of(":n", n(10)))))))
        .isInstanceOfSatisfying(TransactionCanceledException.class, e ->
            assertThat(e.cancellationReasons()).extracting(r -> r.code()).containsExactly("None", "ConditionalCheckFailed"));
    client.updateItem(u -> u.tableName("objects").key(Map.of("b", s("x"), "k", s("a")))
        .updateExpression("SET #s = #s + :d").expressionAttributeNames(Map.of("#s", "size")).expressionAttributeValues(Map.of(":d", n(7))));
    assertThat(client.getItem(g -> g.tableName("objects").key(Map.of("b", s("x"), "k", s("a")))).item())
        .containsEntry("size", n(12));
  }
}
