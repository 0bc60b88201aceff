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
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The engine through the real SDK: the basics, and AWS's documented behaviour in each case where
 * moto, the differential test's oracle, diverges (docs/dynamodb.md, "Intended divergences from
 * moto"), which the differential test therefore cannot check.
 */
class AwsBehaviourTest {
  static DynamoDbServer server;
  static DynamoDbClient client;

  @BeforeAll
  static void start() {
    server = DynamoDbServer.start(DynamoDbServer.Options.inMemory());
    client =
        DynamoDbClient.builder()
            .endpointOverride(server.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
            .httpClient(UrlConnectionHttpClient.create())
            .build();
    client.createTable(
        t ->
            t.tableName("objects")
                .billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(
                    a -> a.attributeName("b").attributeType("S"),
                    a -> a.attributeName("k").attributeType("S"),
                    a -> a.attributeName("size").attributeType("N"))
                .keySchema(
                    k -> k.attributeName("b").keyType("HASH"),
                    k -> k.attributeName("k").keyType("RANGE"))
                .globalSecondaryIndexes(
                    g ->
                        g.indexName("BySize")
                            .projection(p -> p.projectionType("ALL"))
                            .keySchema(
                                k -> k.attributeName("b").keyType("HASH"),
                                k -> k.attributeName("size").keyType("RANGE"))));
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
    client.putItem(
        p -> p.tableName("objects").item(Map.of("b", s("x"), "k", s("a"), "size", n(5))));
    client.putItem(
        p -> p.tableName("objects").item(Map.of("b", s("x"), "k", s("b"), "size", n(50))));
    assertThat(
            client
                .getItem(g -> g.tableName("objects").key(Map.of("b", s("x"), "k", s("a"))))
                .item())
        .containsEntry("size", n(5));
    assertThatThrownBy(
            () ->
                client.putItem(
                    p ->
                        p.tableName("objects")
                            .item(Map.of("b", s("x"), "k", s("a")))
                            .conditionExpression("attribute_not_exists(k)")))
        .isInstanceOf(ConditionalCheckFailedException.class);
    var page =
        client.query(
            q ->
                q.tableName("objects")
                    .indexName("BySize")
                    .keyConditionExpression("b = :b")
                    .expressionAttributeValues(Map.of(":b", s("x")))
                    .scanIndexForward(false));
    assertThat(page.items()).extracting(i -> i.get("k").s()).containsExactly("b", "a");
    assertThatThrownBy(
            () ->
                client.transactWriteItems(
                    t ->
                        t.transactItems(
                            w ->
                                w.put(
                                    p ->
                                        p.tableName("objects")
                                            .item(Map.of("b", s("x"), "k", s("c"), "size", n(1)))),
                            w ->
                                w.conditionCheck(
                                    c ->
                                        c.tableName("objects")
                                            .key(Map.of("b", s("x"), "k", s("a")))
                                            .conditionExpression("#s > :n")
                                            .expressionAttributeNames(Map.of("#s", "size"))
                                            .expressionAttributeValues(Map.of(":n", n(10)))))))
        .isInstanceOfSatisfying(
            TransactionCanceledException.class,
            e ->
                assertThat(e.cancellationReasons())
                    .extracting(r -> r.code())
                    .containsExactly("None", "ConditionalCheckFailed"));
    client.updateItem(
        u ->
            u.tableName("objects")
                .key(Map.of("b", s("x"), "k", s("a")))
                .updateExpression("SET #s = #s + :d")
                .expressionAttributeNames(Map.of("#s", "size"))
                .expressionAttributeValues(Map.of(":d", n(7))));
    assertThat(
            client
                .getItem(g -> g.tableName("objects").key(Map.of("b", s("x"), "k", s("a"))))
                .item())
        .containsEntry("size", n(12));
  }

  private static Map<String, AttributeValue> key(String b, String k) {
    return Map.of("b", s(b), "k", s(k));
  }

  private static void assertValidationError(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            DynamoDbException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
  }

  @Test
  void aQueryFilterOnAKeyAttributeIsRefused() {
    assertValidationError(
        () ->
            client.query(
                q ->
                    q.tableName("objects")
                        .keyConditionExpression("b = :b")
                        .filterExpression("k = :k")
                        .expressionAttributeValues(Map.of(":b", s("f"), ":k", s("a")))));
  }

  @Test
  void aScanThatCountsReturnsNoItems() {
    client.putItem(p -> p.tableName("objects").item(Map.of("b", s("count"), "k", s("a"))));
    var page = client.scan(r -> r.tableName("objects").select(Select.COUNT));
    assertThat(page.count()).isPositive();
    assertThat(page.hasItems()).isFalse();
  }

  @Test
  void aBatchWithTwoRequestsOnOneItemIsRefusedAndWritesNothing() {
    assertValidationError(
        () ->
            client.batchWriteItem(
                r ->
                    r.requestItems(
                        Map.of(
                            "objects",
                            java.util.List.of(
                                software.amazon.awssdk.services.dynamodb.model.WriteRequest
                                    .builder()
                                    .putRequest(p -> p.item(key("batch", "a")))
                                    .build(),
                                software.amazon.awssdk.services.dynamodb.model.WriteRequest
                                    .builder()
                                    .deleteRequest(d -> d.key(key("batch", "a")))
                                    .build())))));
    assertThat(client.getItem(g -> g.tableName("objects").key(key("batch", "a"))).hasItem())
        .isFalse();
  }

  @Test
  void aTransactionalUpdateThatFailsOnTheItemsDataIsCancelledWithAValidationErrorReason() {
    client.putItem(p -> p.tableName("objects").item(key("tx", "a")));
    assertThatThrownBy(
            () ->
                client.transactWriteItems(
                    t ->
                        t.transactItems(
                            w -> w.put(p -> p.tableName("objects").item(key("tx", "b"))),
                            w ->
                                w.update(
                                    u ->
                                        u.tableName("objects")
                                            .key(key("tx", "a"))
                                            .updateExpression("SET n = n + :d")
                                            .expressionAttributeValues(Map.of(":d", n(1)))))))
        .isInstanceOfSatisfying(
            TransactionCanceledException.class,
            e ->
                assertThat(e.cancellationReasons())
                    .extracting(r -> r.code())
                    .containsExactly("None", "ValidationError"));
    assertThat(client.getItem(g -> g.tableName("objects").key(key("tx", "b"))).hasItem()).isFalse();
  }

  @Test
  void aTransactionalGetReturnsOnlyTheProjectedAttributes() {
    client.putItem(
        p -> p.tableName("objects").item(Map.of("b", s("get"), "k", s("a"), "x", n(1), "y", n(2))));
    var item =
        client
            .transactGetItems(
                t ->
                    t.transactItems(
                        g ->
                            g.get(
                                x ->
                                    x.tableName("objects")
                                        .key(key("get", "a"))
                                        .projectionExpression("x"))))
            .responses()
            .get(0)
            .item();
    assertThat(item).containsOnlyKeys("x");
  }

  @Test
  void betweenHoldsForZeroAndTheEmptyString() {
    client.putItem(
        p ->
            p.tableName("objects")
                .item(Map.of("b", s("between"), "k", s("a"), "z", n(0), "e", s(""))));
    client.putItem(
        p ->
            p.tableName("objects")
                .item(key("between", "a"))
                .conditionExpression("z BETWEEN :lo AND :hi AND e BETWEEN :e AND :f")
                .expressionAttributeValues(
                    Map.of(":lo", n(-1), ":hi", n(1), ":e", s(""), ":f", s("a"))));
  }

  @Test
  void numberSetMembersAreComparedAsNumbers() {
    client.putItem(
        p ->
            p.tableName("objects")
                .item(
                    Map.of(
                        "b",
                        s("ns"),
                        "k",
                        s("a"),
                        "ns",
                        AttributeValue.fromNs(java.util.List.of("1", "2")))));
    client.updateItem(
        u ->
            u.tableName("objects")
                .key(key("ns", "a"))
                .updateExpression("DELETE ns :v")
                .expressionAttributeValues(
                    Map.of(":v", AttributeValue.fromNs(java.util.List.of("1.0")))));
    assertThat(
            client.getItem(g -> g.tableName("objects").key(key("ns", "a"))).item().get("ns").ns())
        .containsExactly("2");
    assertValidationError(
        () ->
            client.putItem(
                p ->
                    p.tableName("objects")
                        .item(
                            Map.of(
                                "b",
                                s("ns"),
                                "k",
                                s("b"),
                                "ns",
                                AttributeValue.fromNs(java.util.List.of("1", "1.0"))))));
  }

  @Test
  void updatedNewReturnsOnlyWhatTheUpdateWroteEvenWhenItCreatesTheItem() {
    var attributes =
        client
            .updateItem(
                u ->
                    u.tableName("objects")
                        .key(key("updated", "a"))
                        .updateExpression("SET x = :v, m = :m")
                        .expressionAttributeValues(
                            Map.of(":v", n(1), ":m", AttributeValue.fromM(Map.of("y", n(1)))))
                        .returnValues(ReturnValue.UPDATED_NEW))
            .attributes();
    assertThat(attributes).containsOnlyKeys("x", "m");
    // the same value again, and a nested path: still what the expression writes
    attributes =
        client
            .updateItem(
                u ->
                    u.tableName("objects")
                        .key(key("updated", "a"))
                        .updateExpression("SET x = :v, m.y = :w")
                        .expressionAttributeValues(Map.of(":v", n(1), ":w", n(2)))
                        .returnValues(ReturnValue.UPDATED_OLD))
            .attributes();
    assertThat(attributes)
        .isEqualTo(Map.of("x", n(1), "m", AttributeValue.fromM(Map.of("y", n(1)))));
  }

  @Test
  void aTransactionRepeatedWithItsClientRequestTokenWritesOnceAndAnotherRequestWithItIsRefused() {
    client.putItem(p -> p.tableName("objects").item(key("token", "a")));
    Runnable add =
        () ->
            client.transactWriteItems(
                t ->
                    t.clientRequestToken("repeat-1")
                        .transactItems(
                            w ->
                                w.update(
                                    u ->
                                        u.tableName("objects")
                                            .key(key("token", "a"))
                                            .updateExpression("ADD n :one")
                                            .expressionAttributeValues(Map.of(":one", n(1))))));
    add.run();
    add.run();
    assertThat(client.getItem(g -> g.tableName("objects").key(key("token", "a"))).item())
        .containsEntry("n", n(1));
    assertThatThrownBy(
            () ->
                client.transactWriteItems(
                    t ->
                        t.clientRequestToken("repeat-1")
                            .transactItems(
                                w ->
                                    w.update(
                                        u ->
                                            u.tableName("objects")
                                                .key(key("token", "a"))
                                                .updateExpression("ADD n :two")
                                                .expressionAttributeValues(Map.of(":two", n(2)))))))
        .isInstanceOf(
            software.amazon.awssdk.services.dynamodb.model.IdempotentParameterMismatchException
                .class);
  }
}
