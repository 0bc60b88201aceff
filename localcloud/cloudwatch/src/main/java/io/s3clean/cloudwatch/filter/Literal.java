package io.s3clean.cloudwatch.filter;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/** The right-hand side of a comparison: a number, a text with {@code *} wildcards, or a regex. */
sealed interface Literal {

  /** Whether {@code value} compares with this literal under {@code op}. */
  boolean test(Operator op, FieldValue value);

  record Number(BigDecimal value) implements Literal {
    @Override
    public boolean test(Operator op, FieldValue field) {
      if (!field.isValue()) {
        return false;
      }
      BigDecimal number = field.number();
      if (number == null) {
        // A non-numeric value is simply not equal to a number; it is neither above nor below it.
        return op == Operator.NE;
      }
      return op.holds(number.compareTo(value));
    }
  }

  record Text(String glob, Pattern compiled) implements Literal {
    static Text of(String glob) {
      return new Text(glob, Pattern.compile(globToRegex(glob), Pattern.DOTALL));
    }

    private static String globToRegex(String glob) {
      StringBuilder regex = new StringBuilder();
      String[] pieces = glob.split("\\*", -1);
      for (int i = 0; i < pieces.length; i++) {
        if (i > 0) {
          regex.append(".*");
        }
        if (!pieces[i].isEmpty()) {
          regex.append(Pattern.quote(pieces[i]));
        }
      }
      return regex.toString();
    }

    @Override
    public boolean test(Operator op, FieldValue field) {
      if (!field.isValue()) {
        return false;
      }
      boolean equal = compiled.matcher(field.text).matches();
      return op == Operator.EQ ? equal : !equal;
    }
  }

  record Regex(Pattern pattern) implements Literal {
    @Override
    public boolean test(Operator op, FieldValue field) {
      if (!field.isValue()) {
        return false;
      }
      boolean found = pattern.matcher(field.text).find();
      return op == Operator.EQ ? found : !found;
    }
  }

  /**
   * Reads a literal after {@code op}: a quoted string, a {@code %regex%} or a bare word that ends
   * at whitespace or at one of {@code stopCharacters}. Relational operators need a number.
   */
  static Literal read(PatternReader in, Operator op, String stopCharacters) {
    in.skipWhitespace();
    int start = in.pos;
    Literal literal;
    if (in.atEnd()) {
      throw in.error("expected a value after '" + op.symbol + "'");
    } else if (in.peek() == '"') {
      literal = Text.of(in.quoted());
    } else if (in.peek() == '%') {
      literal = new Regex(in.regex());
    } else {
      String bare = bareWord(in, stopCharacters);
      if (bare.isEmpty()) {
        throw in.error("expected a value after '" + op.symbol + "' but found " + in.found());
      }
      BigDecimal number = FieldValue.parseNumber(bare);
      literal = number != null ? new Number(number) : Text.of(bare);
    }
    if (op.relational() && !(literal instanceof Number)) {
      throw in.error(
          "'"
              + op.symbol
              + "' compares numbers, but '"
              + in.text.substring(start, in.pos)
              + "' is not a number",
          start);
    }
    return literal;
  }

  private static String bareWord(PatternReader in, String stopCharacters) {
    int start = in.pos;
    while (!in.atEnd()) {
      char c = in.peek();
      if (Character.isWhitespace(c)
          || stopCharacters.indexOf(c) >= 0
          || in.startsWith("&&")
          || in.startsWith("||")) {
        break;
      }
      if ("\"%".indexOf(c) >= 0) {
        throw in.error("'" + c + "' inside an unquoted value: quote the whole value");
      }
      in.pos++;
    }
    return in.text.substring(start, in.pos);
  }
}
