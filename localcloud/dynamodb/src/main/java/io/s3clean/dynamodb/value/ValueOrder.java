package io.s3clean.dynamodb.value;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

/**
 * The order DynamoDB sorts key values in: numbers numerically, strings by the unsigned bytes of
 * their UTF-8 encoding (which differs from Java's UTF-16 order above U+FFFF), binary by unsigned
 * bytes. Also the order of comparisons ({@code <}, {@code BETWEEN}) between two values of one
 * scalar type.
 */
public final class ValueOrder {
  private ValueOrder() {}

  /** Orders two values of the same scalar type (S, N or B). */
  public static final Comparator<Value> SCALAR = ValueOrder::compare;

  public static int compare(Value a, Value b) {
    if (a instanceof Value.N x && b instanceof Value.N y) {
      return x.value().compareTo(y.value());
    }
    if (a instanceof Value.S x && b instanceof Value.S y) {
      return compareUtf8(x.value(), y.value());
    }
    if (a instanceof Value.B x && b instanceof Value.B y) {
      return x.value().compareTo(y.value());
    }
    throw new IllegalArgumentException("no order between " + a.typeName() + " and " + b.typeName());
  }

  /** Whether two values are of one scalar type that has an order. */
  public static boolean comparable(Value a, Value b) {
    return (a instanceof Value.N && b instanceof Value.N)
        || (a instanceof Value.S && b instanceof Value.S)
        || (a instanceof Value.B && b instanceof Value.B);
  }

  public static int compareUtf8(String a, String b) {
    // Fast path: UTF-16 order equals UTF-8 byte order unless a surrogate meets a char >= U+E000.
    int common = Math.min(a.length(), b.length());
    for (int i = 0; i < common; i++) {
      char ca = a.charAt(i);
      char cb = b.charAt(i);
      if (ca != cb) {
        if (Character.isSurrogate(ca) || Character.isSurrogate(cb)) {
          return Arrays.compareUnsigned(
              a.substring(i).getBytes(StandardCharsets.UTF_8),
              b.substring(i).getBytes(StandardCharsets.UTF_8));
        }
        return Character.compare(ca, cb);
      }
    }
    return Integer.compare(a.length(), b.length());
  }
}
