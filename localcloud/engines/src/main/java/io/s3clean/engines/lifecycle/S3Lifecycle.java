package io.s3clean.engines.lifecycle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The S3 engine's bucket lifecycle: each bucket's configuration, kept (in files when the engine has
 * a data directory), and a pass that applies its expiration actions as S3 does, each reported with
 * the event S3 raises for it (S3 user guide, "Expiring objects" and "Event notification types"):
 *
 * <ul>
 *   <li>a current version past its Expiration is deleted on a bucket never versioned ({@code
 *       LifecycleExpiration:Delete}), and gets a delete marker on one that is or was ({@code
 *       LifecycleExpiration:DeleteMarkerCreated});
 *   <li>a delete marker with no version behind it is removed when the rule says
 *       ExpiredObjectDeleteMarker or expires after Days;
 *   <li>a noncurrent version past NoncurrentDays (counted from when its successor was written),
 *       beyond the NewerNoncurrentVersions kept, is deleted for good.
 * </ul>
 *
 * <p>A pass does to each key what one of S3's asynchronous runs does: a marker added now is removed
 * in a later pass. AbortIncompleteMultipartUpload and transitions are accepted and kept but not
 * applied.
 */
public final class S3Lifecycle {
  private final ExpiringStore store;
  private final Optional<Path> directory;
  private final Map<String, LifecycleConfiguration> configurations = new ConcurrentHashMap<>();

  /**
   * What a lifecycle pass needs of the store: its versions, and removals reported as lifecycle's.
   */
  public interface ExpiringStore {
    boolean bucketExists(String bucket);

    /** Every version and delete marker of {@code bucket}. */
    List<StoredVersion> versions(String bucket);

    /**
     * Removes {@code versionId} of {@code key} for good, or with none, what a DELETE does (a delete
     * marker on a bucket that is or was versioned); reported with lifecycle's event names.
     */
    void expire(String bucket, String key, String versionId);
  }

  /** One entry of ListObjectVersions. */
  public record StoredVersion(
      String key,
      String versionId,
      boolean deleteMarker,
      boolean latest,
      long size,
      Instant lastModified) {}

  /**
   * @param directory where configurations are kept across restarts; empty to keep them in memory
   */
  public S3Lifecycle(ExpiringStore store, Optional<Path> directory) {
    this.store = store;
    this.directory = directory;
    directory.ifPresent(this::load);
  }

  /**
   * @throws io.s3clean.engines.xml.RefusedConfiguration for a configuration S3 refuses
   * @throws java.util.NoSuchElementException for a bucket that does not exist
   */
  public void put(String bucket, String xml) {
    requireBucket(bucket);
    LifecycleConfiguration configuration = LifecycleConfiguration.parse(xml);
    synchronized (configurations) {
      configurations.put(bucket, configuration);
      directory.ifPresent(dir -> write(dir.resolve(bucket + ".xml"), xml));
    }
  }

  public Optional<String> get(String bucket) {
    requireBucket(bucket);
    return Optional.ofNullable(configurations.get(bucket)).map(LifecycleConfiguration::xml);
  }

  public void delete(String bucket) {
    requireBucket(bucket);
    synchronized (configurations) {
      configurations.remove(bucket);
      directory.ifPresent(dir -> deleteFile(dir.resolve(bucket + ".xml")));
    }
  }

  /**
   * Applies every bucket's rules as of {@code now}, the store's times read as they are.
   *
   * @return how many versions and markers were expired
   */
  public int expire(Instant now) {
    return expire(now, UnaryOperator.identity());
  }

  /**
   * Applies every bucket's rules as of {@code now} on a clock of its own (a cloud's scaled one).
   *
   * @param onNowsClock a time the store recorded (S3Proxy's, the machine's) on {@code now}'s clock
   * @return how many versions and markers were expired
   */
  public int expire(Instant now, UnaryOperator<Instant> onNowsClock) {
    int actions = 0;
    for (Map.Entry<String, LifecycleConfiguration> entry : List.copyOf(configurations.entrySet())) {
      String bucket = entry.getKey();
      if (!store.bucketExists(bucket)) {
        forget(bucket, entry.getValue());
        continue;
      }
      for (List<StoredVersion> key : byKeyNewestFirst(store.versions(bucket), onNowsClock)) {
        actions += expireKey(bucket, key, entry.getValue().rules(), now);
      }
    }
    return actions;
  }

  /** S3 deletes a bucket's configuration with the bucket; one put meanwhile is kept. */
  private void forget(String bucket, LifecycleConfiguration seen) {
    synchronized (configurations) {
      if (configurations.remove(bucket, seen)) {
        directory.ifPresent(dir -> deleteFile(dir.resolve(bucket + ".xml")));
      }
    }
  }

  /** Forgets the configuration of a bucket that was deleted, as S3 does. */
  public void bucketDeleted(String bucket) {
    LifecycleConfiguration seen = configurations.get(bucket);
    if (seen != null) {
      forget(bucket, seen);
    }
  }

  /**
   * The current version's expiration, or the lone marker's removal, or every noncurrent version
   * due: what one of S3's runs does to a key. A marker added now is removed by a later pass.
   *
   * @return how many versions and markers were expired
   */
  private int expireKey(
      String bucket, List<StoredVersion> versions, List<LifecycleRule> rules, Instant now) {
    StoredVersion current = versions.get(0);
    String key = current.key();
    for (LifecycleRule rule : rules) {
      if (current.latest()
          && !current.deleteMarker()
          && rule.selects(key, current.size())
          && rule.currentExpired(current.lastModified(), now)) {
        store.expire(bucket, key, null);
        return 1;
      }
      if (current.latest()
          && current.deleteMarker()
          && versions.size() == 1
          && rule.removesExpiredDeleteMarkers()
          && rule.selects(key, 0)) {
        store.expire(bucket, key, current.versionId());
        return 1;
      }
      int expired = 0;
      int noncurrent = 0;
      for (int i = 1; i < versions.size(); i++) {
        StoredVersion version = versions.get(i);
        if (version.deleteMarker()) {
          continue;
        }
        noncurrent++;
        boolean kept =
            rule.newerNoncurrentVersions().isPresent()
                && noncurrent <= rule.newerNoncurrentVersions().getAsInt();
        if (!kept
            && rule.selects(key, version.size())
            && rule.noncurrentExpired(versions.get(i - 1).lastModified(), now)) {
          store.expire(bucket, key, version.versionId());
          expired++;
        }
      }
      if (expired > 0) {
        return expired;
      }
    }
    return 0;
  }

  /**
   * Each key's versions and markers, the current one first, then newest to oldest, their times on
   * the pass's clock.
   */
  private static List<List<StoredVersion>> byKeyNewestFirst(
      List<StoredVersion> versions, UnaryOperator<Instant> onNowsClock) {
    Map<String, List<StoredVersion>> byKey = new LinkedHashMap<>();
    for (StoredVersion version : versions) {
      byKey
          .computeIfAbsent(version.key(), k -> new ArrayList<>())
          .add(
              new StoredVersion(
                  version.key(),
                  version.versionId(),
                  version.deleteMarker(),
                  version.latest(),
                  version.size(),
                  onNowsClock.apply(version.lastModified())));
    }
    Comparator<StoredVersion> newestFirst =
        Comparator.comparing(StoredVersion::latest)
            .reversed()
            .thenComparing(StoredVersion::lastModified, Comparator.reverseOrder());
    List<List<StoredVersion>> keys = new ArrayList<>();
    for (List<StoredVersion> key : byKey.values()) {
      key.sort(newestFirst);
      keys.add(key);
    }
    return keys;
  }

  /**
   * Whether the engine holds {@code bucket}: the subresources of a missing one are NoSuchBucket.
   */
  public boolean bucketExists(String bucket) {
    return store.bucketExists(bucket);
  }

  private void requireBucket(String bucket) {
    if (!store.bucketExists(bucket)) {
      throw new java.util.NoSuchElementException(bucket);
    }
  }

  private void load(Path dir) {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".xml")).toList()) {
        String name = file.getFileName().toString();
        configurations.put(
            name.substring(0, name.length() - ".xml".length()),
            LifecycleConfiguration.parse(Files.readString(file, StandardCharsets.UTF_8)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path file, String xml) {
    try {
      Files.createDirectories(file.getParent());
      Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(temporary, xml, StandardCharsets.UTF_8);
      Files.move(
          temporary,
          file,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteFile(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
