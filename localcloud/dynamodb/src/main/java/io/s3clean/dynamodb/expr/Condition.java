package io.s3clean.dynamodb.expr;

import io.s3clean.dynamodb.value.Value;
import java.util.Map;

/**
 * A ConditionExpression or FilterExpression (developer guide, "Condition and filter expressions,
 * operators, and functions"): parsed once per request, then tested against items.
 */
public final class Condition {
  private final ConditionNode root;

  private Condition(ConditionNode root) {
    this.root = root;
  }

  /**
   * Parses {@code expression}, resolving its placeholders in {@code context}.
   *
   * @param parameterName the request parameter it came from, as refusals name it: {@code
   *     ConditionExpression}, {@code FilterExpression}
   */
  public static Condition parse(
      String expression, ExpressionContext context, String parameterName) {
    return new Condition(new ConditionParser(expression, context, parameterName).parse());
  }

  /** Whether {@code item} satisfies the condition; an empty map stands for no item at all. */
  public boolean test(Map<String, Value> item) {
    return root.test(item);
  }

  /**
   * The top-level attribute names the condition reads, e.g. for Query's refusal of key attributes
   * in a filter.
   */
  public java.util.Set<String> attributeNames() {
    java.util.Set<String> names = new java.util.LinkedHashSet<>();
    collect(root, names);
    return names;
  }

  private static void collect(ConditionNode node, java.util.Set<String> names) {
    if (node instanceof ConditionNode.And and) {
      collect(and.left(), names);
      collect(and.right(), names);
    } else if (node instanceof ConditionNode.Or or) {
      collect(or.left(), names);
      collect(or.right(), names);
    } else if (node instanceof ConditionNode.Not not) {
      collect(not.operand(), names);
    } else if (node instanceof ConditionNode.Compare compare) {
      collect(compare.left(), names);
      collect(compare.right(), names);
    } else if (node instanceof ConditionNode.Between between) {
      collect(between.operand(), names);
      collect(between.lower(), names);
      collect(between.upper(), names);
    } else if (node instanceof ConditionNode.In in) {
      collect(in.operand(), names);
      in.candidates().forEach(candidate -> collect(candidate, names));
    } else if (node instanceof ConditionNode.AttributeExists exists) {
      names.add(exists.path().attributeName());
    } else if (node instanceof ConditionNode.AttributeNotExists notExists) {
      names.add(notExists.path().attributeName());
    } else if (node instanceof ConditionNode.AttributeType type) {
      names.add(type.path().attributeName());
    } else if (node instanceof ConditionNode.BeginsWith beginsWith) {
      collect(beginsWith.operand(), names);
      collect(beginsWith.prefix(), names);
    } else if (node instanceof ConditionNode.Contains contains) {
      collect(contains.container(), names);
      collect(contains.operand(), names);
    }
  }

  private static void collect(Operand operand, java.util.Set<String> names) {
    if (operand instanceof Operand.PathRef ref) {
      names.add(ref.path().attributeName());
    } else if (operand instanceof Operand.Size size) {
      names.add(size.path().attributeName());
    }
  }

  ConditionNode root() {
    return root;
  }
}
