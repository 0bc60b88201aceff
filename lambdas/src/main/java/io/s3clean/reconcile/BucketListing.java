package io.s3clean.reconcile;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** What the bucket holds now, per ListObjectsV2: every tracked key and its size. */
public record BucketListing(Map<String, Long> sizes) {
  public BucketListing {
    sizes = Collections.unmodifiableMap(new TreeMap<>(sizes));
  }

  public static BucketListing of(S3Client s3, String bucket, TrackedKeys tracked) {
    Map<String, Long> sizes = new TreeMap<>();
    // The prefix narrows the listing itself; the suffix can only be checked per key.
    for (S3Object object :
        s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(tracked.prefix())).contents()) {
      if (tracked.tracks(object.key())) {
        sizes.put(object.key(), object.size());
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
