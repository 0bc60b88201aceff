package io.s3clean.handler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The response a custom resource owes CloudFormation: a PUT of a JSON document to the request's
 * pre-signed ResponseURL, with no Content-Type (the URL is signed without one), as AWS's
 * cfn-response module sends it. CloudFormation waits for it until the resource's timeout, so a
 * failed PUT is tried again.
 */
final class CustomResourceReply {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** CloudFormation refuses a response body over 4,096 bytes; a reason is kept well below. */
  private static final int MAX_REASON = 2_000;

  private static final int ATTEMPTS = 3;

  private final HttpClient http;

  CustomResourceReply(HttpClient http) {
    this.http = http;
  }

  void success(CustomResourceRequest request, String physicalId, Map<String, String> data) {
    send(request, body(request, "SUCCESS", physicalId, "", data));
  }

  void failure(CustomResourceRequest request, String physicalId, String reason) {
    String shortReason =
        reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "..." : reason;
    send(request, body(request, "FAILED", physicalId, shortReason, Map.of()));
  }

  private static String body(
      CustomResourceRequest request,
      String status,
      String physicalId,
      String reason,
      Map<String, String> data) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("Status", status);
    if (!reason.isEmpty()) {
      body.put("Reason", reason);
    }
    body.put("PhysicalResourceId", physicalId);
    body.put("StackId", request.stackId());
    body.put("RequestId", request.requestId());
    body.put("LogicalResourceId", request.logicalResourceId());
    body.put("Data", data);
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void send(CustomResourceRequest request, String body) {
    HttpRequest put =
        HttpRequest.newBuilder(URI.create(request.responseUrl()))
            .timeout(Duration.ofSeconds(30))
            .PUT(HttpRequest.BodyPublishers.ofString(body))
            .build();
    IOException last = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        HttpResponse<String> response = http.send(put, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 == 2) {
          return;
        }
        last =
            new IOException(
                "the ResponseURL answered " + response.statusCode() + ": " + response.body());
      } catch (IOException e) {
        last = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while answering CloudFormation", e);
      }
    }
    throw new UncheckedIOException("could not answer CloudFormation", last);
  }
}
