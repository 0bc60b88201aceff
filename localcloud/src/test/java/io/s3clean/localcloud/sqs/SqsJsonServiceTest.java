package io.s3clean.localcloud.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3clean.localcloud.endpoint.AwsRequest;
import io.s3clean.localcloud.endpoint.AwsResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Requests no SDK would send, as the service sees them: each gets SQS's 400 with a clear message
 * and its query code, never a 500, and changes nothing.
 */
class SqsJsonServiceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final SqsEngine engine =
      SqsEngine.start(Optional.empty(), "us-east-1", "000000000000", Clock.systemUTC());
  private final SqsJsonService service = new SqsJsonService(engine);
  private final String queue = engine.createQueue("work", Map.of(), Map.of());

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void badNextTokensAreRefusedNotAnInternalFailure() {
    for (String token : List.of("LTE=", "MjE0NzQ4MzY0Nw==", "not base64!")) {
      AwsResponse response =
          call("ListQueues", "{\"MaxResults\":1,\"NextToken\":\"" + token + "\"}");

      assertThat(response.status()).as(token).isEqualTo(400);
      assertThat(body(response).path("__type").asText())
          .isEqualTo("com.amazonaws.sqs#InvalidParameterValue");
      assertThat(body(response).path("message").asText()).contains("NextToken");
    }
  }

  @Test
  void nullMembersAreAbsentOnesAndAnEmptyReceiveHasNoMessagesField() {
    AwsResponse response =
        call(
            "ReceiveMessage",
            "{\"QueueUrl\":\""
                + queue
                + "\",\"MaxNumberOfMessages\":null,"
                + "\"WaitTimeSeconds\":null,\"VisibilityTimeout\":null}");

    assertThat(response.status()).isEqualTo(200);
    assertThat(body(response).has("Messages")).isFalse();
  }

  @Test
  void invalidMessageAttributesAreRefusedAndNothingIsSent() {
    for (String attributes :
        List.of(
            "{\"AWS.reserved\":{\"DataType\":\"String\",\"StringValue\":\"x\"}}",
            "{\"two..dots\":{\"DataType\":\"String\",\"StringValue\":\"x\"}}",
            "{\"" + "n".repeat(257) + "\":{\"DataType\":\"String\",\"StringValue\":\"x\"}}",
            "{\"count\":{\"DataType\":\"Number\",\"StringValue\":\"twelve\"}}",
            "{\"blob\":{\"DataType\":\"Binary\",\"BinaryValue\":\"***\"}}",
            "{\"kind\":{\"DataType\":\"Text\",\"StringValue\":\"x\"}}")) {
      AwsResponse response =
          call(
              "SendMessage",
              "{\"QueueUrl\":\""
                  + queue
                  + "\",\"MessageBody\":\"b\","
                  + "\"MessageAttributes\":"
                  + attributes
                  + "}");

      assertThat(response.status()).as(attributes).isEqualTo(400);
      assertThat(response.headers().get("x-amzn-query-error"))
          .containsExactly("InvalidParameterValue;Sender");
    }
    assertThat(engine.attributes(queue, List.of("ApproximateNumberOfMessages")))
        .containsEntry("ApproximateNumberOfMessages", "0");
  }

  @Test
  void malformedBodiesUnknownOperationsAndTheQueryProtocolGetTheirOwnErrors() {
    AwsResponse malformed = call("SendMessage", "{\"QueueUrl\":");
    AwsResponse notAnObject = call("SendMessage", "[1]");
    AwsResponse wrongType =
        call("SendMessage", "{\"QueueUrl\":\"" + queue + "\",\"MessageBody\":7}");
    AwsResponse unknown = call("Teleport", "{}");
    AwsResponse query =
        service.handle(
            new AwsRequest(
                "POST",
                "/",
                "",
                Map.of("Content-Type", List.of("application/x-www-form-urlencoded")),
                "Action=ListQueues&Version=2012-11-05".getBytes(StandardCharsets.UTF_8)));

    assertThat(malformed.status()).isEqualTo(400);
    assertThat(body(malformed).path("__type").asText()).endsWith("SerializationException");
    assertThat(notAnObject.status()).isEqualTo(400);
    assertThat(wrongType.status()).isEqualTo(400);
    assertThat(body(wrongType).path("message").asText()).contains("MessageBody must be a string");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(body(unknown).path("message").asText()).contains("Teleport");
    assertThat(query.status()).isEqualTo(400);
    assertThat(new String(query.body(), StandardCharsets.UTF_8))
        .contains("InvalidAction", "JSON protocol");
  }

  private AwsResponse call(String operation, String json) {
    return service.handle(
        new AwsRequest(
            "POST",
            "/",
            "",
            Map.of(
                "X-Amz-Target",
                List.of("AmazonSQS." + operation),
                "Content-Type",
                List.of("application/x-amz-json-1.0")),
            json.getBytes(StandardCharsets.UTF_8)));
  }

  private static JsonNode body(AwsResponse response) {
    try {
      return JSON.readTree(response.body());
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
