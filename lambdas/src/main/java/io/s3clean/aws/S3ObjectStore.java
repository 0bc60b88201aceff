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

  /** Buckets seen versioned: a bucket once versioned never is unversioned again. */
  private final java.util.Set<String> versioned =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

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
      // HEAD has no body, so a missing key surfaces as a bare 404 rather than NoSuchKey; a
      // version that is now a delete marker (a suspended bucket's null version, deleted) answers
      // 405, and holds no bytes either
      if (e.statusCode() == 404 || e.statusCode() == 405) {
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
   * on a bucket never versioned, which is addressed as it always has been. Asked right before each
   * request until the bucket is seen versioned: an owner may turn versioning on at any moment (a
   * DELETE in the moment between the answer and the request would only add a marker, which the next
   * reconcile shows).
   */
  private String versionIdFor(String bucket, VersionedKey object) {
    if (!object.isNullVersion()) {
      return object.versionId();
    }
    if (!versioned.contains(bucket)) {
      if (s3.getBucketVersioning(r -> r.bucket(bucket)).status() == null) {
        return null;
      }
      versioned.add(bucket);
    }
    return VersionedKey.NULL_VERSION_ID;
  }
}
