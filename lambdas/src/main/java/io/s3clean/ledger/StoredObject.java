package io.s3clean.ledger;

import io.s3clean.event.Sequencer;
import io.s3clean.event.VersionedKey;
import java.time.Instant;

/**
 * The ledger's view of one key's version (its null version for an unversioned bucket) after the
 * newest event applied to it. A removed object stays as a tombstone carrying its sequencer, so that
 * an older creation delivered late cannot bring it back.
 *
 * @param size the live size, or for a tombstone the size the removal took away
 * @param previousSize the size before the newest event (0 when the object did not exist), which
 *     lets the event logger report a delta exactly, whatever order the two consumers run in
 * @param versionId null for the key's null version
 */
public record StoredObject(
    String bucket,
    String key,
    boolean live,
    long size,
    long previousSize,
    Sequencer sequencer,
    String eventName,
    Instant lastModified,
    String versionId) {

  /** A key's null version: an unversioned bucket's object. */
  public StoredObject(
      String bucket,
      String key,
      boolean live,
      long size,
      long previousSize,
      Sequencer sequencer,
      String eventName,
      Instant lastModified) {
    this(bucket, key, live, size, previousSize, sequencer, eventName, lastModified, null);
  }

  public long liveSize() {
    return live ? size : 0;
  }

  public VersionedKey versionedKey() {
    return new VersionedKey(key, versionId);
  }
}
