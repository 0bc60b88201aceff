package io.s3clean.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.s3clean.testing.RecordingContext;
import io.s3clean.testing.UnusedClients;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The custom resource's side of CloudFormation's protocol, its ResponseURL a real HTTP server: what
 * it answers before it needs S3, and that a request it cannot answer is logged instead. (Adopting
 * and releasing a bucket through S3's API is tested on the embedded cloud, BucketAdoptionCliTest.)
 */
class BucketAdoptionHandlerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private HttpServer cloudFormation;
  private final List<Received> received = new CopyOnWriteArrayList<>();

  private record Received(String method, String contentType, JsonNode body) {}

  @BeforeEach
  void listen() throws Exception {
    cloudFormation =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    cloudFormation.createContext(
        "/",
        exchange -> {
          received.add(
              new Received(
                  exchange.getRequestMethod(),
                  exchange.getRequestHeaders().getFirst("Content-Type"),
                  JSON.readTree(exchange.getRequestBody())));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    cloudFormation.start();
  }

  @AfterEach
  void stop() {
    cloudFormation.stop(0);
  }

  private String request(String type, String physicalId, String properties) {
    return "{\"RequestType\":\""
        + type
        + "\",\"ResponseURL\":\"http://127.0.0.1:"
        + cloudFormation.getAddress().getPort()
        + "/response?X-Amz-Signature=x\",\"StackId\":\"arn:aws:cloudformation:us-east-1:000000000000:stack/guard/1\","
        + "\"RequestId\":\"r-1\",\"LogicalResourceId\":\"AdoptedBucketNotification\","
        + (physicalId == null ? "" : "\"PhysicalResourceId\":\"" + physicalId + "\",")
        + "\"ResourceType\":\"Custom::BucketNotification\",\"ResourceProperties\":"
        + properties
        + "}";
  }

  private JsonNode handle(String payload, RecordingContext context) throws Exception {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    // a client that is never used: none of these requests gets as far as S3
    new BucketAdoptionHandler(UnusedClients.s3())
        .handleRequest(
            new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)), output, context);
    return JSON.readTree(output.toByteArray());
  }

  @Test
  void aMissingPropertyFailsTheResourceNamingItWithItsLogicalIdAsPhysicalId() throws Exception {
    handle(
        request("Create", null, "{\"ServiceToken\":\"arn\",\"BucketName\":\"b\"}"),
        new RecordingContext());

    assertThat(received).singleElement().satisfies(r -> assertThat(r.method()).isEqualTo("PUT"));
    JsonNode body = received.get(0).body();
    assertThat(received.get(0).contentType()).as("the URL is signed without one").isNull();
    assertThat(body.path("Status").asText()).isEqualTo("FAILED");
    assertThat(body.path("Reason").asText())
        .isEqualTo("the custom resource has no ConfigurationIdPrefix property");
    assertThat(body.path("PhysicalResourceId").asText()).isEqualTo("AdoptedBucketNotification");
    assertThat(body.path("StackId").asText()).endsWith("stack/guard/1");
    assertThat(body.path("RequestId").asText()).isEqualTo("r-1");
    assertThat(body.path("LogicalResourceId").asText()).isEqualTo("AdoptedBucketNotification");
  }

  @Test
  void theDeleteOfACreationThatFailedChangesNothingAndSucceeds() throws Exception {
    // the rollback after a refused Create names the logical id it was answered with
    handle(request("Delete", "AdoptedBucketNotification", "{}"), new RecordingContext());

    assertThat(received.get(0).body().path("Status").asText()).isEqualTo("SUCCESS");
    assertThat(received.get(0).body().path("PhysicalResourceId").asText())
        .isEqualTo("AdoptedBucketNotification");
  }

  @Test
  void aRequestWithNoResponseUrlIsLoggedAndAnsweredNowhere() throws Exception {
    RecordingContext context = new RecordingContext();

    JsonNode output =
        handle(
            "{\"RequestType\":\"Create\",\"StackId\":\"s\",\"RequestId\":\"r\","
                + "\"LogicalResourceId\":\"l\"}",
            context);

    assertThat(output.path("error").asText())
        .isEqualTo("not a custom resource request: no ResponseURL");
    assertThat(context.lines())
        .anyMatch(line -> line.contains("malformed_custom_resource_request"));
    assertThat(received).isEmpty();
  }

  @Test
  void aPayloadThatIsNoRequestIsLogged() throws Exception {
    RecordingContext context = new RecordingContext();

    JsonNode notJson = handle("this is not json", context);

    assertThat(notJson.path("error").asText())
        .isEqualTo("not a custom resource request: the payload is not JSON");
    assertThat(received).isEmpty();
  }

  @Test
  void aRequestTypeItDoesNotKnowIsAnsweredFailedRatherThanLeftToTimeOut() throws Exception {
    handle(request("Replace", null, "{}"), new RecordingContext());

    assertThat(received.get(0).body().path("Status").asText()).isEqualTo("FAILED");
    assertThat(received.get(0).body().path("Reason").asText())
        .isEqualTo("not a custom resource request: RequestType is 'Replace'");
  }

  @Test
  void aReasonTooLongForCloudFormationIsCutToFitItsBody() throws Exception {
    // the refusal names the RequestType, which here is 3,000 two-byte characters
    handle(request("\u00e9".repeat(3_000), null, "{}"), new RecordingContext());

    JsonNode body = received.get(0).body();
    assertThat(JSON.writeValueAsBytes(body).length).isLessThanOrEqualTo(4_096);
    assertThat(body.path("Reason").asText())
        .startsWith("not a custom resource request: RequestType is '\u00e9\u00e9")
        .endsWith("\u00e9...");
  }
}
