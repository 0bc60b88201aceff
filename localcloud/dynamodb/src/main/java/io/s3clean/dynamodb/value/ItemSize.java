package io.s3clean.dynamodb.value;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An item's size as DynamoDB counts it for the 400 KB limit and for capacity units (developer
 * guide, "Item sizes and formats"): attribute names and strings by their UTF-8 bytes, binary by its
 * length, a number by about one byte per two significant digits plus one, BOOL and NULL one byte, a
 * list or map 3 bytes plus one byte per element plus its elements.
 */
public final class ItemSize {
  public static final int MAX_ITEM_BYTES = 400 * 1024;

  private ItemSize() {}

  public static int of(Map<String, Value> item) {
    int size = 0;
    for (Map.Entry<String, Value> attribute : item.entrySet()) {
      size += utf8Length(attribute.getKey()) + of(attribute.getValue());
    }
    return size;
  }

  public static int of(Value value) {
    if (value instanceof Value.S s) {
      return utf8Length(s.value());
    } else if (value instanceof Value.N n) {
      return number(n.value());
    } else if (value instanceof Value.B b) {
      return b.value().length();
    } else if (value instanceof Value.Bool || value instanceof Value.Null) {
      return 1;
    } else if (value instanceof Value.M m) {
      return 3 + m.value().size() + of(m.value());
    } else if (value instanceof Value.L l) {
      int size = 3 + l.value().size();
      for (Value element : l.value()) {
        size += of(element);
      }
      return size;
    } else if (value instanceof Value.SS ss) {
      int size = 0;
      for (String member : ss.value()) {
        size += utf8Length(member);
      }
      return size;
    } else if (value instanceof Value.NS ns) {
      int size = 0;
      for (BigDecimal member : ns.value()) {
        size += number(member);
      }
      return size;
    }
    int size = 0;
    for (Bytes member : ((Value.BS) value).value()) {
      size += member.length();
    }
    return size;
  }

  private static int number(BigDecimal number) {
    int digits = number.signum() == 0 ? 1 : number.precision();
    return (digits + 1) / 2 + 1;
  }

  public static int utf8Length(String text) {
    int length = text.length();
    int bytes = length;
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        if (c < 0x800) {
          bytes += 1;
        } else if (Character.isHighSurrogate(c)) {
          bytes += 2; // 4 bytes for the pair, counted over its two chars
          i++;
        } else {
          bytes += 2;
        }
      }
    }
    return bytes;
  }

  /** Whether {@code text} encodes to UTF-8 at all (lone surrogates do not). */
  public static boolean isWellFormed(String text) {
    return StandardCharsets.UTF_8.newEncoder().canEncode(text);
  }
}
