package io.s3clean.localcloud.endpoint;

import io.s3clean.dynamodb.server.JsonProtocolHandler;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * DynamoDB at the endpoint: the engine's protocol called in the endpoint's own thread, with the
 * headers its HTTP server would send ({@code x-amz-crc32}, which the SDKs check, and a request id).
 * Forwarding each request to the engine's port cost a second HTTP exchange; the engine's port
 * stays open for the clients that reach it directly.
 */
public final class DynamoDbFront implements ServiceHandler {
  private final JsonProtocolHandler engine;

  public DynamoDbFront(JsonProtocolHandler engine) {
    this.engine = engine;
  }

  @Override
  public AwsResponse handle(AwsRequest request) {
    JsonProtocolHandler.Answer answer = engine.answer(request.method(), request.path(),
        request.header("x-amz-target").orElse(null), request.body());
    return new AwsResponse(answer.status(), Map.of(
        "Content-Type", List.of(answer.contentType()),
        "x-amz-crc32", List.of(Long.toString(answer.crc32())),
        "x-amzn-RequestId", List.of(UUID.randomUUID().toString())), answer.body());
  }
}
