package io.s3clean.event;

import java.time.Instant;
import java.util.Objects;

/**
 * One S3 object change, decoded from its envelopes.
 *
 * @param key the object key, URL-decoded
 * @param eventName S3's name without the {@code s3:} prefix, e.g. {@code ObjectCreated:Put}
 * @param size the new size for a creation; 0 for a removal, whose size S3 does not send
 */
public record ObjectEvent(
    String bucket,
    String key,
    Kind kind,
    String eventName,
    long size,
    Sequencer sequencer,
    Instant eventTime) {

  public enum Kind {
    CREATED,
    REMOVED
  }

  public ObjectEvent {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(eventName, "eventName");
    Objects.requireNonNull(sequencer, "sequencer");
    Objects.requireNonNull(eventTime, "eventTime");
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative: " + size);
    }
  }

  /** Identifies this event across redeliveries: S3 gives each change of a key its own sequencer. */
  public String eventKey() {
    return key + "#" + sequencer;
  }
}
