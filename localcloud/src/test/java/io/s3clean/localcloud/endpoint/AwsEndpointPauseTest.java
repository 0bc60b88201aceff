package io.s3clean.localcloud.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * While a stack update replaces the services, requests wait for it, but not those that follow it
 * (CloudFormation) nor those the cloud's own functions make, which the update waits for.
 */
class AwsEndpointPauseTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void aPausedEndpointHoldsRequestsButAnswersCloudFormationAndTheCloudsOwnCalls() throws Exception {
    try (AwsEndpoint endpoint = new AwsEndpoint(0, Clock.systemUTC(), 1)) {
      ServiceHandler hello =
          request -> AwsResponse.of(200, "text/plain", "hello".getBytes(StandardCharsets.UTF_8));
      endpoint.serve("sns", hello).serveUnpaused("cloudformation", hello);

      CompletableFuture<HttpResponse<String>> held;
      try (AwsEndpoint.Resumption paused = endpoint.paused()) {
        held = send(endpoint.endpoint(), "sns", false);
        HttpResponse<String> followed =
            send(endpoint.endpoint(), "cloudformation", false).get(5, TimeUnit.SECONDS);
        HttpResponse<String> ownCall =
            send(endpoint.endpoint(), "sns", true).get(5, TimeUnit.SECONDS);

        assertThat(followed.body()).isEqualTo("hello");
        assertThat(ownCall.body()).isEqualTo("hello");
        Thread.sleep(300);
        assertThat(held).as("held while paused").isNotDone();
      }
      assertThat(held.get(5, TimeUnit.SECONDS).body())
          .as("answered once resumed")
          .isEqualTo("hello");
    }
  }

  private static CompletableFuture<HttpResponse<String>> send(
      URI endpoint, String service, boolean fromTheCloud) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint.resolve("/"))
            .timeout(Duration.ofSeconds(10))
            .header(
                "Authorization",
                "AWS4-HMAC-SHA256 Credential=test/20261203/us-east-1/"
                    + service
                    + "/aws4_request, SignedHeaders=host, Signature=x")
            .POST(HttpRequest.BodyPublishers.ofString("Action=Anything"));
    if (fromTheCloud) {
      request.header(AwsEndpoint.CLOUD_CALLER_HEADER, "function");
    }
    return HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
