package io.s3clean.localcloud.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several stacks on one endpoint: a request reaches the stack that holds what it names (its
 * caller's own stack first), else its caller's stack, else the first; the caller's stack's policy
 * authorises it wherever it goes; the account's services come before any stack's.
 */
class AwsEndpointTenantsTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private AwsEndpoint endpoint;

  @BeforeEach
  void start() throws Exception {
    endpoint = new AwsEndpoint(0, Clock.systemUTC(), 1);
    // the request's body is the resource it names
    endpoint.routeBy(
        (service, request) ->
            request.body().length == 0
                ? List.of()
                : List.of(new String(request.body(), StandardCharsets.UTF_8)));
    stack("one", Set.of("shared", "bucket-one"), Set.of("artifacts"), "AKIAONE");
    stack("two", Set.of("shared", "bucket-two"), Set.of("made-by-hand"), "AKIATWO");
  }

  @AfterEach
  void stop() {
    endpoint.close();
  }

  /**
   * @param deployed what the stack knows it holds without asking its services
   * @param madeOtherwise what only its services know of
   */
  private void stack(
      String name, Set<String> deployed, Set<String> madeOtherwise, String functionKey) {
    Tenant tenant = endpoint.tenant(name);
    tenant.serve("s3", request -> answer(name));
    tenant.holdsWith(
        (service, resource, thorough) ->
            deployed.contains(resource)
                || thorough
                    && (madeOtherwise.contains(resource) || resource.equals("shared-otherwise")));
    tenant.recognizeKeys(functionKey::equals);
    tenant.authorizeWith(
        (service, request, handler) ->
            request.accessKeyId().orElse("").startsWith("ASIA")
                ? answer("refused by " + name)
                : answer(
                    new String(handler.handle(request).body(), StandardCharsets.UTF_8)
                        + " checked by "
                        + name));
  }

  private static AwsResponse answer(String text) {
    return AwsResponse.of(200, "text/plain", text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aRequestReachesTheStackHoldingWhatItNamesItsCallersOwnFirst() throws Exception {
    assertThat(send("test", "s3", "bucket-two")).startsWith("two ");
    assertThat(send("test", "s3", "bucket-one")).startsWith("one ");
    assertThat(send("AKIATWO", "s3", "shared")).as("held by both: the caller's").startsWith("two ");
    assertThat(send("test", "s3", "shared"))
        .as("held by both, a caller of no stack: the first")
        .startsWith("one ");
    assertThat(send("AKIAONE", "s3", "made-by-hand"))
        .as("held, not deployed, by another stack")
        .startsWith("two ");
    assertThat(send("AKIATWO", "s3", "artifacts")).startsWith("one ");
    assertThat(send("AKIATWO", "s3", "shared-otherwise"))
        .as("held by both otherwise: the caller's")
        .startsWith("two ");
  }

  @Test
  void whatAStackDeployedIsFoundBeforeAnyStacksServicesAreAsked() throws Exception {
    Tenant three = endpoint.tenant("three");
    java.util.List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
    three.serve("s3", request -> answer("three"));
    three.holdsWith(
        (service, resource, thorough) -> {
          asked.add(resource + (thorough ? " thoroughly" : ""));
          return resource.equals("bucket-three");
        });

    assertThat(send("test", "s3", "bucket-three")).startsWith("three ");
    assertThat(send("test", "s3", "bucket-two")).startsWith("two ");
    assertThat(send("test", "s3", "made-by-hand")).startsWith("two ");
    // asked in memory only: "bucket-two" was found in the second stack's before the third was
    // asked,
    // and "made-by-hand" thoroughly of the second before the third
    assertThat(asked).containsExactly("bucket-three", "made-by-hand");
  }

  @Test
  void theCallersStackChecksItsRequestWhicheverStackServesIt() throws Exception {
    assertThat(send("AKIAONE", "s3", "bucket-two")).isEqualTo("two checked by one");
    assertThat(send("AKIATWO", "s3", "bucket-two")).isEqualTo("two checked by two");
  }

  @Test
  void aRequestThatNamesNothingHeldGoesToItsCallersStackElseTheFirst() throws Exception {
    assertThat(send("AKIATWO", "s3", "")).startsWith("two ");
    assertThat(send("AKIATWO", "s3", "new-bucket")).startsWith("two ");
    assertThat(send("test", "s3", "new-bucket")).startsWith("one ");
  }

  @Test
  void aStackThatNoLongerServesIsSkippedAndAccountServicesComeFirst() throws Exception {
    endpoint.serve("cloudformation", request -> answer("account"));
    Tenant three = endpoint.tenant("three");
    three.serve("cloudformation", request -> answer("three"));
    three.serve("sqs", request -> answer("three"));

    assertThat(send("test", "cloudformation", "")).startsWith("account ");
    assertThat(send("test", "sqs", "anything"))
        .as("the only stack serving it")
        .startsWith("three ");
    endpoint.remove(three);
    assertThat(send("test", "sqs", "anything"))
        .contains("UnknownService")
        .contains("cloudformation, s3");
  }

  @Test
  void temporaryCredentialsOfNoStackMeetTheFirstStacksCheckWhereverTheRequestGoes()
      throws Exception {
    assertThat(send("ASIANOBODY", "s3", "bucket-two")).isEqualTo("refused by one");
  }

  private String send(String accessKey, String service, String resource) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(endpoint.endpoint() + "/"))
            .timeout(Duration.ofSeconds(10))
            .header(
                "Authorization",
                "AWS4-HMAC-SHA256 Credential="
                    + accessKey
                    + "/20261204/us-east-1/"
                    + service
                    + "/aws4_request, SignedHeaders=host, Signature=x")
            .POST(HttpRequest.BodyPublishers.ofString(resource))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
  }
}
