package io.s3clean.ledger;

import io.s3clean.event.VersionedKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Maps what the ledger tracks, a key's null version or one of its versions, to ObjectTable sort
 * keys, one to one, so that nothing collides with another or with the bucket's state row {@value
 * #STATE_ROW}:
 *
 * <ul>
 *   <li>a key's null version (every object of an unversioned bucket, and one written while
 *       versioning was never on or suspended) is stored under its key, and a key starting with
 *       {@code __} gets one more leading underscore, so no key's name starts with {@code __}
 *       followed by anything but {@code _};
 *   <li>version {@code v} of key {@code k} is stored as {@code __v<length of v>:<v><k>}: the length
 *       says where the version id ends, whatever characters either holds;
 *   <li>a name that would pass DynamoDB's 1,024 bytes for a sort key (a key near S3's own limit of
 *       1,024 bytes, with a version id or an escape added) is {@code __h} and the SHA-256 of the
 *       key and version: such a name cannot be read back, so its item keeps the key and version as
 *       attributes ({@link #isHashed}).
 * </ul>
 */
public final class ObjectNames {
  public static final String STATE_ROW = "__STATE__";

  /** Where a backfill of the bucket notes how far its listing got. */
  public static final String BACKFILL_ROW = "__BACKFILL__";

  private static final String VERSION_PREFIX = "__v";
  private static final String HASHED_PREFIX = "__h";

  /** DynamoDB's limit on a sort key's value, in UTF-8 bytes. */
  static final int MAX_NAME_BYTES = 1024;

  private ObjectNames() {}

  /** The name of a key's null version. */
  public static String toObjectName(String key) {
    return key.startsWith("__") ? "_" + key : key;
  }

  public static String toObjectName(VersionedKey object) {
    String name =
        object.isNullVersion()
            ? toObjectName(object.key())
            : VERSION_PREFIX
                + object.versionId().length()
                + ":"
                + object.versionId()
                + object.key();
    return name.getBytes(StandardCharsets.UTF_8).length <= MAX_NAME_BYTES ? name : hashed(object);
  }

  /** Whether {@code objectName} is one of the bucket's own rows rather than an object's. */
  public static boolean isReserved(String objectName) {
    return STATE_ROW.equals(objectName) || BACKFILL_ROW.equals(objectName);
  }

  /** Whether {@code objectName} is a hash, whose item names its key and version itself. */
  public static boolean isHashed(String objectName) {
    return objectName.startsWith(HASHED_PREFIX);
  }

  private static String hashed(VersionedKey object) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(object.key().getBytes(StandardCharsets.UTF_8));
      if (!object.isNullVersion()) {
        sha256.update((byte) 0);
        sha256.update(object.versionId().getBytes(StandardCharsets.UTF_8));
      }
      return HASHED_PREFIX
          + Base64.getUrlEncoder().withoutPadding().encodeToString(sha256.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** The key of a name, whichever version it names. */
  public static String toKey(String objectName) {
    return toVersionedKey(objectName).key();
  }

  /**
   * @throws IllegalArgumentException for the state row, or a hashed name, which only its item can
   *     read back
   */
  public static VersionedKey toVersionedKey(String objectName) {
    if (isReserved(objectName)) {
      throw new IllegalArgumentException(objectName + " is the bucket's own row, not an object");
    }
    if (isHashed(objectName)) {
      throw new IllegalArgumentException(objectName + " is a hash: its item names its key");
    }
    if (isVersionName(objectName)) {
      int colon = objectName.indexOf(':', VERSION_PREFIX.length());
      int length = Integer.parseInt(objectName.substring(VERSION_PREFIX.length(), colon));
      int keyStart = colon + 1 + length;
      return new VersionedKey(
          objectName.substring(keyStart), objectName.substring(colon + 1, keyStart));
    }
    return new VersionedKey(
        objectName.startsWith("___") ? objectName.substring(1) : objectName, null);
  }

  private static boolean isVersionName(String objectName) {
    return objectName.startsWith(VERSION_PREFIX)
        && objectName.length() > VERSION_PREFIX.length()
        && Character.isDigit(objectName.charAt(VERSION_PREFIX.length()));
  }
}
