package io.s3clean.dynamodb.expr;

import io.s3clean.dynamodb.DynamoDbException;
import io.s3clean.dynamodb.expr.ConditionNode.Comparator;
import io.s3clean.dynamodb.value.Value;
import io.s3clean.dynamodb.value.ValueOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Query's KeyConditionExpression: {@code hash = :v}, optionally {@code AND} one condition on the
 * sort key ({@code =, <, <=, >, >=, BETWEEN, begins_with}). Parsed with the condition grammar, then
 * held to that shape with DynamoDB's messages.
 */
public final class KeyCondition {
  private static final String PARAMETER = "KeyConditionExpression";

  private final Value hashValue;
  private final Range range;

  private KeyCondition(Value hashValue, Range range) {
    this.hashValue = hashValue;
    this.range = range;
  }

  /**
   * @param hashKey the partition key attribute of the table or index queried
   * @param rangeKey its sort key attribute, or null when it has none
   */
  public static KeyCondition parse(
      String expression, ExpressionContext context, String hashKey, String rangeKey) {
    ConditionNode root = new ConditionParser(expression, context, PARAMETER).parse();
    List<ConditionNode> parts = new ArrayList<>();
    flatten(root, parts);
    Map<String, Range> byAttribute = new LinkedHashMap<>();
    for (ConditionNode part : parts) {
      Range range = range(part);
      if (byAttribute.put(range.attribute, range) != null) {
        throw DynamoDbException.validation(
            "KeyConditionExpressions must only contain one condition per key");
      }
    }
    Range hash = byAttribute.remove(hashKey);
    if (hash == null) {
      throw DynamoDbException.validation("Query condition missed key schema element: " + hashKey);
    }
    Range sort = rangeKey == null ? null : byAttribute.remove(rangeKey);
    if (!byAttribute.isEmpty()) {
      if (rangeKey != null && sort == null) {
        throw DynamoDbException.validation(
            "Query condition missed key schema element: " + rangeKey);
      }
      throw DynamoDbException.validation("Query key condition not supported");
    }
    if (hash.operator != Operator.EQ) {
      throw DynamoDbException.validation("Query key condition not supported");
    }
    return new KeyCondition(hash.first, sort);
  }

  /** The value the partition key must equal. */
  public Value hashValue() {
    return hashValue;
  }

  /** Whether a sort key value satisfies the sort key condition (true when there is none). */
  public boolean rangeMatches(Value rangeValue) {
    if (range == null) {
      return true;
    }
    if (rangeValue == null) {
      return false;
    }
    switch (range.operator) {
      case BEGINS_WITH:
        return Values.beginsWith(rangeValue, range.first);
      case BETWEEN:
        return Values.ordered(rangeValue, range.first)
            && Values.ordered(rangeValue, range.second)
            && ValueOrder.compare(range.first, rangeValue) <= 0
            && ValueOrder.compare(rangeValue, range.second) <= 0;
      default:
        return range.operator.comparator.test(rangeValue, range.first);
    }
  }

  /**
   * The least sort key value that can match, inclusive, when the condition bounds it from below.
   * Strict bounds ({@code >}) are reported as inclusive: {@link #rangeMatches} decides.
   */
  public Optional<Value> lowerBound() {
    if (range == null) {
      return Optional.empty();
    }
    switch (range.operator) {
      case EQ:
      case GT:
      case GE:
      case BETWEEN:
      case BEGINS_WITH:
        return Optional.of(range.first);
      default:
        return Optional.empty();
    }
  }

  /** The greatest sort key value that can match, inclusive, when the condition bounds it above. */
  public Optional<Value> upperBound() {
    if (range == null) {
      return Optional.empty();
    }
    switch (range.operator) {
      case EQ:
      case LT:
      case LE:
        return Optional.of(range.first);
      case BETWEEN:
        return Optional.of(range.second);
      default:
        return Optional.empty();
    }
  }

  private static void flatten(ConditionNode node, List<ConditionNode> parts) {
    if (node instanceof ConditionNode.And and) {
      flatten(and.left(), parts);
      flatten(and.right(), parts);
    } else {
      parts.add(node);
    }
  }

  private enum Operator {
    EQ(Comparator.EQ),
    LT(Comparator.LT),
    LE(Comparator.LE),
    GT(Comparator.GT),
    GE(Comparator.GE),
    BETWEEN(null),
    BEGINS_WITH(null);

    final Comparator comparator;

    Operator(Comparator comparator) {
      this.comparator = comparator;
    }
  }

  /** One condition on one key attribute. */
  private static final class Range {
    final String attribute;
    final Operator operator;
    final Value first;
    final Value second;

    Range(String attribute, Operator operator, Value first, Value second) {
      this.attribute = attribute;
      this.operator = operator;
      this.first = first;
      this.second = second;
    }
  }

  private static Range range(ConditionNode node) {
    if (node instanceof ConditionNode.Compare compare) {
      Operand left = compare.left();
      Operand right = compare.right();
      Comparator comparator = compare.comparator();
      if (comparator == Comparator.NE) {
        throw invalidOperator("<>");
      }
      if (left instanceof Operand.Literal && !(right instanceof Operand.Literal)) {
        // :v < key reads as key > :v
        Operand swap = left;
        left = right;
        right = swap;
        comparator = mirror(comparator);
      }
      return new Range(key(left), operator(comparator), value(right), null);
    }
    if (node instanceof ConditionNode.Between between) {
      return new Range(
          key(between.operand()), Operator.BETWEEN, value(between.lower()), value(between.upper()));
    }
    if (node instanceof ConditionNode.BeginsWith beginsWith) {
      return new Range(
          key(beginsWith.operand()), Operator.BEGINS_WITH, value(beginsWith.prefix()), null);
    }
    throw invalidOperator(operatorName(node));
  }

  private static String operatorName(ConditionNode node) {
    if (node instanceof ConditionNode.Or) {
      return "OR";
    } else if (node instanceof ConditionNode.Not) {
      return "NOT";
    } else if (node instanceof ConditionNode.In) {
      return "IN";
    } else if (node instanceof ConditionNode.AttributeExists) {
      return "attribute_exists";
    } else if (node instanceof ConditionNode.AttributeNotExists) {
      return "attribute_not_exists";
    } else if (node instanceof ConditionNode.AttributeType) {
      return "attribute_type";
    }
    return "contains";
  }

  private static Comparator mirror(Comparator comparator) {
    switch (comparator) {
      case LT:
        return Comparator.GT;
      case LE:
        return Comparator.GE;
      case GT:
        return Comparator.LT;
      case GE:
        return Comparator.LE;
      default:
        return comparator;
    }
  }

  private static Operator operator(Comparator comparator) {
    switch (comparator) {
      case EQ:
        return Operator.EQ;
      case LT:
        return Operator.LT;
      case LE:
        return Operator.LE;
      case GT:
        return Operator.GT;
      default:
        return Operator.GE;
    }
  }

  private static String key(Operand operand) {
    if (operand instanceof Operand.Size) {
      throw invalidOperator("size");
    }
    if (operand instanceof Operand.Literal) {
      throw invalid("Invalid condition in KeyConditionExpression: No key attribute specified");
    }
    Path path = ((Operand.PathRef) operand).path();
    if (!path.isTopLevel()) {
      throw invalid(
          "KeyConditionExpressions cannot contain nested attribute references; key: " + path);
    }
    return path.attributeName();
  }

  private static Value value(Operand operand) {
    if (operand instanceof Operand.Literal literal) {
      return literal.value();
    }
    if (operand instanceof Operand.Size) {
      throw invalidOperator("size");
    }
    throw invalid(
        "Invalid condition in KeyConditionExpression: Multiple attribute names used in one"
            + " condition");
  }

  private static DynamoDbException invalidOperator(String operator) {
    return invalid("Invalid operator used in KeyConditionExpression: " + operator);
  }

  private static DynamoDbException invalid(String message) {
    return DynamoDbException.validation(message);
  }
}
