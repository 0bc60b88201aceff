package io.s3clean.engines.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.s3clean.engines.ObjectChangeListener;
import io.s3clean.engines.S3EventName;
import io.s3clean.engines.S3ProxyEmulator;
import io.s3clean.engines.testing.LocalS3;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;

/**
 * The S3 engine applies a bucket's lifecycle expirations as S3 does and raises lifecycle's events
 * (S3 user guide, "Expiring objects", "Lifecycle configuration elements", "Event notification
 * types"). Each pass is given its time, so days pass at once.
 */
class S3LifecycleTest {
  record Removal(S3EventName event, String key, String versionId) {}

  private static final Duration DAY = Duration.ofDays(1);

  private final List<Removal> removals = new CopyOnWriteArrayList<>();
  private final ObjectChangeListener recording =
      new ObjectChangeListener() {
        @Override
        public void onObjectCreated(
            String bucket,
            String key,
            long size,
            String eTag,
            S3EventName eventName,
            String versionId) {}

        @Override
        public void onObjectRemoved(
            String bucket, String key, S3EventName eventName, String versionId) {
          removals.add(new Removal(eventName, key, versionId));
        }
      };

  @TempDir Path lifecycleDir;
  private S3ProxyEmulator engine;
  private S3Client s3;

  @BeforeEach
  void start() {
    engine = S3ProxyEmulator.start(0, Optional.empty(), Optional.of(lifecycleDir), recording);
    s3 = LocalS3.clientFor(engine.endpoint());
  }

  @AfterEach
  void stop() {
    s3.close();
    engine.close();
  }

  @Test
  void anObjectOfABucketNeverVersionedIsDeletedOnceItsDaysHavePassed() {
    s3.createBucket(b -> b.bucket("plain"));
    put("plain", "logs/old.txt", 10);
    put("plain", "keep/old.txt", 10);
    engine
        .lifecycle()
        .put(
            "plain",
            rules(
                "<Filter><Prefix>logs/</Prefix></Filter>",
                "<Expiration><Days>1</Days></Expiration>"));

    assertThat(engine.lifecycle().expire(Instant.now())).isZero();
    assertThat(engine.lifecycle().expire(Instant.now().plus(DAY.multipliedBy(2)))).isEqualTo(1);

    assertThat(s3.listObjectsV2(l -> l.bucket("plain")).contents())
        .extracting(o -> o.key())
        .containsExactly("keep/old.txt");
    assertThat(removals)
        .containsExactly(
            new Removal(S3EventName.LIFECYCLE_EXPIRATION_DELETE, "logs/old.txt", null));
  }

  @Test
  void aVersionedBucketExpiresTheCurrentVersionWithAMarkerThenItsNoncurrentVersionsThenTheMarker() {
    s3.createBucket(b -> b.bucket("versioned"));
    enable("versioned");
    String first = put("versioned", "k", 10);
    String second = put("versioned", "k", 20);
    engine
        .lifecycle()
        .put(
            "versioned",
            rules(
                "<Filter/>",
                "<Expiration><Days>1</Days></Expiration>"
                    + "<NoncurrentVersionExpiration><NoncurrentDays>1</NoncurrentDays>"
                    + "</NoncurrentVersionExpiration>"));
    Instant later = Instant.now().plus(DAY.multipliedBy(3));

    int passes = 0;
    while (engine.lifecycle().expire(later) > 0) {
      passes++;
    }

    ListObjectVersionsResponse left = s3.listObjectVersions(l -> l.bucket("versioned"));
    assertThat(left.versions()).isEmpty();
    assertThat(left.deleteMarkers()).isEmpty();
    assertThat(passes)
        .as("the marker, then both noncurrent versions, then the lone marker")
        .isEqualTo(3);
    assertThat(removals).hasSize(4);
    String marker = removals.get(0).versionId();
    assertThat(removals)
        .containsExactly(
            new Removal(S3EventName.LIFECYCLE_EXPIRATION_DELETE_MARKER_CREATED, "k", marker),
            new Removal(S3EventName.LIFECYCLE_EXPIRATION_DELETE, "k", second),
            new Removal(S3EventName.LIFECYCLE_EXPIRATION_DELETE, "k", first),
            new Removal(S3EventName.LIFECYCLE_EXPIRATION_DELETE, "k", marker));
  }

  @Test
  void agesAreCountedOnThePassesClockNotTheStoresStamps() {
    s3.createBucket(b -> b.bucket("scaled"));
    put("scaled", "fresh.txt", 10);
    engine.lifecycle().put("scaled", rules("<Filter/>", "<Expiration><Days>1</Days></Expiration>"));
    // a cloud clock three days ahead of the machine's, which stamped the object just now
    Instant cloudNow = Instant.now().plus(DAY.multipliedBy(3));

    assertThat(engine.lifecycle().expire(cloudNow, stamped -> stamped.plus(DAY.multipliedBy(3))))
        .as("the object is seconds old in the cloud's time")
        .isZero();
    assertThat(engine.lifecycle().expire(cloudNow)).as("read as the store stamped it").isEqualTo(1);
  }

  @Test
  void newerNoncurrentVersionsAreKeptAndTheCurrentOneIsNotTouched() {
    s3.createBucket(b -> b.bucket("kept"));
    enable("kept");
    String oldest = put("kept", "k", 1);
    put("kept", "k", 2);
    put("kept", "k", 3);
    engine
        .lifecycle()
        .put(
            "kept",
            rules(
                "<Filter/>",
                "<NoncurrentVersionExpiration><NoncurrentDays>1</NoncurrentDays>"
                    + "<NewerNoncurrentVersions>1</NewerNoncurrentVersions>"
                    + "</NoncurrentVersionExpiration>"));

    while (engine.lifecycle().expire(Instant.now().plus(DAY.multipliedBy(5))) > 0) {}

    assertThat(s3.listObjectVersions(l -> l.bucket("kept")).versions())
        .extracting(v -> v.size())
        .containsExactlyInAnyOrder(3L, 2L);
    assertThat(removals)
        .containsExactly(new Removal(S3EventName.LIFECYCLE_EXPIRATION_DELETE, "k", oldest));
  }

  @Test
  void aSuspendedBucketsNullVersionExpiresWithANullMarker() {
    s3.createBucket(b -> b.bucket("suspended"));
    s3.putBucketVersioning(
        p ->
            p.bucket("suspended")
                .versioningConfiguration(c -> c.status(BucketVersioningStatus.SUSPENDED)));
    put("suspended", "k", 7);
    engine
        .lifecycle()
        .put("suspended", rules("<Filter/>", "<Expiration><Days>1</Days></Expiration>"));

    engine.lifecycle().expire(Instant.now().plus(DAY.multipliedBy(2)));

    assertThat(s3.listObjectVersions(l -> l.bucket("suspended")).versions()).isEmpty();
    assertThat(removals)
        .containsExactly(
            new Removal(S3EventName.LIFECYCLE_EXPIRATION_DELETE_MARKER_CREATED, "k", "null"));
  }

  @Test
  void aDateRuleExpiresFromThatMidnightAndConfigurationsOutliveARestart() {
    s3.createBucket(b -> b.bucket("dated"));
    put("dated", "k", 5);
    String xml = rules("<Filter/>", "<Expiration><Date>2030-01-01T00:00:00Z</Date></Expiration>");
    engine.lifecycle().put("dated", xml);
    stop();
    engine = S3ProxyEmulator.start(0, Optional.empty(), Optional.of(lifecycleDir), recording);
    s3 = LocalS3.clientFor(engine.endpoint());
    s3.createBucket(b -> b.bucket("dated"));
    put("dated", "k", 5);

    assertThat(engine.lifecycle().get("dated")).contains(xml);
    assertThat(engine.lifecycle().expire(Instant.parse("2029-12-31T23:59:59Z"))).isZero();
    assertThat(engine.lifecycle().expire(Instant.parse("2030-01-01T00:00:00Z"))).isEqualTo(1);
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "<Filter><Tag><Key>a</Key><Value>b</Value></Tag></Filter>|<Expiration><Days>1</Days></Expiration>|501 NotImplemented",
        "<Filter/>|<Expiration><Date>2030-01-01T10:00:00Z</Date></Expiration>|400 InvalidArgument",
        "<Filter/>|<Expiration><Days>0</Days></Expiration>|400 InvalidArgument",
        "<Filter/>||400 InvalidRequest",
        "<Filter/>|<Expiration><Days>1</Days><ExpiredObjectDeleteMarker>true</ExpiredObjectDeleteMarker></Expiration>|400 MalformedXML",
      })
  void aConfigurationS3RefusesIsRefusedWithItsCodeAndKeepsTheOneBefore(
      String filter, String actions, String refusal) {
    s3.createBucket(b -> b.bucket("refused"));
    String kept = rules("<Filter/>", "<Expiration><Days>9</Days></Expiration>");
    engine.lifecycle().put("refused", kept);

    assertThatThrownBy(
            () -> engine.lifecycle().put("refused", rules(filter, actions == null ? "" : actions)))
        .isInstanceOfSatisfying(
            io.s3clean.engines.xml.RefusedConfiguration.class,
            e -> assertThat(e.status() + " " + e.code()).isEqualTo(refusal));
    assertThat(engine.lifecycle().get("refused")).contains(kept);
  }

  @Test
  void notXmlIsMalformedAndABucketThatDoesNotExistHasNoConfiguration() {
    s3.createBucket(b -> b.bucket("exists"));

    assertThatThrownBy(() -> engine.lifecycle().put("exists", "<LifecycleConfiguration"))
        .isInstanceOfSatisfying(
            io.s3clean.engines.xml.RefusedConfiguration.class,
            e -> assertThat(e.code()).isEqualTo("MalformedXML"));
    assertThatThrownBy(() -> engine.lifecycle().get("no-such-bucket"))
        .isInstanceOf(NoSuchElementException.class);
  }

  private static String rules(String filter, String actions) {
    return "<LifecycleConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Rule>"
        + "<ID>r</ID>"
        + filter
        + "<Status>Enabled</Status>"
        + actions
        + "</Rule></LifecycleConfiguration>";
  }

  private void enable(String bucket) {
    s3.putBucketVersioning(
        p ->
            p.bucket(bucket)
                .versioningConfiguration(c -> c.status(BucketVersioningStatus.ENABLED)));
  }

  private String put(String bucket, String key, int size) {
    return s3.putObject(p -> p.bucket(bucket).key(key), RequestBody.fromBytes(new byte[size]))
        .versionId();
  }
}
