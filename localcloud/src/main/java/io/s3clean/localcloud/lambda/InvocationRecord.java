package io.s3clean.localcloud.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s3clean.cloudwatch.alarm.DiscardedEvent;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The invocation record Lambda sends to an on-failure destination (Lambda developer guide,
 * "Capturing records of Lambda asynchronous invocations"): the request's context with the condition
 * and the number of attempts, the original event, and the function's error.
 */
public final class InvocationRecord {
  private static final ObjectMapper JSON = new ObjectMapper();

  private InvocationRecord() {}

  public static String of(DiscardedEvent event) {
    ObjectNode record = JSON.createObjectNode();
    record.put("version", "1.0");
    record.put(
        "timestamp",
        DateTimeFormatter.ISO_INSTANT.format(event.discardedAt().truncatedTo(ChronoUnit.MILLIS)));
    ObjectNode request = record.putObject("requestContext");
    request.put("requestId", UUID.randomUUID().toString());
    request.put("functionArn", event.functionArn());
    request.put("condition", event.condition());
    request.put("approximateInvokeCount", event.attempts());
    try {
      record.set("requestPayload", JSON.readTree(event.payloadJson()));
    } catch (JsonProcessingException e) {
      record.put("requestPayload", event.payloadJson());
    }
    ObjectNode response = record.putObject("responseContext");
    response.put("statusCode", 200);
    response.put("executedVersion", "$LATEST");
    response.put("functionError", "Unhandled");
    record.putObject("responsePayload").put("errorMessage", String.valueOf(event.lastError()));
    return record.toString();
  }
}
