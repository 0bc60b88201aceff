package io.s3clean.localcloud.emulator;

import io.s3clean.engines.ObjectChangeListener;
import io.s3clean.engines.S3EventName;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Remembers every object change it is told about, in order. */
final class RecordingListener implements ObjectChangeListener {

  /**
   * One notification; {@code size} and {@code eTag} are null for removals, {@code versionId} on a
   * bucket never versioned.
   */
  record Change(
      S3EventName eventName, String bucket, String key, Long size, String eTag, String versionId) {
    /** A change of a bucket never versioned. */
    Change(S3EventName eventName, String bucket, String key, Long size, String eTag) {
      this(eventName, bucket, key, size, eTag, null);
    }
  }

  private final List<Change> changes = new CopyOnWriteArrayList<>();

  @Override
  public void onObjectCreated(
      String bucket, String key, long size, String eTag, S3EventName eventName, String versionId) {
    changes.add(new Change(eventName, bucket, key, size, eTag, versionId));
  }

  @Override
  public void onObjectRemoved(String bucket, String key, S3EventName eventName, String versionId) {
    changes.add(new Change(eventName, bucket, key, null, null, versionId));
  }

  List<Change> changesIn(String bucket) {
    return changes.stream().filter(change -> change.bucket().equals(bucket)).toList();
  }
}
