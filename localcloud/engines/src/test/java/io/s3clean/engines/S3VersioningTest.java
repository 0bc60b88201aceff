package io.s3clean.engines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.s3clean.engines.testing.LocalS3;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

/**
 * The S3 engine versions buckets on disk as in memory, and reports each change with the version it
 * made or removed, as S3's events carry it (S3 user guide, "Using versioning in S3 buckets" and
 * "Event notification types"): a plain delete of a versioned bucket adds a marker and removes
 * nothing; a suspended bucket writes and deletes the null version.
 */
class S3VersioningTest {
  /** One change as the listener heard it. */
  record Change(S3EventName event, String key, Long size, String versionId) {}

  private final List<Change> changes = new CopyOnWriteArrayList<>();
  private final ObjectChangeListener recording =
      new ObjectChangeListener() {
        @Override
        public void onObjectCreated(
            String bucket,
            String key,
            long size,
            String eTag,
            S3EventName eventName,
            String versionId) {
          changes.add(new Change(eventName, key, size, versionId));
        }

        @Override
        public void onObjectRemoved(
            String bucket, String key, S3EventName eventName, String versionId) {
          changes.add(new Change(eventName, key, null, versionId));
        }
      };

  @TempDir Path data;
  private S3ProxyEmulator engine;
  private S3Client s3;

  private void start(boolean onDisk) {
    engine = S3ProxyEmulator.start(0, onDisk ? Optional.of(data) : Optional.empty(), recording);
    s3 = LocalS3.clientFor(engine.endpoint());
  }

  @AfterEach
  void stop() {
    if (s3 != null) {
      s3.close();
      engine.close();
    }
  }

  @ParameterizedTest(name = "on disk: {0}")
  @ValueSource(booleans = {false, true})
  void aVersionedBucketKeepsEveryVersionAndAPlainDeleteOnlyAddsAMarker(boolean onDisk) {
    start(onDisk);
    s3.createBucket(b -> b.bucket("versioned"));
    enable("versioned");

    String first = put("versioned", "k", "one");
    String second = put("versioned", "k", "two22");
    String marker = s3.deleteObject(d -> d.bucket("versioned").key("k")).versionId();

    ListObjectVersionsResponse listed = s3.listObjectVersions(l -> l.bucket("versioned"));
    assertThat(listed.versions())
        .extracting(ObjectVersion::versionId, ObjectVersion::size, ObjectVersion::isLatest)
        .containsExactlyInAnyOrder(tuple(first, 3L, false), tuple(second, 5L, false));
    assertThat(listed.deleteMarkers())
        .singleElement()
        .satisfies(m -> assertThat(m.versionId()).isEqualTo(marker));
    assertThat(first).isNotEqualTo(second).isNotEqualTo(marker);

    s3.deleteObject(d -> d.bucket("versioned").key("k").versionId(first));

    assertThat(s3.listObjectVersions(l -> l.bucket("versioned")).versions())
        .extracting(ObjectVersion::versionId)
        .containsExactly(second);
    assertThat(changes)
        .containsExactly(
            new Change(S3EventName.PUT, "k", 3L, first),
            new Change(S3EventName.PUT, "k", 5L, second),
            new Change(S3EventName.DELETE_MARKER_CREATED, "k", null, marker),
            new Change(S3EventName.DELETE, "k", null, first));
  }

  @ParameterizedTest(name = "on disk: {0}")
  @ValueSource(booleans = {false, true})
  void aSuspendedBucketWritesAndDeletesTheNullVersion(boolean onDisk) {
    start(onDisk);
    s3.createBucket(b -> b.bucket("suspended"));
    enable("suspended");
    String kept = put("suspended", "k", "kept");
    s3.putBucketVersioning(
        p ->
            p.bucket("suspended")
                .versioningConfiguration(c -> c.status(BucketVersioningStatus.SUSPENDED)));

    put("suspended", "k", "null-1");
    put("suspended", "k", "null-22");
    s3.deleteObject(d -> d.bucket("suspended").key("k"));

    ListObjectVersionsResponse listed = s3.listObjectVersions(l -> l.bucket("suspended"));
    assertThat(listed.versions()).extracting(ObjectVersion::versionId).containsExactly(kept);
    assertThat(listed.deleteMarkers())
        .singleElement()
        .satisfies(m -> assertThat(m.versionId()).isEqualTo("null"));
    assertThat(changes.subList(1, changes.size()))
        .containsExactly(
            new Change(S3EventName.PUT, "k", 6L, "null"),
            new Change(S3EventName.PUT, "k", 7L, "null"),
            new Change(S3EventName.DELETE_MARKER_CREATED, "k", null, "null"));
  }

  @ParameterizedTest(name = "on disk: {0}")
  @ValueSource(booleans = {false, true})
  void versionNullOfABucketNeverVersionedIsItsObject(boolean onDisk) {
    start(onDisk);
    s3.createBucket(b -> b.bucket("plain"));
    put("plain", "a", "12345");
    put("plain", "b", "1");

    assertThat(s3.headObject(h -> h.bucket("plain").key("a").versionId("null")).contentLength())
        .isEqualTo(5);
    assertThat(
            s3.getObjectAsBytes(g -> g.bucket("plain").key("a").versionId("null")).asUtf8String())
        .isEqualTo("12345");
    s3.deleteObject(d -> d.bucket("plain").key("a").versionId("null"));
    s3.deleteObjects(
        d ->
            d.bucket("plain")
                .delete(
                    x -> x.objects(ObjectIdentifier.builder().key("b").versionId("null").build())));

    assertThat(s3.listObjectsV2(l -> l.bucket("plain")).contents()).isEmpty();
    // a bucket never versioned: its events carry no version
    assertThat(changes)
        .containsExactly(
            new Change(S3EventName.PUT, "a", 5L, null),
            new Change(S3EventName.PUT, "b", 1L, null),
            new Change(S3EventName.DELETE, "a", null, null),
            new Change(S3EventName.DELETE, "b", null, null));
  }

  @Test
  void versionsOnDiskOutliveARestartAndNewOnesGetNewIds() {
    start(true);
    s3.createBucket(b -> b.bucket("restarted"));
    enable("restarted");
    String before = put("restarted", "k", "before");
    stop();
    asInANewJvm();

    start(true);
    String after = put("restarted", "k", "after!!");

    assertThat(after).isNotEqualTo(before);
    assertThat(s3.listObjectVersions(l -> l.bucket("restarted")).versions())
        .extracting(ObjectVersion::versionId, ObjectVersion::size)
        .containsExactlyInAnyOrder(tuple(before, 6L), tuple(after, 7L));
    assertThat(
            s3.getObjectAsBytes(g -> g.bucket("restarted").key("k").versionId(before))
                .asUtf8String())
        .isEqualTo("before");
  }

  /** S3Proxy's version counter as a new JVM has it: at 0, where the first run's started too. */
  private static void asInANewJvm() {
    try {
      java.lang.reflect.Field counter =
          org.gaul.s3proxy.nio2blob.AbstractNio2BlobStore.class.getDeclaredField(
              "VERSION_SEQUENCE");
      counter.setAccessible(true);
      ((java.util.concurrent.atomic.AtomicLong) counter.get(null)).set(0);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private void enable(String bucket) {
    s3.putBucketVersioning(
        p ->
            p.bucket(bucket)
                .versioningConfiguration(c -> c.status(BucketVersioningStatus.ENABLED)));
  }

  private String put(String bucket, String key, String body) {
    return s3.putObject(p -> p.bucket(bucket).key(key), RequestBody.fromString(body)).versionId();
  }
}
