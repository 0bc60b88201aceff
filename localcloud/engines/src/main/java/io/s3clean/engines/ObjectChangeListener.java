package io.s3clean.engines;

/**
 * Told about every object change the emulated S3 has committed: the hook where S3 event
 * notifications are raised. Called on the request thread after the change is stored and before the
 * client sees the response; a listener that throws is logged, never fails the request, because on
 * AWS a stored object stays stored whatever happens to its notification.
 */
public interface ObjectChangeListener {

  ObjectChangeListener NONE =
      new ObjectChangeListener() {
        @Override
        public void onObjectCreated(
            String bucket,
            String key,
            long size,
            String eTag,
            S3EventName eventName,
            String versionId) {}

        @Override
        public void onObjectRemoved(
            String bucket, String key, S3EventName eventName, String versionId) {}
      };

  /**
   * An object was written (put, copy or completed multipart upload).
   *
   * @param eTag without the surrounding quotes, as in an S3 event record
   * @param versionId as S3's event gives it: the new version's id on a bucket that is or was
   *     versioned ({@code "null"} while versioning is suspended), null on one never versioned
   */
  void onObjectCreated(
      String bucket, String key, long size, String eTag, S3EventName eventName, String versionId);

  /**
   * An object was deleted, alone or as part of a multi-object delete. S3 gives no size here.
   *
   * @param versionId the version deleted, or for {@link S3EventName#DELETE_MARKER_CREATED} the new
   *     marker's ({@code "null"} while versioning is suspended); null on a bucket never versioned
   */
  void onObjectRemoved(String bucket, String key, S3EventName eventName, String versionId);
}
