package io.s3clean.reconcile;

import java.util.Map;

/**
 * The keys the stack tracks: S3 notifies only keys matching the stack's prefix and suffix filters
 * (template parameters KeyPrefixFilter, KeySuffixFilter; empty means any), so only those belong in
 * the ledger, and only those count when the bucket is compared with it.
 */
public record TrackedKeys(String prefix, String suffix) {
  public static final TrackedKeys ALL = new TrackedKeys("", "");

  public static TrackedKeys of(Map<String, String> stackParameters) {
    return new TrackedKeys(
        stackParameters.getOrDefault("KeyPrefixFilter", ""),
        stackParameters.getOrDefault("KeySuffixFilter", ""));
  }

  public boolean tracks(String key) {
    return key.startsWith(prefix) && key.endsWith(suffix);
  }

  /**
   * How people read the filter, e.g. "keys starting with 'in/' and ending in '.txt'"; empty when
   * all.
   */
  public String describe() {
    if (prefix.isEmpty() && suffix.isEmpty()) {
      return "";
    }
    String starting = prefix.isEmpty() ? "" : "starting with '" + prefix + "'";
    String ending = suffix.isEmpty() ? "" : "ending in '" + suffix + "'";
    return "keys " + starting + (starting.isEmpty() || ending.isEmpty() ? "" : " and ") + ending;
  }
}
