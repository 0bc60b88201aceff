package io.s3clean.handler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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

  /** CloudFormation refuses a response body over 4,096 bytes. */
  private static final int MAX_BODY_BYTES = 4_096;

  /**
   * Three tries of at most 10 s each, a second apart, fit the function's 60 s timeout with room for
   * the work before them.
   */
  private static final int ATTEMPTS = 3;

  private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient http;

  CustomResourceReply(HttpClient http) {
    this.http = http;
  }

  void success(CustomResourceRequest request, String physicalId, Map<String, String> data) {
    send(request, body(request, "SUCCESS", physicalId, "", data));
  }

  /** A reason too long for CloudFormation is cut, by whole code points, to fit. */
  void failure(CustomResourceRequest request, String physicalId, String reason) {
    String body = body(request, "FAILED", physicalId, reason, Map.of());
    String cut = reason;
    // the other fields come from the request: when they alone are too long, nothing fits
    while (body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES && !cut.isEmpty()) {
      cut =
          cut.substring(0, cut.offsetByCodePoints(0, cut.codePointCount(0, cut.length()) * 9 / 10));
      body = body(request, "FAILED", physicalId, cut + "...", Map.of());
    }
    send(request, body);
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

  /**
   * PUTs the body, trying again after a failure to connect or a server error; a client error (an
   * expired URL) is final.
   */
  private void send(CustomResourceRequest request, String body) {
    HttpRequest put =
        HttpRequest.newBuilder(URI.create(request.responseUrl()))
            .timeout(ATTEMPT_TIMEOUT)
            .PUT(HttpRequest.BodyPublishers.ofString(body))
            .build();
    String last = "";
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        HttpResponse<String> response = http.send(put, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 == 2) {
          return;
        }
        last = "the ResponseURL answered " + response.statusCode() + ": " + response.body();
        if (response.statusCode() / 100 == 4) {
          break;
        }
      } catch (IOException e) {
        last = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while answering CloudFormation", e);
      }
      if (attempt < ATTEMPTS) {
        pause();
      }
    }
    throw new IllegalStateException("could not answer CloudFormation: " + last);
  }

  private static void pause() {
    try {
      Thread.sleep(1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while answering CloudFormation", e);
    }
  }
}
