package io.s3clean.aws;

import io.s3clean.cleanup.ObjectStore;
import io.s3clean.event.VersionedKey;
import java.util.OptionalLong;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The cleaner's view of the bucket, through S3 (read-after-write consistent for HEAD and DELETE).
 */
public final class S3ObjectStore implements ObjectStore {
  private final S3Client s3;

  public S3ObjectStore(S3Client s3) {
    this.s3 = s3;
  }

  @Override
  public OptionalLong sizeOf(String bucket, VersionedKey object) {
    try {
      return OptionalLong.of(
          s3.headObject(
                  r -> r.bucket(bucket).key(object.key()).versionId(versionIdFor(bucket, object)))
              .contentLength());
    } catch (NoSuchKeyException e) {
      return OptionalLong.empty();
    } catch (S3Exception e) {
      // HEAD has no body, so a missing key surfaces as a bare 404 rather than NoSuchKey.
      if (e.statusCode() == 404) {
        return OptionalLong.empty();
      }
      throw e;
    }
  }

  @Override
  public void delete(String bucket, VersionedKey object) {
    s3.deleteObject(
        r -> r.bucket(bucket).key(object.key()).versionId(versionIdFor(bucket, object)));
  }

  /**
   * The version id a request names: a version's own; for the null version, {@code null} on a bucket
   * that is or was versioned, where a DELETE naming none would only add a delete marker, and none
   * on a bucket never versioned, which is addressed as it always has been. Asked each time: an
   * owner may turn versioning on at any moment.
   */
  private String versionIdFor(String bucket, VersionedKey object) {
    if (!object.isNullVersion()) {
      return object.versionId();
    }
    return s3.getBucketVersioning(r -> r.bucket(bucket)).status() == null
        ? null
        : VersionedKey.NULL_VERSION_ID;
  }
}
