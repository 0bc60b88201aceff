package io.s3clean.engines;

import com.google.common.io.CountingInputStream;
import java.io.InputStream;
import java.util.Objects;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.DeletedObject;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * Reports every committed object change of the wrapped store to an {@link ObjectChangeListener}.
 *
 * <p>It must extend S3Proxy's {@link ForwardingBlobStore}, not merely implement {@link BlobStore}:
 * S3Proxy unwraps forwarding stores to find the backend's quirks (the filesystem and transient
 * stores keep multipart metadata in stub objects, and evaluate If-None-Match themselves).
 */
final class NotifyingBlobStore extends ForwardingBlobStore {

  private static final Logger LOG = LoggerFactory.getLogger(NotifyingBlobStore.class);

  /** S3Proxy's bookkeeping object for a multipart upload on nio2 stores: never a user's object. */
  public static final String MULTIPART_STUB_PREFIX = ".s3proxy-mpu-stub-";

  private final ObjectChangeListener listener;

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
          request.bucket(), request.key(), counting.getCount(), response.eTag(), S3EventName.PUT);
    }
    return response;
  }

  @Override
  public CopyObjectResponse copyBlob(CopyObjectRequest request) {
    CopyObjectResponse response = super.copyBlob(request);
    String eTag = response.copyObjectResult() == null ? null : response.copyObjectResult().eTag();
    createdWithStoredSize(
        request.destinationBucket(), request.destinationKey(), eTag, S3EventName.COPY);
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
        S3EventName.COMPLETE_MULTIPART_UPLOAD);
    return response;
  }

  @Override
  public DeleteObjectResponse removeBlob(DeleteObjectRequest request) {
    DeleteObjectResponse response = super.removeBlob(request);
    if (isUserObject(request.key())) {
      removed(request.bucket(), request.key(), Boolean.TRUE.equals(response.deleteMarker()));
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
    DeleteObjectsResponse response = delegate().removeBlobs(request);
    for (DeletedObject deleted : response.deleted()) {
      if (isUserObject(deleted.key())) {
        removed(request.bucket(), deleted.key(), Boolean.TRUE.equals(deleted.deleteMarker()));
      }
    }
    return response;
  }

  private void createdWithStoredSize(
      String bucket, String key, String eTag, S3EventName eventName) {
    // Copy and multipart completion report no size; the store's metadata has it. A concurrent
    // write of the same key could slip in between: acceptable for an emulator, where S3 itself
    // promises nothing about the order of notifications.
    long size = delegate().blobMetadata(bucket, key).contentLength();
    created(bucket, key, size, eTag, eventName);
  }

  private void created(String bucket, String key, long size, String eTag, S3EventName eventName) {
    try {
      listener.onObjectCreated(bucket, key, size, unquote(eTag), eventName);
    } catch (RuntimeException e) {
      LOG.warn("Object change listener failed on {} {}/{}", eventName, bucket, key, e);
    }
  }

  private void removed(String bucket, String key, boolean deleteMarker) {
    S3EventName eventName = deleteMarker ? S3EventName.DELETE_MARKER_CREATED : S3EventName.DELETE;
    try {
      listener.onObjectRemoved(bucket, key, eventName);
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
