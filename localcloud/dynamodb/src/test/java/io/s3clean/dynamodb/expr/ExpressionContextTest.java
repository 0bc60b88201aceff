package io.s3clean.dynamodb.expr;

import static io.s3clean.dynamodb.expr.TestValues.assertRefused;
import static io.s3clean.dynamodb.expr.TestValues.n;
import static io.s3clean.dynamodb.expr.TestValues.names;
import static io.s3clean.dynamodb.expr.TestValues.values;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

class ExpressionContextTest {

  @Test
  void names_and_values_used_by_any_expression_of_the_request_pass() {
    // GIVEN one request with a condition and an update sharing the context
    ExpressionContext context =
        new ExpressionContext(names("#a", "a", "#b", "b"), values(":one", n(1), ":two", n(2)));
    // WHEN each expression uses some of them
    Condition.parse("#a = :one", context, "ConditionExpression");
    UpdateExpression.parse("SET #b = :two", context);
    // THEN all were used
    assertThatCode(context::checkAllUsed).doesNotThrowAnyException();
  }

  @Test
  void an_unused_name_is_refused() {
    ExpressionContext context = new ExpressionContext(names("#a", "a", "#x", "x"), values());
    Condition.parse("attribute_exists(#a)", context, "ConditionExpression");
    assertRefused(
        context::checkAllUsed,
        "Value provided in ExpressionAttributeNames unused in expressions: keys: {#x}");
  }

  @Test
  void an_unused_value_is_refused() {
    ExpressionContext context = new ExpressionContext(null, values(":a", n(1), ":b", n(2)));
    Condition.parse("x = :a", context, "ConditionExpression");
    assertRefused(
        context::checkAllUsed,
        "Value provided in ExpressionAttributeValues unused in expressions: keys: {:b}");
  }

  @Test
  void unused_names_are_reported_before_unused_values() {
    ExpressionContext context = new ExpressionContext(names("#x", "x"), values(":y", n(1)));
    assertRefused(
        context::checkAllUsed,
        "Value provided in ExpressionAttributeNames unused in expressions: keys: {#x}");
  }

  @Test
  void no_names_and_no_values_is_fine() {
    assertThatCode(() -> new ExpressionContext(null, null).checkAllUsed())
        .doesNotThrowAnyException();
    assertThatCode(() -> ExpressionContext.empty().checkAllUsed()).doesNotThrowAnyException();
  }
}
