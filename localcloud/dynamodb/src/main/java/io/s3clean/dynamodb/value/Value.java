package io.s3clean.dynamodb.value;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One DynamoDB attribute value. Every type of the service has its record; numbers are kept as
 * {@link BigDecimal} already normalised (see {@link Numbers}), strings as Java strings, binary as
 * {@link Bytes}. Values are immutable: maps, lists and sets are copied in.
 */
public sealed interface Value {

  /** DynamoDB's name of the type: S, N, B, BOOL, NULL, M, L, SS, NS, BS. */
  String typeName();

  record S(String value) implements Value {
    public S {
      Objects.requireNonNull(value);
    }

    @Override
    public String typeName() {
      return "S";
    }
  }

  record N(BigDecimal value) implements Value {
    public N {
      Objects.requireNonNull(value);
    }

    @Override
    public String typeName() {
      return "N";
    }

    /** The text DynamoDB returns for the number. */
    public String text() {
      return Numbers.format(value);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof N n && value.compareTo(n.value) == 0;
    }

    @Override
    public int hashCode() {
      return value.stripTrailingZeros().hashCode();
    }

    @Override
    public String toString() {
      return "N[" + text() + "]";
    }
  }

  record B(Bytes value) implements Value {
    public B {
      Objects.requireNonNull(value);
    }

    @Override
    public String typeName() {
      return "B";
    }
  }

  record Bool(boolean value) implements Value {
    public static final Bool TRUE = new Bool(true);
    public static final Bool FALSE = new Bool(false);

    public static Bool of(boolean value) {
      return value ? TRUE : FALSE;
    }

    @Override
    public String typeName() {
      return "BOOL";
    }
  }

  /** DynamoDB's NULL type: always {@code {"NULL": true}}. */
  record Null() implements Value {
    public static final Null INSTANCE = new Null();

    @Override
    public String typeName() {
      return "NULL";
    }
  }

  record M(Map<String, Value> value) implements Value {
    public M {
      value = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(value));
    }

    @Override
    public String typeName() {
      return "M";
    }
  }

  record L(List<Value> value) implements Value {
    public L {
      value = List.copyOf(value);
    }

    @Override
    public String typeName() {
      return "L";
    }
  }

  /** A string set; never empty once stored. */
  record SS(Set<String> value) implements Value {
    public SS {
      value = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(value));
    }

    @Override
    public String typeName() {
      return "SS";
    }
  }

  /** A number set, compared numerically: 1 and 1.0 are one member. */
  record NS(Set<BigDecimal> value) implements Value {
    public NS {
      java.util.LinkedHashSet<BigDecimal> normalised = new java.util.LinkedHashSet<>();
      for (BigDecimal number : value) {
        normalised.add(Numbers.canonical(number));
      }
      value = java.util.Collections.unmodifiableSet(normalised);
    }

    @Override
    public String typeName() {
      return "NS";
    }
  }

  record BS(Set<Bytes> value) implements Value {
    public BS {
      value = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(value));
    }

    @Override
    public String typeName() {
      return "BS";
    }
  }

  static S s(String value) {
    return new S(value);
  }

  static N n(BigDecimal value) {
    return new N(Numbers.canonical(value));
  }

  static N n(long value) {
    return n(BigDecimal.valueOf(value));
  }
}
