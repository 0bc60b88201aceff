package io.s3clean.dynamodb.expr;

import io.s3clean.dynamodb.value.Value;
import io.s3clean.dynamodb.value.ValueOrder;
import java.util.List;
import java.util.Map;

/** The parsed form of a condition, evaluated against one item (empty when there is none). */
sealed interface ConditionNode
    permits ConditionNode.And,
        ConditionNode.Or,
        ConditionNode.Not,
        ConditionNode.Compare,
        ConditionNode.Between,
        ConditionNode.In,
        ConditionNode.AttributeExists,
        ConditionNode.AttributeNotExists,
        ConditionNode.AttributeType,
        ConditionNode.BeginsWith,
        ConditionNode.Contains {

  boolean test(Map<String, Value> item);

  enum Comparator {
    EQ("="),
    NE("<>"),
    LT("<"),
    LE("<="),
    GT(">"),
    GE(">=");

    final String symbol;

    Comparator(String symbol) {
      this.symbol = symbol;
    }

    /** A missing operand (null) equals nothing and orders with nothing. */
    boolean test(Value a, Value b) {
      if (this == EQ) {
        return a != null && a.equals(b);
      }
      if (this == NE) {
        return a == null || !a.equals(b);
      }
      if (!Values.ordered(a, b)) {
        return false;
      }
      int order = ValueOrder.compare(a, b);
      switch (this) {
        case LT:
          return order < 0;
        case LE:
          return order <= 0;
        case GT:
          return order > 0;
        default:
          return order >= 0;
      }
    }
  }

  record And(ConditionNode left, ConditionNode right) implements ConditionNode {
    @Override
    public boolean test(Map<String, Value> item) {
      return left.test(item) && right.test(item);
    }
  }

  record Or(ConditionNode left, ConditionNode right) implements ConditionNode {
    @Override
    public boolean test(Map<String, Value> item) {
      return left.test(item) || right.test(item);
    }
  }

  record Not(ConditionNode operand) implements ConditionNode {
    @Override
    public boolean test(Map<String, Value> item) {
      return !operand.test(item);
    }
  }

  record Compare(Comparator comparator, Operand left, Operand right) implements ConditionNode {
    @Override
    public boolean test(Map<String, Value> item) {
      return comparator.test(left.evaluate(item), right.evaluate(item));
    }
  }

  record Between(Operand operand, Operand lower, Operand upper) implements ConditionNode {
    @Override
    public boolean test(Map<String, Value> item) {
      Value value = operand.evaluate(item);
      Value low = lower.evaluate(item);
      Value high = upper.evaluate(item);
      return Values.ordered(value, low)
          && Values.ordered(value, high)
          && ValueOrder.compare(low, value) <= 0
          && ValueOrder.compare(value, high) <= 0;
    }
  }

  record In(Operand operand, List<Operand> candidates) implements ConditionNode {
    @Override
    public boolean test(Map<String, Value> item) {
      Value value = operand.evaluate(item);
      if (value == null) {
        return false;
      }
      for (Operand candidate : candidates) {
        if (value.equals(candidate.evaluate(item))) {
          return true;
        }
      }
      return false;
    }
  }

  record AttributeExists(Path path) implements ConditionNode {
    @Override
    public boolean test(Map<String, Value> item) {
      return path.resolve(item) != null;
    }
  }

  record AttributeNotExists(Path path) implements ConditionNode {
    @Override
    public boolean test(Map<String, Value> item) {
      return path.resolve(item) == null;
    }
  }

  record AttributeType(Path path, String typeName) implements ConditionNode {
    @Override
    public boolean test(Map<String, Value> item) {
      Value value = path.resolve(item);
      return value != null && value.typeName().equals(typeName);
    }
  }

  record BeginsWith(Operand operand, Operand prefix) implements ConditionNode {
    @Override
    public boolean test(Map<String, Value> item) {
      return Values.beginsWith(operand.evaluate(item), prefix.evaluate(item));
    }
  }

  record Contains(Operand container, Operand operand) implements ConditionNode {
    @Override
    public boolean test(Map<String, Value> item) {
      return Values.contains(container.evaluate(item), operand.evaluate(item));
    }
  }
}
