package io.s3clean.localcloud.endpoint;

import io.s3clean.dynamodb.server.JsonProtocolHandler;
import io.s3clean.localcloud.usage.EndpointMetering;
import io.s3clean.localcloud.usage.UsageMeter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DynamoDB at the endpoint: the engine's protocol called in the endpoint's own thread, with the
 * headers its HTTP server sends ({@link JsonProtocolHandler.Answer#headers}). Forwarding each
 * request to the engine's port cost a second HTTP exchange; the engine's port stays open for the
 * clients that reach it directly.
 */
public final class DynamoDbFront implements ServiceHandler {
  private final JsonProtocolHandler engine;
  private final UsageMeter meter;

  /**
   * @param meter counts the capacity each request consumed, as DynamoDB bills it on demand
   */
  public DynamoDbFront(JsonProtocolHandler engine, UsageMeter meter) {
    this.engine = engine;
    this.meter = meter;
  }

  @Override
  public AwsResponse handle(AwsRequest request) {
    JsonProtocolHandler.Answer answer =
        engine.answer(
            request.method(),
            request.path(),
            request.header("x-amz-target").orElse(null),
            request.body());
    String operation = request.operation();
    UsageMeter.Payer payer = EndpointMetering.payer(request);
    meter.add("dynamodb", operation, UsageMeter.READ_UNITS, answer.consumed().readUnits(), payer);
    meter.add("dynamodb", operation, UsageMeter.WRITE_UNITS, answer.consumed().writeUnits(), payer);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    answer.headers().forEach((name, value) -> headers.put(name, List.of(value)));
    return new AwsResponse(answer.status(), headers, answer.body());
  }
}
