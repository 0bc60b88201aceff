package io.s3clean.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Requests no SDK would send, straight over HTTP: DynamoDB's JSON 1.0 protocol answers them with
 * HTTP 400 and a JSON body whose {@code __type} names the error
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html).
 */
class WireErrorsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static DynamoDbServer engine;
  private static HttpClient http;

  @BeforeAll
  static void start() {
    engine = DynamoDbServer.start(DynamoDbServer.Options.inMemory());
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterAll
  static void stop() {
    engine.close();
  }

  @Test
  void aBodyThatIsNotJsonIsASerializationException() throws Exception {
    // GIVEN a known operation whose body is not JSON
    HttpResponse<String> response = post("DynamoDB_20120810.ListTables", "{\"Limit\": 1,");

    // THEN
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(errorType(response)).endsWith("SerializationException");
  }

  @Test
  void anUnknownTargetIsAnUnknownOperationException() throws Exception {
    // GIVEN a well-formed body sent to an operation DynamoDB does not have
    HttpResponse<String> response = post("DynamoDB_20120810.DropEverything", "{}");

    // THEN
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(errorType(response)).endsWith("UnknownOperationException");
  }

  private static HttpResponse<String> post(String target, String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(engine.endpoint() + "/"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/x-amz-json-1.0")
            .header("X-Amz-Target", target)
            .header("X-Amz-Date", "20260101T000000Z")
            // Shaped like the SDK's; the signature itself is not what these cases are about.
            .header(
                "Authorization",
                "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/dynamodb/"
                    + "aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature="
                    + "0".repeat(64))
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static String errorType(HttpResponse<String> response) throws Exception {
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.isObject()).as("a JSON object: %s", response.body()).isTrue();
    assertThat(body.path("__type").isTextual()).as("__type in %s", response.body()).isTrue();
    return body.get("__type").asText();
  }
}
