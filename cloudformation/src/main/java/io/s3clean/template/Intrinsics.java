package io.s3clean.template;

import java.util.Map;
import java.util.Optional;

/** Recognising long-form intrinsic functions in a loaded template. */
public final class Intrinsics {
  private Intrinsics() {}

  /**
   * A one-key map whose key is Ref, Condition or Fn::something: a value computed at deploy time.
   */
  public static boolean isIntrinsic(Object value) {
    if (!(value instanceof Map<?, ?> map) || map.size() != 1) {
      return false;
    }
    Object key = map.keySet().iterator().next();
    return "Ref".equals(key) || "Condition".equals(key) || String.valueOf(key).startsWith("Fn::");
  }

  /** The name a {@code {"Ref": name}} points at: a parameter, a pseudo parameter or a resource. */
  public static Optional<String> refTarget(Object value) {
    if (isIntrinsic(value) && ((Map<?, ?>) value).get("Ref") instanceof String name) {
      return Optional.of(name);
    }
    return Optional.empty();
  }
}
