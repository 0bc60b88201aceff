package io.s3clean.cloudwatch.filter;

/** The comparison operators of JSON and space-delimited filter patterns. */
enum Operator {
  EQ("="),
  NE("!="),
  LE("<="),
  GE(">="),
  LT("<"),
  GT(">");

  final String symbol;

  Operator(String symbol) {
    this.symbol = symbol;
  }

  boolean relational() {
    return this != EQ && this != NE;
  }

  /** Longest symbols first, so {@code <=} is not read as {@code <}. */
  static Operator read(PatternReader in) {
    in.skipWhitespace();
    for (Operator op : new Operator[] {NE, LE, GE, EQ, LT, GT}) {
      if (in.consume(op.symbol)) {
        return op;
      }
    }
    return null;
  }

  boolean holds(int comparison) {
    return switch (this) {
      case EQ -> comparison == 0;
      case NE -> comparison != 0;
      case LE -> comparison <= 0;
      case GE -> comparison >= 0;
      case LT -> comparison < 0;
      case GT -> comparison > 0;
    };
  }
}
