package io.s3clean.event;

import java.time.Instant;
import java.util.Objects;

/**
 * One S3 object change, decoded from its envelopes.
 *
 * @param key the object key, URL-decoded
 * @param eventName S3's name without the {@code s3:} prefix, e.g. {@code ObjectCreated:Put}
 * @param size the new size for a creation; 0 for a removal, whose size S3 does not send
 * @param versionId the version the event created or removed (for a delete marker, the marker's
 *     own); null for an unversioned bucket's object and for a key's null version, which S3's events
 *     spell {@code "null"}
 */
public record ObjectEvent(
    String bucket,
    String key,
    Kind kind,
    String eventName,
    long size,
    Sequencer sequencer,
    Instant eventTime,
    String versionId) {

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
    versionId = new VersionedKey(key, versionId).versionId();
  }

  /** An event of an unversioned bucket. */
  public ObjectEvent(
      String bucket,
      String key,
      Kind kind,
      String eventName,
      long size,
      Sequencer sequencer,
      Instant eventTime) {
    this(bucket, key, kind, eventName, size, sequencer, eventTime, null);
  }

  /**
   * What the event changed. A delete marker names itself: removing what never held bytes changes no
   * total, except the null marker of a suspended bucket, which replaces (and so removes) the key's
   * null version, as S3 does.
   */
  public VersionedKey versionedKey() {
    return new VersionedKey(key, versionId);
  }

  /**
   * Identifies this event across redeliveries: S3 gives each change of a key its own sequencer; a
   * repair's may share one across a key's versions, so a version's event names its version too.
   */
  public String eventKey() {
    return eventKey(key, sequencer.normalized(), versionId);
  }

  /**
   * @param versionId null for the null version (an unversioned bucket's object)
   */
  public static String eventKey(String key, String normalizedSequencer, String versionId) {
    return key + "#" + normalizedSequencer + (versionId == null ? "" : "#" + versionId);
  }
}
