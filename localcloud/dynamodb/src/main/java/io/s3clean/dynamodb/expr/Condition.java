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
  public static Condition parse(String expression, ExpressionContext context, String parameterName) {
    return new Condition(new ConditionParser(expression, context, parameterName).parse());
  }

  /** Whether {@code item} satisfies the condition; an empty map stands for no item at all. */
  public boolean test(Map<String, Value> item) {
    return root.test(item);
  }

  ConditionNode root() {
    return root;
  }
}
