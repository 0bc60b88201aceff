package io.s3clean.localcloud.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.s3clean.engines.ObjectChangeListener;
import io.s3clean.engines.S3EventName;
import io.s3clean.localcloud.emulator.RecordingListener.Change;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

/** What the emulated S3 reports through its hook when a plain SDK client changes objects. */
class ObjectChangeListenerTest {

  private static final RecordingListener LISTENER = new RecordingListener();

  /** Fails on its first call only: the put it fails must still succeed for the client. */
  private static final AtomicInteger FAILURES_LEFT = new AtomicInteger();

  private static Emulators emulators;
  private static S3Client s3;

  @BeforeAll
  static void startEmulators() {
    ObjectChangeListener sometimesFailing =
        new ObjectChangeListener() {
          @Override
          public void onObjectCreated(
              String bucket,
              String key,
              long size,
              String eTag,
              S3EventName eventName,
              String versionId) {
            LISTENER.onObjectCreated(bucket, key, size, eTag, eventName, versionId);
            if (FAILURES_LEFT.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
              throw new IllegalStateException("listener failure on purpose");
            }
          }

          @Override
          public void onObjectRemoved(
              String bucket, String key, S3EventName eventName, String versionId) {
            LISTENER.onObjectRemoved(bucket, key, eventName, versionId);
          }
        };
    emulators =
        Emulators.start(EmulatorConfig.inMemory().withObjectChangeListener(sometimesFailing));
    s3 = LocalClients.of(emulators.endpoints()).s3();
  }

  @AfterAll
  static void stopEmulators() {
    s3.close();
    emulators.close();
  }

  @Test
  void aPutReportsObjectCreatedPutWithTheStoredSizeAndTheBareETag() {
    // given
    s3.createBucket(create -> create.bucket("put"));

    // when
    String eTag =
        s3.putObject(put -> put.bucket("put").key("a b/é.txt"), RequestBody.fromString("12345"))
            .eTag();

    // then
    assertThat(LISTENER.changesIn("put"))
        .containsExactly(
            new Change(S3EventName.PUT, "put", "a b/é.txt", 5L, eTag.replace("\"", "")));
    assertThat(eTag).startsWith("\"");
  }

  @Test
  void aPutWithTheSdksDefaultChunkedSigningReportsThePayloadSizeNotTheBytesOnTheWire() {
    // given: an S3 client left at the SDK's defaults but for path-style addressing
    s3.createBucket(create -> create.bucket("chunked"));
    byte[] payload = new byte[100_000];
    try (S3Client defaults =
        S3Client.builder()
            .endpointOverride(emulators.s3Endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(LocalClients.CREDENTIALS)
            .httpClientBuilder(ApacheHttpClient.builder())
            .forcePathStyle(true)
            .build()) {

      // when
      defaults.putObject(
          put -> put.bucket("chunked").key("signed"), RequestBody.fromBytes(payload));
    }

    // then
    assertThat(LISTENER.changesIn("chunked")).extracting(Change::size).containsExactly(100_000L);
  }

  @Test
  void aCopyReportsObjectCreatedCopyForTheDestinationWithTheSourceSize() {
    // given
    s3.createBucket(create -> create.bucket("copy"));
    s3.putObject(put -> put.bucket("copy").key("source"), RequestBody.fromBytes(new byte[1234]));

    // when
    s3.copyObject(
        copy ->
            copy.sourceBucket("copy")
                .sourceKey("source")
                .destinationBucket("copy")
                .destinationKey("target"));

    // then
    assertThat(LISTENER.changesIn("copy"))
        .extracting(Change::eventName, Change::key, Change::size)
        .containsExactly(
            tuple(S3EventName.PUT, "source", 1234L), tuple(S3EventName.COPY, "target", 1234L));
  }

  @Test
  void aDeleteReportsObjectRemovedDeleteWithoutASize() {
    // given
    s3.createBucket(create -> create.bucket("delete"));
    s3.putObject(put -> put.bucket("delete").key("gone"), RequestBody.fromString("x"));

    // when
    s3.deleteObject(delete -> delete.bucket("delete").key("gone"));

    // then
    assertThat(LISTENER.changesIn("delete"))
        .last()
        .isEqualTo(new Change(S3EventName.DELETE, "delete", "gone", null, null));
  }

  @Test
  void aMultiObjectDeleteReportsEveryDeletedKeyOnce() {
    // given
    s3.createBucket(create -> create.bucket("multi"));
    List<String> keys = List.of("k1", "k2", "k3");
    keys.forEach(
        key -> s3.putObject(put -> put.bucket("multi").key(key), RequestBody.fromString(key)));

    // when
    s3.deleteObjects(
        delete ->
            delete
                .bucket("multi")
                .delete(
                    d ->
                        d.objects(
                            keys.stream()
                                .map(key -> ObjectIdentifier.builder().key(key).build())
                                .toList())));

    // then
    assertThat(LISTENER.changesIn("multi"))
        .filteredOn(change -> change.eventName() == S3EventName.DELETE)
        .extracting(Change::key)
        .containsExactlyInAnyOrderElementsOf(keys);
  }

  @Test
  void aMultipartUploadReportsOneCompletedObjectWithTheTotalSizeAndNoBookkeepingObjects() {
    // given
    s3.createBucket(create -> create.bucket("multipart"));
    String uploadId =
        s3.createMultipartUpload(create -> create.bucket("multipart").key("big")).uploadId();
    int partSize = 5 * 1024 * 1024;
    List<CompletedPart> parts = new ArrayList<>();
    for (int number = 1; number <= 2; number++) {
      int partNumber = number;
      byte[] body = new byte[partNumber == 1 ? partSize : 10];
      String eTag =
          s3.uploadPart(
                  part ->
                      part.bucket("multipart").key("big").uploadId(uploadId).partNumber(partNumber),
                  RequestBody.fromBytes(body))
              .eTag();
      parts.add(CompletedPart.builder().partNumber(partNumber).eTag(eTag).build());
    }

    // when
    s3.completeMultipartUpload(
        complete ->
            complete
                .bucket("multipart")
                .key("big")
                .uploadId(uploadId)
                .multipartUpload(upload -> upload.parts(parts)));

    // then
    assertThat(LISTENER.changesIn("multipart"))
        .extracting(Change::eventName, Change::key, Change::size)
        .containsExactly(tuple(S3EventName.COMPLETE_MULTIPART_UPLOAD, "big", partSize + 10L));
  }

  @Test
  void aListenerThatThrowsDoesNotFailTheRequestThatStoredTheObject() {
    // given
    s3.createBucket(create -> create.bucket("failing"));
    FAILURES_LEFT.set(1);

    // when
    s3.putObject(put -> put.bucket("failing").key("kept"), RequestBody.fromString("x"));

    // then
    assertThat(s3.headObject(head -> head.bucket("failing").key("kept")).contentLength())
        .isEqualTo(1);
    assertThat(LISTENER.changesIn("failing")).extracting(Change::key).containsExactly("kept");
  }
}
