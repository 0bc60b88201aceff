package io.s3clean.localcloud.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3clean.dynamodb.engine.Database;
import io.s3clean.dynamodb.engine.Engine;
import io.s3clean.dynamodb.server.JsonProtocolHandler;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The endpoint's DynamoDB, called in process, answers with the headers the SDKs check. */
class DynamoDbFrontTest {
  private final Database database = Database.inMemory("us-east-1", "000000000000");
  private final DynamoDbFront front =
      new DynamoDbFront(
          new JsonProtocolHandler(new Engine(database, Clock.systemUTC())),
          new io.s3clean.localcloud.usage.UsageMeter(Clock.systemUTC()));

  @AfterEach
  void close() {
    database.close();
  }

  private static AwsRequest post(String target, String body) {
    return new AwsRequest(
        "POST",
        "/",
        "",
        target == null ? Map.of() : Map.of("X-Amz-Target", List.of(target)),
        body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void anAnswerCarriesTheCrc32OfItsBodyAndARequestId() {
    AwsResponse answer = front.handle(post("DynamoDB_20120810.ListTables", "{}"));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(new String(answer.body(), StandardCharsets.UTF_8)).contains("\"TableNames\":[]");
    CRC32 crc = new CRC32();
    crc.update(answer.body());
    assertThat(answer.headers().get("x-amz-crc32")).containsExactly(Long.toString(crc.getValue()));
    assertThat(answer.headers().get("x-amzn-RequestId")).singleElement().asString().hasSize(36);
    assertThat(answer.headers().get("Content-Type")).containsExactly("application/x-amz-json-1.0");
  }

  @Test
  void aBadRequestIsDynamoDbsErrorShapeAndNothingIsCreated() {
    AwsResponse unknown = front.handle(post("DynamoDB_20120810.NoSuchOperation", "{}"));
    AwsResponse untargeted = front.handle(post(null, "{}"));
    AwsResponse notJson = front.handle(post("DynamoDB_20120810.CreateTable", "{not json"));

    assertThat(unknown.status()).isEqualTo(400);
    assertThat(new String(unknown.body(), StandardCharsets.UTF_8))
        .contains("UnknownOperationException")
        .contains("NoSuchOperation");
    assertThat(new String(untargeted.body(), StandardCharsets.UTF_8))
        .contains("Missing X-Amz-Target header");
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(new String(notJson.body(), StandardCharsets.UTF_8))
        .contains("SerializationException");
    assertThat(
            new String(
                front.handle(post("DynamoDB_20120810.ListTables", "{}")).body(),
                StandardCharsets.UTF_8))
        .contains("\"TableNames\":[]");
  }
}
