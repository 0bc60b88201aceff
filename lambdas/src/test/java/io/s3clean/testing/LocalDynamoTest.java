package io.s3clean.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * {@link LocalDynamo} on the project's own engine: the tables as docs/design.md describes them,
 * loopback only, and AWS's SDK v2 exceptions.
 */
class LocalDynamoTest {
  private static LocalDynamo dynamo;

  @BeforeAll
  static void start() {
    dynamo = LocalDynamo.start();
    dynamo.createTables("ObjectTable", "HistoryTable");
  }

  @AfterAll
  static void stop() {
    dynamo.close();
  }

  @Test
  void objectTableIsKeyedByBucketAndObjectNameWithASparseBySizeIndex() {
    // when
    TableDescription table = describe("ObjectTable");

    // then
    assertThat(table.keySchema())
        .containsExactly(key("bucket_name", KeyType.HASH), key("object_name", KeyType.RANGE));
    assertThat(table.globalSecondaryIndexes()).hasSize(1);
    GlobalSecondaryIndexDescription bySize = table.globalSecondaryIndexes().get(0);
    assertThat(bySize.indexName()).isEqualTo("BySize");
    assertThat(bySize.keySchema())
        .containsExactly(key("bucket_name", KeyType.HASH), key("size", KeyType.RANGE));
    assertThat(bySize.projection().projectionType()).isEqualTo(ProjectionType.ALL);
  }

  @Test
  void bySizeListsOnlyLiveObjectsSmallestFirst() {
    // given: two live objects and a tombstone, which carries no size
    put("ObjectTable", Map.of("bucket_name", s("b"), "object_name", s("big"), "size", n(30)));
    put("ObjectTable", Map.of("bucket_name", s("b"), "object_name", s("small"), "size", n(4)));
    put("ObjectTable", Map.of("bucket_name", s("b"), "object_name", s("gone"), "deleted", bool()));

    // when
    var names =
        dynamo
            .client()
            .query(
                q ->
                    q.tableName("ObjectTable")
                        .indexName("BySize")
                        .keyConditionExpression("bucket_name = :b")
                        .expressionAttributeValues(Map.of(":b", s("b"))))
            .items()
            .stream()
            .map(item -> item.get("object_name").s())
            .toList();

    // then
    assertThat(names).containsExactly("small", "big");
  }

  @Test
  void historyTableIsKeyedByBucketAndNumericSeq() {
    TableDescription table = describe("HistoryTable");

    assertThat(table.keySchema())
        .containsExactly(key("bucket_name", KeyType.HASH), key("seq", KeyType.RANGE));
    assertThat(table.attributeDefinitions())
        .anySatisfy(
            a ->
                assertThat(a.attributeName() + ":" + a.attributeTypeAsString()).isEqualTo("seq:N"));
    assertThat(table.globalSecondaryIndexes()).isEmpty();
  }

  @Test
  void listensOnLoopbackOnly() {
    io.s3clean.engines.testing.LoopbackOnly.assertListensOnLoopbackOnly(dynamo.endpoint());
  }

  @Test
  void failsLikeAwsDoesWithTheSdkV2Exceptions() {
    assertThatExceptionOfType(ResourceNotFoundException.class)
        .isThrownBy(() -> describe("NoSuchTable"));
  }

  private static TableDescription describe(String name) {
    return dynamo.client().describeTable(d -> d.tableName(name)).table();
  }

  private static void put(String table, Map<String, AttributeValue> item) {
    dynamo.client().putItem(p -> p.tableName(table).item(item));
  }

  private static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private static AttributeValue bool() {
    return AttributeValue.fromBool(true);
  }

  private static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }
}
