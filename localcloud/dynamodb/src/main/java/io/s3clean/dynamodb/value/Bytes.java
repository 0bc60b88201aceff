package io.s3clean.dynamodb.value;

import java.util.Arrays;
import java.util.Base64;

/** An immutable byte string, ordered as DynamoDB orders binary: unsigned, byte by byte. */
public final class Bytes implements Comparable<Bytes> {
  private final byte[] bytes;

  private Bytes(byte[] bytes) {
    this.bytes = bytes;
  }

  public static Bytes copyOf(byte[] bytes) {
    return new Bytes(bytes.clone());
  }

  /** Takes ownership of the array: the caller must not change it afterwards. */
  static Bytes wrap(byte[] bytes) {
    return new Bytes(bytes);
  }

  public static Bytes fromBase64(String text) {
    return new Bytes(Base64.getDecoder().decode(text));
  }

  public String base64() {
    return Base64.getEncoder().encodeToString(bytes);
  }

  public int length() {
    return bytes.length;
  }

  public byte[] toArray() {
    return bytes.clone();
  }

  public boolean startsWith(Bytes prefix) {
    return bytes.length >= prefix.bytes.length
        && Arrays.equals(bytes, 0, prefix.bytes.length, prefix.bytes, 0, prefix.bytes.length);
  }

  /** Whether {@code part} occurs anywhere in these bytes. */
  public boolean contains(Bytes part) {
    outer:
    for (int start = 0; start + part.bytes.length <= bytes.length; start++) {
      for (int i = 0; i < part.bytes.length; i++) {
        if (bytes[start + i] != part.bytes[i]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  @Override
  public int compareTo(Bytes other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Bytes b && Arrays.equals(bytes, b.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "Bytes[" + base64() + "]";
  }
}
