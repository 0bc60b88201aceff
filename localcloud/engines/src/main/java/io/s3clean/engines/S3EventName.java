package io.s3clean.engines;

/**
 * The S3 event names an emulated bucket can raise, spelled as AWS spells them in {@code eventName}.
 */
public enum S3EventName {
  PUT("ObjectCreated:Put"),
  COPY("ObjectCreated:Copy"),
  COMPLETE_MULTIPART_UPLOAD("ObjectCreated:CompleteMultipartUpload"),
  DELETE("ObjectRemoved:Delete"),
  DELETE_MARKER_CREATED("ObjectRemoved:DeleteMarkerCreated"),
  /** A lifecycle rule deleted an object, a version or a delete marker for good. */
  LIFECYCLE_EXPIRATION_DELETE("LifecycleExpiration:Delete"),
  /** A lifecycle rule expired the current version of a versioned bucket with a delete marker. */
  LIFECYCLE_EXPIRATION_DELETE_MARKER_CREATED("LifecycleExpiration:DeleteMarkerCreated");

  private final String awsName;

  S3EventName(String awsName) {
    this.awsName = awsName;
  }

  /** The name as it appears in an S3 event record, e.g. {@code ObjectCreated:Put}. */
  public String awsName() {
    return awsName;
  }

  @Override
  public String toString() {
    return awsName;
  }
}
