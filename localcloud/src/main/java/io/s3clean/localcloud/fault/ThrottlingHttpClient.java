package io.s3clean.localcloud.fault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An HTTP client in front of the DynamoDB engine that answers some first attempts the way DynamoDB
 * answers a throttled request, without sending them: HTTP 400 with {@code
 * ProvisionedThroughputExceededException}, or for a transaction, as often, a {@code
 * TransactionCanceledException} whose reasons say {@code ThrottlingError}. The SDK's own error
 * parsing and retry policy take it from there, exactly as against AWS.
 */
final class ThrottlingHttpClient implements SdkHttpClient {
  static final String THROTTLED_MESSAGE =
      "The level of configured provisioned throughput for the table was exceeded. "
          + "Consider increasing your provisioning level with the UpdateTable API.";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PREFIX = "com.amazonaws.dynamodb.v20120810#";

  private final SdkHttpClient delegate;
  private final BooleanSupplier throttleThisAttempt;
  private final Random random;

  ThrottlingHttpClient(SdkHttpClient delegate, BooleanSupplier throttleThisAttempt, Random random) {
    this.delegate = delegate;
    this.throttleThisAttempt = throttleThisAttempt;
    this.random = random;
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    // The SDK numbers its attempts in this header; only first attempts are throttled, so its retry
    // succeeds.
    boolean firstAttempt =
        request
            .httpRequest()
            .firstMatchingHeader("amz-sdk-request")
            .map(value -> value.startsWith("attempt=1;"))
            .orElse(false);
    if (!firstAttempt || !throttleThisAttempt.getAsBoolean()) {
      return delegate.prepareRequest(request);
    }
    String target = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("");
    byte[] body =
        target.endsWith(".TransactWriteItems") && random.nextBoolean()
            ? cancelledByThrottling(request)
            : error("ProvisionedThroughputExceededException", THROTTLED_MESSAGE);
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() {
        return HttpExecuteResponse.builder()
            .response(
                SdkHttpResponse.builder()
                    .statusCode(400)
                    .putHeader("Content-Type", "application/x-amz-json-1.0")
                    .putHeader("x-amzn-RequestId", UUID.randomUUID().toString())
                    .putHeader("Content-Length", Integer.toString(body.length))
                    .build())
            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
            .build();
      }

      @Override
      public void abort() {}
    };
  }

  /** DynamoDB gives one cancellation reason per item of the transaction, in order. */
  private static byte[] cancelledByThrottling(HttpExecuteRequest request) {
    int items = 1;
    if (request.contentStreamProvider().isPresent()) {
      try (InputStream in = request.contentStreamProvider().get().newStream()) {
        JsonNode transactItems = JSON.readTree(in).path("TransactItems");
        items = Math.max(1, transactItems.size());
      } catch (IOException e) {
        // one reason then; the SDK does not count them
      }
    }
    ObjectNode root = JSON.createObjectNode();
    root.put("__type", PREFIX + "TransactionCanceledException");
    StringBuilder codes = new StringBuilder("ThrottlingError");
    ArrayNode reasons = root.putArray("CancellationReasons");
    reasons.addObject().put("Code", "ThrottlingError").put("Message", "Throttling on the table");
    for (int i = 1; i < items; i++) {
      reasons.addObject().put("Code", "None");
      codes.append(", None");
    }
    root.put(
        "Message",
        "Transaction cancelled, please refer cancellation reasons for specific reasons ["
            + codes
            + "]");
    return root.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] error(String type, String message) {
    ObjectNode root = JSON.createObjectNode();
    root.put("__type", PREFIX + type);
    root.put("message", message);
    return root.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String clientName() {
    return delegate.clientName();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
