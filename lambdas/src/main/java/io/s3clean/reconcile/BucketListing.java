package io.s3clean.reconcile;

import io.s3clean.event.VersionedKey;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

/**
 * What the bucket holds now, and S3 bills, per ListObjectVersions: every version of every tracked
 * key (current or not, the null version of a bucket never versioned included) and its size. Delete
 * markers hold no bytes and are left out.
 */
public record BucketListing(Map<VersionedKey, Long> sizes) {
  public BucketListing {
    sizes = Collections.unmodifiableMap(new TreeMap<>(sizes));
  }

  public static BucketListing of(S3Client s3, String bucket, TrackedKeys tracked) {
    Map<VersionedKey, Long> sizes = new TreeMap<>();
    // The prefix narrows the listing itself; the suffix can only be checked per key.
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
