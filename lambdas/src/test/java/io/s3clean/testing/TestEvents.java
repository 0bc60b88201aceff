package io.s3clean.testing;

import io.s3clean.event.ObjectEvent;
import io.s3clean.event.S3EventMessages;
import io.s3clean.event.Sequencer;
import java.time.Instant;

/** Object events and their queue bodies, as AWS shapes them, for tests and benchmarks. */
public final class TestEvents {
  public static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  public static final String TOPIC = "arn:aws:sns:us-east-1:000000000000:s3clean-events";

  private TestEvents() {}

  /** A creation whose sequencer and event time both grow with {@code order}. */
  public static ObjectEvent put(String bucket, String key, long size, long order) {
    return new ObjectEvent(
        bucket,
        key,
        ObjectEvent.Kind.CREATED,
        "ObjectCreated:Put",
        size,
        sequencer(order),
        T0.plusMillis(order));
  }

  public static ObjectEvent delete(String bucket, String key, long order) {
    return new ObjectEvent(
        bucket,
        key,
        ObjectEvent.Kind.REMOVED,
        "ObjectRemoved:Delete",
        0,
        sequencer(order),
        T0.plusMillis(order));
  }

  /**
   * S3-like sequencers: hex, of varying length, ordered by {@code order} once padded on the right.
   */
  public static Sequencer sequencer(long order) {
    return Sequencer.parse(String.format("00%014X", order));
  }

  /**
   * The SQS body for an event: the S3 event inside an SNS envelope, as the stack's queues receive
   * it.
   */
  public static String snsBody(ObjectEvent event) {
    return S3EventMessages.snsEnvelope(
        TOPIC, "Amazon S3 Notification", rawBody(event), event.eventTime());
  }

  /** The S3 event alone, as with raw message delivery. */
  public static String rawBody(ObjectEvent event) {
    boolean created = event.kind() == ObjectEvent.Kind.CREATED;
    return S3EventMessages.s3Event(
        new S3EventMessages.Change(
            "us-east-1",
            event.bucket(),
            event.key(),
            event.eventName(),
            created ? event.size() : null,
            created ? "0123456789abcdef" : null,
            event.sequencer().normalized().replaceAll("0+$", ""),
            event.eventTime(),
            event.versionId()));
  }

  /** {@code event} as a versioned bucket raises it: of version {@code versionId}. */
  public static ObjectEvent ofVersion(ObjectEvent event, String versionId) {
    return new ObjectEvent(
        event.bucket(),
        event.key(),
        event.kind(),
        event.eventName(),
        event.size(),
        event.sequencer(),
        event.eventTime(),
        versionId);
  }

  /**
   * A DELETE without a version id on a versioned bucket: S3 adds the marker {@code markerId}
   * ({@code "null"} on a suspended bucket, where it replaces the null version).
   */
  public static ObjectEvent deleteMarker(String bucket, String key, String markerId, long order) {
    return new ObjectEvent(
        bucket,
        key,
        ObjectEvent.Kind.REMOVED,
        "ObjectRemoved:DeleteMarkerCreated",
        0,
        sequencer(order),
        T0.plusMillis(order),
        markerId);
  }
}
