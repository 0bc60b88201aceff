package io.s3clean.cloudwatch.filter;

import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** A boolean expression over an event's fields, the body of JSON and space-delimited patterns. */
sealed interface Condition {

  boolean holds(Function<FieldReference, FieldValue> fields);

  /** Every field the expression mentions, in the order written, whatever it tests of it. */
  Stream<FieldReference> fields();

  record And(Condition left, Condition right) implements Condition {
    @Override
    public boolean holds(Function<FieldReference, FieldValue> fields) {
      return left.holds(fields) && right.holds(fields);
    }

    @Override
    public Stream<FieldReference> fields() {
      return Stream.concat(left.fields(), right.fields());
    }
  }

  record Or(Condition left, Condition right) implements Condition {
    @Override
    public boolean holds(Function<FieldReference, FieldValue> fields) {
      return left.holds(fields) || right.holds(fields);
    }

    @Override
    public Stream<FieldReference> fields() {
      return Stream.concat(left.fields(), right.fields());
    }
  }

  record Compare(FieldReference field, Operator op, Literal literal) implements Condition {
    @Override
    public boolean holds(Function<FieldReference, FieldValue> fields) {
      return literal.test(op, fields.apply(field));
    }

    @Override
    public Stream<FieldReference> fields() {
      return Stream.of(field);
    }
  }

  /** {@code IS NULL}, {@code IS TRUE}, {@code IS FALSE} and {@code NOT EXISTS}. */
  record Is(FieldReference field, String keyword) implements Condition {
    @Override
    public boolean holds(Function<FieldReference, FieldValue> fields) {
      FieldValue value = fields.apply(field);
      return switch (keyword) {
        case "NULL" -> value.kind == FieldValue.Kind.NULL;
        case "TRUE" -> value.kind == FieldValue.Kind.BOOLEAN && "true".equals(value.text);
        case "FALSE" -> value.kind == FieldValue.Kind.BOOLEAN && "false".equals(value.text);
        case "NOT EXISTS" -> value.kind == FieldValue.Kind.MISSING;
        default -> throw new IllegalStateException(keyword);
      };
    }

    @Override
    public Stream<FieldReference> fields() {
      return Stream.of(field);
    }
  }

  /**
   * Parses {@code ||} over {@code &&} over primaries, the Logs docs' order of operations "() > && >
   * ||"; {@code primary} reads one comparison.
   */
  static Condition parse(PatternReader in, Supplier<Condition> primary) {
    Condition left = parseAnd(in, primary);
    while (true) {
      in.skipWhitespace();
      if (!in.consume("||")) {
        return left;
      }
      left = new Or(left, parseAnd(in, primary));
    }
  }

  private static Condition parseAnd(PatternReader in, Supplier<Condition> primary) {
    Condition left = parsePrimary(in, primary);
    while (true) {
      in.skipWhitespace();
      if (!in.consume("&&")) {
        return left;
      }
      left = new And(left, parsePrimary(in, primary));
    }
  }

  private static Condition parsePrimary(PatternReader in, Supplier<Condition> primary) {
    in.skipWhitespace();
    if (in.consume("(")) {
      Condition inner = parse(in, primary);
      in.expect(")");
      return inner;
    }
    return primary.get();
  }
}
