package io.s3clean.ledger;

import io.s3clean.event.VersionedKey;

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
 *       says where the version id ends, whatever characters either holds.
 * </ul>
 */
public final class ObjectNames {
  public static final String STATE_ROW = "__STATE__";

  private static final String VERSION_PREFIX = "__v";

  private ObjectNames() {}

  /** The name of a key's null version. */
  public static String toObjectName(String key) {
    return key.startsWith("__") ? "_" + key : key;
  }

  /**
   * @param versionId null for the key's null version
   */
  public static String toObjectName(String key, String versionId) {
    if (versionId == null) {
      return toObjectName(key);
    }
    return VERSION_PREFIX + versionId.length() + ":" + versionId + key;
  }

  public static String toObjectName(VersionedKey object) {
    return toObjectName(object.key(), object.versionId());
  }

  /** The key of a name, whichever version it names. */
  public static String toKey(String objectName) {
    return toVersionedKey(objectName).key();
  }

  public static VersionedKey toVersionedKey(String objectName) {
    if (STATE_ROW.equals(objectName)) {
      throw new IllegalArgumentException(STATE_ROW + " is the state row, not an object");
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
