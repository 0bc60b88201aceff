package io.s3clean.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3clean.engines.testing.LocalS3;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;

/** Open multipart uploads of tracked keys, and the bytes their parts hold, on the S3 engine. */
class UnfinishedUploadsTest {
  @RegisterExtension static final LocalS3 s3 = new LocalS3();

  @Test
  void countsTheOpenUploadsOfTrackedKeysAndTheirPartsBytes() {
    s3.createBucket("uploads");
    String open = start("in/big.bin");
    part("in/big.bin", open, 1, 7);
    part("in/big.bin", open, 2, 3);
    String untracked = start("out/other.bin");
    part("out/other.bin", untracked, 1, 100);
    String completed = start("in/done.bin");
    part("in/done.bin", completed, 1, 4);
    s3.client()
        .completeMultipartUpload(
            r ->
                r.bucket("uploads")
                    .key("in/done.bin")
                    .uploadId(completed)
                    .multipartUpload(
                        m ->
                            m.parts(
                                p ->
                                    p.partNumber(1)
                                        .eTag(
                                            s3.client()
                                                .listParts(
                                                    l ->
                                                        l.bucket("uploads")
                                                            .key("in/done.bin")
                                                            .uploadId(completed))
                                                .parts()
                                                .get(0)
                                                .eTag()))));

    UnfinishedUploads uploads =
        UnfinishedUploads.of(s3.client(), "uploads", new TrackedKeys("in/", ""));

    assertThat(uploads).isEqualTo(new UnfinishedUploads(1, 10));
    assertThat(uploads.describe()).startsWith("1 unfinished multipart upload(s) hold 10 bytes");
    assertThat(UnfinishedUploads.of(s3.client(), "uploads", TrackedKeys.ALL).uploads())
        .isEqualTo(2);
  }

  private String start(String key) {
    return s3.client().createMultipartUpload(r -> r.bucket("uploads").key(key)).uploadId();
  }

  private void part(String key, String uploadId, int number, int size) {
    s3.client()
        .uploadPart(
            r -> r.bucket("uploads").key(key).uploadId(uploadId).partNumber(number),
            RequestBody.fromBytes(new byte[size]));
  }
}
