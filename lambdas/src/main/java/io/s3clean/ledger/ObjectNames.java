package io.s3clean.ledger;

/**
 * Maps S3 keys to ObjectTable sort keys so that no key can collide with the bucket's state row
 * {@value #STATE_ROW}: a key starting with {@code __} gets one more leading underscore.
 */
public final class ObjectNames {
  public static final String STATE_ROW = "__STATE__";

  private ObjectNames() {}

  public static String toObjectName(String key) {
    return key.startsWith("__") ? "_" + key : key;
  }

  public static String toKey(String objectName) {
    if (STATE_ROW.equals(objectName)) {
      throw new IllegalArgumentException(STATE_ROW + " is the state row, not an object");
    }
    return objectName.startsWith("___") ? objectName.substring(1) : objectName;
  }
}
