package io.s3clean.dynamodb.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3clean.dynamodb.Consumed;
import io.s3clean.dynamodb.engine.Database;
import io.s3clean.dynamodb.engine.Engine;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/**
 * What each request consumes, as the DynamoDB developer guide bills on-demand tables: a write unit
 * per 1 KB written, a read unit per 4 KB read strongly (half eventually), both doubled in a
 * transaction; a failed condition and a cancelled transaction still consume. The answer carries it
 * whether or not the caller asked for ReturnConsumedCapacity, so a meter sees every request.
 */
class ConsumedCapacityTest {
  private final JsonProtocolHandler handler =
      new JsonProtocolHandler(
          new Engine(Database.inMemory("us-east-1", "000000000000"), Clock.systemUTC()));

  ConsumedCapacityTest() {
    call(
        "CreateTable",
        """
        {"TableName": "ledger", "BillingMode": "PAY_PER_REQUEST",
         "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
         "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}]}""");
  }

  private JsonProtocolHandler.Answer call(String operation, String body) {
    return handler.answer(
        "POST", "/", "DynamoDB_20120810." + operation, body.getBytes(StandardCharsets.UTF_8));
  }

  /** An item of about {@code bytes} bytes: the key plus a string attribute. */
  private static String item(String pk, int bytes) {
    return "{\"pk\": {\"S\": \""
        + pk
        + "\"}, \"d\": {\"S\": \""
        + "x".repeat(bytes - pk.length() - 3)
        + "\"}}";
  }

  @Test
  void aTwoItemTransactionOfOneKilobyteItemsConsumesFourWriteUnits() {
    JsonProtocolHandler.Answer answer =
        call(
            "TransactWriteItems",
            "{\"TransactItems\": ["
                + "{\"Put\": {\"TableName\": \"ledger\", \"Item\": "
                + item("a", 1000)
                + "}},"
                + "{\"Put\": {\"TableName\": \"ledger\", \"Item\": "
                + item("b", 1000)
                + "}}]}");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.consumed()).isEqualTo(new Consumed(0, 4));
    // the caller asked for nothing, and sees nothing
    assertThat(new String(answer.body(), StandardCharsets.UTF_8))
        .doesNotContain("ConsumedCapacity");
  }

  @Test
  void writesCountAWriteUnitPerKilobyteOfTheLargerOfTheItemBeforeAndAfter() {
    assertThat(
            call("PutItem", "{\"TableName\": \"ledger\", \"Item\": " + item("a", 3000) + "}")
                .consumed())
        .isEqualTo(new Consumed(0, 3));
    // the smaller item replaces the larger: the larger one is what is billed
    assertThat(
            call("PutItem", "{\"TableName\": \"ledger\", \"Item\": " + item("a", 100) + "}")
                .consumed())
        .isEqualTo(new Consumed(0, 3));
    assertThat(
            call("DeleteItem", "{\"TableName\": \"ledger\", \"Key\": {\"pk\": {\"S\": \"a\"}}}")
                .consumed())
        .isEqualTo(new Consumed(0, 1));
  }

  @Test
  void readsCountAReadUnitPerFourKilobytesAndHalfOfOneWhenEventuallyConsistent() {
    call("PutItem", "{\"TableName\": \"ledger\", \"Item\": " + item("a", 5000) + "}");
    String key = "{\"TableName\": \"ledger\", \"Key\": {\"pk\": {\"S\": \"a\"}}";

    assertThat(call("GetItem", key + ", \"ConsistentRead\": true}").consumed())
        .isEqualTo(new Consumed(2, 0));
    assertThat(call("GetItem", key + "}").consumed()).isEqualTo(new Consumed(1, 0));
    assertThat(
            call(
                    "BatchGetItem",
                    "{\"RequestItems\": {\"ledger\": {\"ConsistentRead\": true, \"Keys\": ["
                        + "{\"pk\": {\"S\": \"a\"}}, {\"pk\": {\"S\": \"missing\"}}]}}}")
                .consumed())
        .isEqualTo(new Consumed(3, 0));
  }

  @Test
  void aFailedConditionStillConsumesTheWriteUnitsOfTheItemAsItIs() {
    call("PutItem", "{\"TableName\": \"ledger\", \"Item\": " + item("a", 2000) + "}");

    JsonProtocolHandler.Answer answer =
        call(
            "PutItem",
            "{\"TableName\": \"ledger\", \"Item\": "
                + item("a", 10)
                + ", \"ConditionExpression\": \"attribute_not_exists(pk)\"}");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(new String(answer.body(), StandardCharsets.UTF_8))
        .contains("ConditionalCheckFailedException");
    assertThat(answer.consumed()).isEqualTo(new Consumed(0, 2));
  }

  @Test
  void aCancelledTransactionStillConsumesTwiceTheUnitsOfItsItems() {
    call("PutItem", "{\"TableName\": \"ledger\", \"Item\": " + item("a", 1000) + "}");

    JsonProtocolHandler.Answer answer =
        call(
            "TransactWriteItems",
            "{\"TransactItems\": ["
                + "{\"Put\": {\"TableName\": \"ledger\", \"Item\": "
                + item("a", 1000)
                + ", \"ConditionExpression\": \"attribute_not_exists(pk)\"}},"
                + "{\"Put\": {\"TableName\": \"ledger\", \"Item\": "
                + item("b", 1000)
                + "}}]}");

    assertThat(new String(answer.body(), StandardCharsets.UTF_8))
        .contains("TransactionCanceledException");
    assertThat(answer.consumed()).isEqualTo(new Consumed(0, 4));
  }

  @Test
  void theControlPlaneAndMalformedRequestsConsumeNothing() {
    assertThat(call("DescribeTable", "{\"TableName\": \"ledger\"}").consumed())
        .isEqualTo(Consumed.NONE);
    assertThat(call("PutItem", "{\"TableName\": \"ledger\"}").consumed()).isEqualTo(Consumed.NONE);
  }
}
