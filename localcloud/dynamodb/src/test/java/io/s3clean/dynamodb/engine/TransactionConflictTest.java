package io.s3clean.dynamodb.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3clean.dynamodb.DynamoDbException;
import io.s3clean.dynamodb.value.Value;
import java.io.StringWriter;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two writers of one item at the same time, as DynamoDB resolves them ("Transaction conflict
 * handling").
 */
class TransactionConflictTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Database database = Database.inMemory("us-east-1", "000000000000");
  private final Engine engine = new Engine(database, Clock.systemUTC());

  TransactionConflictTest() throws Exception {
    run(
        "CreateTable",
        """
        {"TableName": "ledger", "BillingMode": "PAY_PER_REQUEST",
         "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
         "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}]}""");
  }

  private String run(String operation, String request) throws Exception {
    JsonNode node = JSON.readTree(request);
    StringWriter out = new StringWriter();
    try (var generator = JSON.getFactory().createGenerator(out)) {
      generator.writeStartObject();
      engine.execute(operation, node).write(generator);
      generator.writeEndObject();
    }
    return out.toString();
  }

  private static String error(DynamoDbException e) throws Exception {
    StringWriter out = new StringWriter();
    try (var generator = JSON.getFactory().createGenerator(out)) {
      generator.writeStartObject();
      e.writeExtraFields(generator);
      generator.writeEndObject();
    }
    return e.code() + " " + out;
  }

  /** Holds "state" as an ongoing transaction would, until the returned owner is released. */
  private ItemLocks.Owner ongoingTransactionOn(String pk) {
    ItemLocks.Owner other = new ItemLocks.Owner(true);
    var key = new ItemLocks.LockKey("ledger", PrimaryKey.of(Value.s(pk)));
    assertThat(database.locks().lockTransaction(List.of(key), other)).isEqualTo(-1);
    return other;
  }

  @Test
  void aTransactionMeetingAnotherOnOneItemIsCancelledWithTransactionConflictAndWritesNothing()
      throws Exception {
    // GIVEN another transaction holds "state"
    ItemLocks.Owner other = ongoingTransactionOn("state");
    // WHEN a transaction writes "a" and "state"
    String request =
        """
        {"TransactItems": [
          {"Put": {"TableName": "ledger", "Item": {"pk": {"S": "a"}}}},
          {"Put": {"TableName": "ledger", "Item": {"pk": {"S": "state"}, "n": {"N": "1"}}}}]}""";
    // THEN it is cancelled, the conflict reported on the item held, and "a" is not written
    assertThatThrownBy(() -> run("TransactWriteItems", request))
        .isInstanceOfSatisfying(
            DynamoDbException.class,
            e -> {
              try {
                assertThat(error(e))
                    .isEqualTo(
                        "TransactionCanceledException {\"CancellationReasons\":"
                            + "[{\"Code\":\"None\"},{\"Code\":\"TransactionConflict\",\"Message\":\"Transaction is ongoing for the item\"}]}");
              } catch (Exception io) {
                throw new AssertionError(io);
              }
            });
    assertThat(run("GetItem", "{\"TableName\": \"ledger\", \"Key\": {\"pk\": {\"S\": \"a\"}}}"))
        .isEqualTo("{}");
    // AND once the other transaction is done, the same request goes through
    database
        .locks()
        .unlock(List.of(new ItemLocks.LockKey("ledger", PrimaryKey.of(Value.s("state")))), other);
    run("TransactWriteItems", request);
    assertThat(run("GetItem", "{\"TableName\": \"ledger\", \"Key\": {\"pk\": {\"S\": \"a\"}}}"))
        .isEqualTo("{\"Item\":{\"pk\":{\"S\":\"a\"}}}");
  }

  @Test
  void aSingleItemWriteMeetingATransactionFailsWithTransactionConflictException() {
    ongoingTransactionOn("state");
    assertThatThrownBy(
            () ->
                run(
                    "PutItem",
                    "{\"TableName\": \"ledger\", \"Item\": {\"pk\": {\"S\": \"state\"}}}"))
        .isInstanceOfSatisfying(
            DynamoDbException.class,
            e -> assertThat(e.code()).isEqualTo("TransactionConflictException"));
  }

  @Test
  void writesToOtherItemsAreNotHeldUpByATransaction() throws Exception {
    ongoingTransactionOn("state");
    run("PutItem", "{\"TableName\": \"ledger\", \"Item\": {\"pk\": {\"S\": \"other\"}}}");
    run(
        "TransactWriteItems",
        "{\"TransactItems\": [{\"Put\": {\"TableName\": \"ledger\", \"Item\": {\"pk\": {\"S\": \"b\"}}}}]}");
    assertThat(run("Scan", "{\"TableName\": \"ledger\", \"Select\": \"COUNT\"}"))
        .contains("\"Count\":2");
  }
}
