package io.s3clean.reconcile;

import io.s3clean.event.VersionedKey;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * What the bucket holds now, and S3 bills: every version of every tracked key, current or not, and
 * its size, per ListObjectVersions (per ListObjectsV2 for a bucket never versioned, whose objects
 * are their keys' null versions). Delete markers hold no bytes and are left out.
 */
public record BucketListing(Map<VersionedKey, Long> sizes) {
  public BucketListing {
    sizes = Collections.unmodifiableMap(new TreeMap<>(sizes));
  }

  public static BucketListing of(S3Client s3, String bucket, TrackedKeys tracked) {
    Map<VersionedKey, Long> sizes = new TreeMap<>();
    // The prefix narrows the listing itself; the suffix can only be checked per key.
    if (s3.getBucketVersioning(r -> r.bucket(bucket)).status() == null) {
      // never versioned: each object is its key's null version, and ListObjectsV2 lists them all
      // (some S3 implementations list versions much more slowly)
      for (S3Object object :
          s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(tracked.prefix())).contents()) {
        if (tracked.tracks(object.key())) {
          sizes.put(VersionedKey.of(object.key()), object.size());
        }
      }
      return new BucketListing(sizes);
    }
    for (ObjectVersion version :
        s3.listObjectVersionsPaginator(r -> r.bucket(bucket).prefix(tracked.prefix())).versions()) {
      if (tracked.tracks(version.key())) {
        sizes.put(new VersionedKey(version.key(), version.versionId()), version.size());
      }
    }
    return new BucketListing(sizes);
  }

  public long totalSize() {
    return sizes.values().stream().mapToLong(Long::longValue).sum();
  }

  public int objectCount() {
    return sizes.size();
  }
}
