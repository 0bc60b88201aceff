package io.s3clean.localcloud.s3;

import io.s3clean.localcloud.endpoint.AwsRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Where a path-style S3 request points: its bucket and key, decoded as S3 decodes them; both empty
 * for the service itself (GET / lists the buckets), the key empty for a bucket.
 */
public record S3Address(String bucket, String key) {
  public static S3Address of(AwsRequest request) {
    String path = request.path().startsWith("/") ? request.path().substring(1) : request.path();
    int slash = path.indexOf('/');
    return new S3Address(
        decoded(slash < 0 ? path : path.substring(0, slash)),
        slash < 0 ? "" : decoded(path.substring(slash + 1)));
  }

  private static final java.util.Set<String> LIST_PARAMETERS =
      java.util.Set.of(
          "list-type",
          "prefix",
          "delimiter",
          "marker",
          "continuation-token",
          "max-keys",
          "start-after",
          "encoding-type");

  /**
   * Whether a GET of a bucket with this query lists its objects: no query, or one of ListObjects'
   * parameters.
   */
  public static boolean listsObjects(java.util.Map<String, String> query) {
    return query.isEmpty() || query.keySet().stream().anyMatch(LIST_PARAMETERS::contains);
  }

  /** A request on a bucket (listing it, configuring it), not on one of its objects. */
  public boolean onBucket() {
    return !bucket.isEmpty() && key.isEmpty();
  }

  public String bucketArn() {
    return "arn:aws:s3:::" + bucket;
  }

  public String objectArn() {
    return bucketArn() + "/" + key;
  }

  private static String decoded(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text; // S3 refuses the malformed path itself
    }
  }
}
