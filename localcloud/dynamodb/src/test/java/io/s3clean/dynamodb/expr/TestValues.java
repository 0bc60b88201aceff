package io.s3clean.dynamodb.expr;

import io.s3clean.dynamodb.DynamoDbException;
import io.s3clean.dynamodb.value.Bytes;
import io.s3clean.dynamodb.value.Value;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Short spellings of attribute values and items, so the tests read like the requests. */
final class TestValues {
  private TestValues() {}

  static Value s(String value) {
    return new Value.S(value);
  }

  static Value n(String value) {
    return Value.n(new BigDecimal(value));
  }

  static Value n(long value) {
    return Value.n(value);
  }

  static Value b(int... bytes) {
    byte[] array = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      array[i] = (byte) bytes[i];
    }
    return new Value.B(Bytes.copyOf(array));
  }

  static Value bool(boolean value) {
    return Value.Bool.of(value);
  }

  static Value nul() {
    return Value.Null.INSTANCE;
  }

  static Value list(Value... elements) {
    return new Value.L(List.of(elements));
  }

  static Value ss(String... members) {
    return new Value.SS(new LinkedHashSet<>(Arrays.asList(members)));
  }

  static Value ns(String... members) {
    LinkedHashSet<BigDecimal> numbers = new LinkedHashSet<>();
    for (String member : members) {
      numbers.add(new BigDecimal(member));
    }
    return new Value.NS(numbers);
  }

  static Value bs(byte... members) {
    LinkedHashSet<Bytes> set = new LinkedHashSet<>();
    for (byte member : members) {
      set.add(Bytes.copyOf(new byte[] {member}));
    }
    return new Value.BS(set);
  }

  /** {@code map("a", s("x"), "b", n(1))}: a map value. */
  static Value map(Object... keysAndValues) {
    return new Value.M(item(keysAndValues));
  }

  /** {@code item("a", s("x"), "b", n(1))}: an item, in the order given. */
  static Map<String, Value> item(Object... keysAndValues) {
    Map<String, Value> item = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      item.put((String) keysAndValues[i], (Value) keysAndValues[i + 1]);
    }
    return item;
  }

  static Map<String, String> names(String... pairs) {
    Map<String, String> names = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      names.put(pairs[i], pairs[i + 1]);
    }
    return names;
  }

  static Map<String, Value> values(Object... pairs) {
    return item(pairs);
  }

  /** Asserts the call is refused with AWS's ValidationException and exactly this message. */
  static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(
      ThrowingCallable call, String message) {
    return Assertions.assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            DynamoDbException.class,
            e -> Assertions.assertThat(e.code()).isEqualTo("ValidationException"))
        .hasMessage(message);
  }
}
