package io.s3clean.engines;

import com.google.common.io.CountingInputStream;
import io.s3clean.engines.lifecycle.S3Lifecycle;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.CreateBucketResponse;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.DeletedObject;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.PutBucketVersioningRequest;
import software.amazon.awssdk.services.s3.model.PutBucketVersioningResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * Reports every committed object change of the wrapped store to an {@link ObjectChangeListener},
 * with the version it made or removed, and takes version {@code null} of a bucket never versioned
 * as S3 does.
 *
 * <p>It must extend S3Proxy's {@link ForwardingBlobStore}, not merely implement {@link BlobStore}:
 * S3Proxy unwraps forwarding stores to find the backend's quirks (the filesystem and transient
 * stores keep multipart metadata in stub objects, and evaluate If-None-Match themselves).
 */
final class NotifyingBlobStore extends ForwardingBlobStore implements S3Lifecycle.ExpiringStore {

  private static final Logger LOG = LoggerFactory.getLogger(NotifyingBlobStore.class);

  /** S3Proxy's bookkeeping object for a multipart upload on nio2 stores: never a user's object. */
  public static final String MULTIPART_STUB_PREFIX = ".s3proxy-mpu-stub-";

  /** How S3 spells the id of a key's null version. */
  private static final String NULL_VERSION_ID = "null";

  private final ObjectChangeListener listener;
  private final java.util.Map<String, String> statuses =
      new java.util.concurrent.ConcurrentHashMap<>();

  NotifyingBlobStore(BlobStore delegate, ObjectChangeListener listener) {
    super(delegate);
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  @Override
  public PutObjectResponse putBlob(PutObjectRequest request, InputStream payload) {
    // Counting what the store consumed gives the stored size even when the client sent no
    // Content-Length (chunked uploads), without a second look at the stored object.
    var counting = new CountingInputStream(payload);
    PutObjectResponse response = super.putBlob(request, counting);
    if (isUserObject(request.key())) {
      created(
          request.bucket(),
          request.key(),
          counting.getCount(),
          response.eTag(),
          S3EventName.PUT,
          response.versionId());
    }
    return response;
  }

  @Override
  public CopyObjectResponse copyBlob(CopyObjectRequest request) {
    CopyObjectResponse response =
        super.copyBlob(
            isNullVersionOfUnversioned(request.sourceBucket(), request.sourceVersionId())
                ? request.toBuilder().sourceVersionId(null).build()
                : request);
    String eTag = response.copyObjectResult() == null ? null : response.copyObjectResult().eTag();
    createdWithStoredSize(
        request.destinationBucket(),
        request.destinationKey(),
        eTag,
        S3EventName.COPY,
        response.versionId());
    return response;
  }

  @Override
  public CompleteMultipartUploadResponse completeMultipartUpload(
      MultipartUpload upload, CompleteMultipartUploadRequest request) {
    CompleteMultipartUploadResponse response = super.completeMultipartUpload(upload, request);
    createdWithStoredSize(
        upload.containerName(),
        upload.blobName(),
        response.eTag(),
        S3EventName.COMPLETE_MULTIPART_UPLOAD,
        response.versionId());
    return response;
  }

  @Override
  public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
    return super.getBlob(
        isNullVersionOfUnversioned(request.bucket(), request.versionId())
            ? request.toBuilder().versionId(null).build()
            : request);
  }

  @Override
  public HeadObjectResponse blobMetadata(HeadObjectRequest request) {
    return super.blobMetadata(
        isNullVersionOfUnversioned(request.bucket(), request.versionId())
            ? request.toBuilder().versionId(null).build()
            : request);
  }

  @Override
  public DeleteObjectResponse removeBlob(DeleteObjectRequest request) {
    DeleteObjectRequest asked =
        isNullVersionOfUnversioned(request.bucket(), request.versionId())
            ? request.toBuilder().versionId(null).build()
            : request;
    DeleteObjectResponse response = super.removeBlob(asked);
    if (isUserObject(request.key())) {
      removed(
          request.bucket(),
          request.key(),
          asked.versionId(),
          Boolean.TRUE.equals(response.deleteMarker()),
          response.versionId(),
          false);
    }
    return response;
  }

  /**
   * ForwardingBlobStore leaves this to BlobStore's default, which would call our {@link
   * #removeBlob} per key; forwarding it explicitly and reporting what the response says was deleted
   * keeps one report per key even if the backend deletes in bulk.
   */
  @Override
  public DeleteObjectsResponse removeBlobs(DeleteObjectsRequest request) {
    DeleteObjectsRequest asked = request;
    if (versioningStatus(request.bucket()) == null) {
      asked =
          request.toBuilder()
              .delete(
                  request.delete().toBuilder()
                      .objects(
                          request.delete().objects().stream()
                              .map(
                                  object ->
                                      NULL_VERSION_ID.equals(object.versionId())
                                          ? object.toBuilder().versionId(null).build()
                                          : object)
                              .toList())
                      .build())
              .build();
    }
    DeleteObjectsResponse response = delegate().removeBlobs(asked);
    for (DeletedObject deleted : response.deleted()) {
      if (isUserObject(deleted.key())) {
        removed(
            request.bucket(),
            deleted.key(),
            deleted.versionId(),
            Boolean.TRUE.equals(deleted.deleteMarker()),
            deleted.deleteMarkerVersionId(),
            false);
      }
    }
    return response;
  }

  @Override
  public boolean bucketExists(String bucket) {
    try {
      delegate().headBucket(HeadBucketRequest.builder().bucket(bucket).build());
      return true;
    } catch (NoSuchBucketException e) {
      return false;
    }
  }

  @Override
  public List<S3Lifecycle.StoredVersion> versions(String bucket) {
    List<S3Lifecycle.StoredVersion> all = new ArrayList<>();
    ListObjectVersionsRequest request = ListObjectVersionsRequest.builder().bucket(bucket).build();
    while (true) {
      ListObjectVersionsResponse page = delegate().listVersions(request);
      for (ObjectVersion version : page.versions()) {
        all.add(
            new S3Lifecycle.StoredVersion(
                version.key(),
                version.versionId(),
                false,
                Boolean.TRUE.equals(version.isLatest()),
                version.size(),
                version.lastModified()));
      }
      for (DeleteMarkerEntry marker : page.deleteMarkers()) {
        all.add(
            new S3Lifecycle.StoredVersion(
                marker.key(),
                marker.versionId(),
                true,
                Boolean.TRUE.equals(marker.isLatest()),
                0,
                marker.lastModified()));
      }
      if (!Boolean.TRUE.equals(page.isTruncated())) {
        return all;
      }
      request =
          request.toBuilder()
              .keyMarker(page.nextKeyMarker())
              .versionIdMarker(page.nextVersionIdMarker())
              .build();
    }
  }

  @Override
  public void expire(String bucket, String key, String versionId) {
    DeleteObjectRequest request =
        DeleteObjectRequest.builder().bucket(bucket).key(key).versionId(versionId).build();
    DeleteObjectRequest asked =
        isNullVersionOfUnversioned(bucket, versionId)
            ? request.toBuilder().versionId(null).build()
            : request;
    DeleteObjectResponse response = super.removeBlob(asked);
    removed(
        bucket,
        key,
        asked.versionId(),
        Boolean.TRUE.equals(response.deleteMarker()),
        response.versionId(),
        true);
  }

  /**
   * S3 takes version {@code null} of a bucket never versioned as its one version of each object;
   * S3Proxy refuses any version id there.
   */
  private boolean isNullVersionOfUnversioned(String bucket, String versionId) {
    return NULL_VERSION_ID.equals(versionId) && versioningStatus(bucket) == null;
  }

  /**
   * Enabled or Suspended, or null for a bucket never versioned. Every event asks, so the answer is
   * kept per bucket ("" for never) until versioning is set or the bucket deleted or made again.
   */
  private String versioningStatus(String bucket) {
    String status =
        statuses.computeIfAbsent(
            bucket,
            b -> {
              String read =
                  delegate()
                      .getBucketVersioning(GetBucketVersioningRequest.builder().bucket(b).build())
                      .statusAsString();
              return read == null ? "" : read;
            });
    return status.isEmpty() ? null : status;
  }

  @Override
  public PutBucketVersioningResponse putBucketVersioning(PutBucketVersioningRequest request) {
    PutBucketVersioningResponse response = super.putBucketVersioning(request);
    // a put, not a removal: an answer read meanwhile by another thread cannot outlive it
    statuses.put(request.bucket(), request.versioningConfiguration().statusAsString());
    return response;
  }

  @Override
  public CreateBucketResponse createContainer(CreateBucketRequest request) {
    statuses.remove(request.bucket());
    return super.createContainer(request);
  }

  @Override
  public void deleteBucket(String bucket) {
    super.deleteBucket(bucket);
    statuses.remove(bucket);
  }

  @Override
  public void deleteContainer(String bucket) {
    super.deleteContainer(bucket);
    statuses.remove(bucket);
  }

  /**
   * The version id an event carries, as S3 writes it: none on a bucket never versioned, {@code
   * "null"} for the null version of one that is or was.
   */
  private String eventVersionId(String bucket, String versionId) {
    if (versionId != null) {
      return versionId;
    }
    return versioningStatus(bucket) == null ? null : NULL_VERSION_ID;
  }

  private void createdWithStoredSize(
      String bucket, String key, String eTag, S3EventName eventName, String versionId) {
    // Copy and multipart completion report no size; the store's metadata of the version they made
    // has it. On a bucket never versioned a concurrent write of the same key could slip in
    // between: acceptable for an emulator, where S3 promises nothing about notification order.
    long size =
        delegate()
            .blobMetadata(
                HeadObjectRequest.builder().bucket(bucket).key(key).versionId(versionId).build())
            .contentLength();
    created(bucket, key, size, eTag, eventName, versionId);
  }

  private void created(
      String bucket, String key, long size, String eTag, S3EventName eventName, String versionId) {
    try {
      listener.onObjectCreated(
          bucket, key, size, unquote(eTag), eventName, eventVersionId(bucket, versionId));
    } catch (RuntimeException e) {
      LOG.warn("Object change listener failed on {} {}/{}", eventName, bucket, key, e);
    }
  }

  /**
   * A delete that named a version removed that version (a marker's too); one that named none either
   * added a delete marker, which the event names, or (on a bucket never versioned) removed the
   * object.
   *
   * @param askedVersion the version the request named, null for none
   * @param markerVersion the marker's id when {@code markerCreated}
   * @param byLifecycle reported with lifecycle's event names, as S3 does for its expirations
   */
  private void removed(
      String bucket,
      String key,
      String askedVersion,
      boolean markerCreated,
      String markerVersion,
      boolean byLifecycle) {
    boolean marker = askedVersion == null && markerCreated;
    S3EventName eventName =
        byLifecycle
            ? (marker
                ? S3EventName.LIFECYCLE_EXPIRATION_DELETE_MARKER_CREATED
                : S3EventName.LIFECYCLE_EXPIRATION_DELETE)
            : (marker ? S3EventName.DELETE_MARKER_CREATED : S3EventName.DELETE);
    String versionId = eventVersionId(bucket, marker ? markerVersion : askedVersion);
    try {
      listener.onObjectRemoved(bucket, key, eventName, versionId);
    } catch (RuntimeException e) {
      LOG.warn("Object change listener failed on {} {}/{}", eventName, bucket, key, e);
    }
  }

  private static boolean isUserObject(String key) {
    return !key.startsWith(MULTIPART_STUB_PREFIX);
  }

  /** S3 event records carry the ETag bare; HTTP headers quote it. */
  public static String unquote(String eTag) {
    if (eTag != null && eTag.length() >= 2 && eTag.startsWith("\"") && eTag.endsWith("\"")) {
      return eTag.substring(1, eTag.length() - 1);
    }
    return eTag;
  }
}
