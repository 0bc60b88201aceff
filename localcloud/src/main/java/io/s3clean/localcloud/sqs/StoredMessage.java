package io.s3clean.localcloud.sqs;

import java.util.Map;

/**
 * A message in a queue; its delivery state changes only under the engine's lock. {@code version}
 * counts those changes, so an entry of the queue's visibility schedule that an older state left
 * behind is known stale and skipped.
 */
final class StoredMessage {
  final String id;
  final String body;
  final Map<String, MessageAttribute> attributes;
  final String traceHeader;
  final long sentMillis;
  final String senderId;
  final String deadLetterSourceArn;
  final String md5OfBody;
  final String md5OfAttributes;
  int receiveCount;
  long firstReceiveMillis;
  long visibleAtMillis;
  long version;
  boolean gone;

  StoredMessage(
      String id,
      String body,
      Map<String, MessageAttribute> attributes,
      String traceHeader,
      long sentMillis,
      String senderId,
      String deadLetterSourceArn) {
    this.id = id;
    this.body = body;
    this.attributes = Map.copyOf(attributes);
    this.traceHeader = traceHeader;
    this.sentMillis = sentMillis;
    this.senderId = senderId;
    this.deadLetterSourceArn = deadLetterSourceArn;
    this.md5OfBody = AttributeDigest.ofBody(body);
    this.md5OfAttributes = AttributeDigest.ofAttributes(attributes);
  }

  /** A message SQS holds back: never received, and its delay not yet over. */
  boolean delayedAt(long nowMillis) {
    return receiveCount == 0 && visibleAtMillis > nowMillis;
  }

  /** Received and its visibility timeout still running. */
  boolean inFlightAt(long nowMillis) {
    return receiveCount > 0 && visibleAtMillis > nowMillis;
  }
}
