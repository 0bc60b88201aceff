package io.s3clean.reconcile;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.Part;

/**
 * The multipart uploads of tracked keys that were started and neither completed nor aborted: S3
 * bills the parts they hold, and raises no event for them, so the ledger cannot count them.
 *
 * @param uploads how many are open
 * @param bytes the sum of their uploaded parts' sizes
 */
public record UnfinishedUploads(long uploads, long bytes) {

  /** ListMultipartUploads, then ListParts of each, every page of both. */
  public static UnfinishedUploads of(S3Client s3, String bucket, TrackedKeys tracked) {
    long uploads = 0;
    long bytes = 0;
    for (MultipartUpload upload :
        s3.listMultipartUploadsPaginator(r -> r.bucket(bucket).prefix(tracked.prefix()))
            .uploads()) {
      if (!tracked.tracks(upload.key())) {
        continue;
      }
      uploads++;
      for (Part part :
          s3.listPartsPaginator(r -> r.bucket(bucket).key(upload.key()).uploadId(upload.uploadId()))
              .parts()) {
        bytes = Math.addExact(bytes, part.size());
      }
    }
    return new UnfinishedUploads(uploads, bytes);
  }

  /** How an operator reads it, or empty when there is none. */
  public String describe() {
    if (uploads == 0) {
      return "";
    }
    return uploads
        + " unfinished multipart upload(s) hold "
        + bytes
        + " bytes that S3 bills; they raise no event, so the ledger does not count them"
        + " (the stack's lifecycle rule aborts them after 7 days)";
  }
}
