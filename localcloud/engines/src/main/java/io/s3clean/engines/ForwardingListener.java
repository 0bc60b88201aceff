package io.s3clean.engines;

/** Lets the emulators start before the listener they feed exists: changes go wherever it points. */
public final class ForwardingListener implements ObjectChangeListener {
  private volatile ObjectChangeListener delegate = ObjectChangeListener.NONE;

  public void forwardTo(ObjectChangeListener target) {
    this.delegate = target;
  }

  @Override
  public void onObjectCreated(
      String bucket, String key, long size, String eTag, S3EventName eventName, String versionId) {
    delegate.onObjectCreated(bucket, key, size, eTag, eventName, versionId);
  }

  @Override
  public void onObjectRemoved(String bucket, String key, S3EventName eventName, String versionId) {
    delegate.onObjectRemoved(bucket, key, eventName, versionId);
  }
}
