package io.s3clean.event;

import java.util.Objects;

/**
 * One thing S3 bills and the ledger tracks: a key's null version, or one of its versions.
 *
 * <p>The null version is what an unversioned bucket holds under a key, and what a put writes while
 * versioning is suspended (replacing the null version before it); its version id is {@code null},
 * which S3's events and listings spell {@code "null"}.
 *
 * @param versionId null for the null version
 */
public record VersionedKey(String key, String versionId) implements Comparable<VersionedKey> {
  /** How S3 writes the null version's id in events and listings. */
  public static final String NULL_VERSION_ID = "null";

  public VersionedKey {
    Objects.requireNonNull(key, "key");
    if (NULL_VERSION_ID.equals(versionId) || "".equals(versionId)) {
      versionId = null;
    }
  }

  /** The key's null version: an unversioned bucket's object. */
  public static VersionedKey of(String key) {
    return new VersionedKey(key, null);
  }

  public boolean isNullVersion() {
    return versionId == null;
  }

  /** By key, then the null version before the others, then by version id. */
  @Override
  public int compareTo(VersionedKey other) {
    int byKey = key.compareTo(other.key);
    if (byKey != 0) {
      return byKey;
    }
    if (versionId == null || other.versionId == null) {
      return versionId == null ? (other.versionId == null ? 0 : -1) : 1;
    }
    return versionId.compareTo(other.versionId);
  }

  @Override
  public String toString() {
    return versionId == null ? key : key + " (version " + versionId + ")";
  }
}
