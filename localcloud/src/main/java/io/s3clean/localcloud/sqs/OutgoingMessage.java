package io.s3clean.localcloud.sqs;

import java.util.Map;

/**
 * A message to send.
 *
 * @param delaySeconds null for the queue's DelaySeconds
 * @param traceHeader the AWSTraceHeader system attribute, or null
 */
public record OutgoingMessage(
    String body,
    Integer delaySeconds,
    Map<String, MessageAttribute> attributes,
    String traceHeader) {
  public OutgoingMessage {
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
  }

  public static OutgoingMessage of(String body) {
    return new OutgoingMessage(body, null, Map.of(), null);
  }
}
