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
            String bucket, String key, long size, String eTag, S3EventName eventName) {}

        @Override
        public void onObjectRemoved(String bucket, String key, S3EventName eventName) {}
      };

  /**
   * An object was written (put, copy or completed multipart upload).
   *
   * @param eTag without the surrounding quotes, as in an S3 event record
   */
  void onObjectCreated(String bucket, String key, long size, String eTag, S3EventName eventName);

  /** An object was deleted, alone or as part of a multi-object delete. S3 gives no size here. */
  void onObjectRemoved(String bucket, String key, S3EventName eventName);
}
