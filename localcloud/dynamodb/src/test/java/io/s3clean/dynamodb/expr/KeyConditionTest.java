package io.s3clean.dynamodb.expr;

import static io.s3clean.dynamodb.expr.TestValues.assertRefused;
import static io.s3clean.dynamodb.expr.TestValues.b;
import static io.s3clean.dynamodb.expr.TestValues.n;
import static io.s3clean.dynamodb.expr.TestValues.names;
import static io.s3clean.dynamodb.expr.TestValues.s;
import static io.s3clean.dynamodb.expr.TestValues.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.s3clean.dynamodb.value.Value;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyConditionTest {
  private static final Map<String, Value> VALUES =
      values(
          ":pk", s("user#1"),
          ":one", n(1),
          ":five", n(5),
          ":ord", s("order#"),
          ":b1", b(1),
          ":other", s("x"));

  private static KeyCondition parse(String expression) {
    return KeyCondition.parse(
        expression, new ExpressionContext(names("#pk", "pk", "#sk", "sk"), VALUES), "pk", "sk");
  }

  private static void refused(String expression, String message) {
    refused(expression, "sk", message);
  }

  private static void refused(String expression, String rangeKey, String message) {
    assertRefused(
        () ->
            KeyCondition.parse(
                expression,
                new ExpressionContext(names("#pk", "pk", "#sk", "sk"), VALUES),
                "pk",
                rangeKey),
        message);
  }

  @Test
  void hash_key_alone_matches_every_sort_key() {
    KeyCondition condition = parse("pk = :pk");
    assertThat(condition.hashValue()).isEqualTo(s("user#1"));
    assertThat(condition.rangeMatches(n(42))).isTrue();
    assertThat(condition.lowerBound()).isEmpty();
    assertThat(condition.upperBound()).isEmpty();
  }

  @Test
  void a_table_without_sort_key() {
    KeyCondition condition =
        KeyCondition.parse(
            "#pk = :pk", new ExpressionContext(names("#pk", "pk"), VALUES), "pk", null);
    assertThat(condition.hashValue()).isEqualTo(s("user#1"));
    assertThat(condition.rangeMatches(null)).isTrue();
  }

  @Test
  void equality_on_the_sort_key() {
    KeyCondition condition = parse("pk = :pk AND sk = :five");
    assertThat(condition.rangeMatches(n(5))).isTrue();
    assertThat(condition.rangeMatches(n("5.0"))).isTrue();
    assertThat(condition.rangeMatches(n(4))).isFalse();
    assertThat(condition.rangeMatches(s("5"))).isFalse();
    assertThat(condition.lowerBound()).contains(n(5));
    assertThat(condition.upperBound()).contains(n(5));
  }

  @Test
  void ordering_comparisons_and_their_bounds() {
    KeyCondition lt = parse("pk = :pk AND sk < :five");
    assertThat(lt.rangeMatches(n(4))).isTrue();
    assertThat(lt.rangeMatches(n(5))).isFalse();
    assertThat(lt.lowerBound()).isEmpty();
    assertThat(lt.upperBound()).contains(n(5));

    KeyCondition le = parse("pk = :pk AND sk <= :five");
    assertThat(le.rangeMatches(n(5))).isTrue();
    assertThat(le.rangeMatches(n(6))).isFalse();

    KeyCondition gt = parse("pk = :pk AND sk > :five");
    assertThat(gt.rangeMatches(n(5))).isFalse();
    assertThat(gt.rangeMatches(n(6))).isTrue();
    assertThat(gt.lowerBound()).contains(n(5));
    assertThat(gt.upperBound()).isEmpty();

    KeyCondition ge = parse("pk = :pk AND sk >= :five");
    assertThat(ge.rangeMatches(n(5))).isTrue();
    assertThat(ge.rangeMatches(n(4))).isFalse();
  }

  @Test
  void a_value_first_comparison_reads_the_other_way_round() {
    KeyCondition condition = parse(":five > sk AND :pk = pk");
    assertThat(condition.hashValue()).isEqualTo(s("user#1"));
    assertThat(condition.rangeMatches(n(4))).isTrue();
    assertThat(condition.rangeMatches(n(5))).isFalse();
  }

  @Test
  void between_is_inclusive() {
    KeyCondition condition = parse("pk = :pk AND sk BETWEEN :one AND :five");
    assertThat(condition.rangeMatches(n(1))).isTrue();
    assertThat(condition.rangeMatches(n(5))).isTrue();
    assertThat(condition.rangeMatches(n(6))).isFalse();
    assertThat(condition.lowerBound()).contains(n(1));
    assertThat(condition.upperBound()).contains(n(5));
  }

  @Test
  void begins_with_on_strings_and_binary() {
    KeyCondition condition = parse("#pk = :pk and begins_with(#sk, :ord)");
    assertThat(condition.rangeMatches(s("order#2024"))).isTrue();
    assertThat(condition.rangeMatches(s("invoice#1"))).isFalse();
    assertThat(condition.lowerBound()).contains(s("order#"));
    assertThat(condition.upperBound()).isEmpty();
    assertThat(parse("pk = :pk AND begins_with(sk, :b1)").rangeMatches(b(1, 2))).isTrue();
  }

  @Test
  void parentheses_are_allowed() {
    assertThatCode(() -> parse("(pk = :pk) AND (sk > :one)")).doesNotThrowAnyException();
  }

  @Test
  void the_hash_key_condition_is_required_and_must_be_equality() {
    refused("sk = :one", "Query condition missed key schema element: pk");
    refused("pk > :pk", "Query key condition not supported");
  }

  @Test
  void conditions_on_other_attributes_are_refused() {
    refused("pk = :pk AND colour = :other", "Query condition missed key schema element: sk");
    refused("pk = :pk AND sk = :one AND colour = :other", "Query key condition not supported");
    refused("pk = :pk AND colour = :other", null, "Query key condition not supported");
  }

  @Test
  void one_condition_per_key() {
    refused(
        "pk = :pk AND pk = :other",
        "KeyConditionExpressions must only contain one condition per key");
  }

  @Test
  void operators_a_key_condition_does_not_allow() {
    refused("pk = :pk OR sk = :one", "Invalid operator used in KeyConditionExpression: OR");
    refused("pk = :pk AND NOT sk = :one", "Invalid operator used in KeyConditionExpression: NOT");
    refused("pk = :pk AND sk <> :one", "Invalid operator used in KeyConditionExpression: <>");
    refused(
        "pk = :pk AND sk IN (:one, :five)", "Invalid operator used in KeyConditionExpression: IN");
    refused(
        "pk = :pk AND attribute_exists(sk)",
        "Invalid operator used in KeyConditionExpression: attribute_exists");
    refused(
        "pk = :pk AND contains(sk, :ord)",
        "Invalid operator used in KeyConditionExpression: contains");
    refused(
        "pk = :pk AND size(sk) > :one", "Invalid operator used in KeyConditionExpression: size");
  }

  @Test
  void each_condition_compares_one_key_with_one_value() {
    refused(
        "pk = sk",
        "Invalid condition in KeyConditionExpression: Multiple attribute names used in one"
            + " condition");
    refused(
        ":pk = :other", "Invalid condition in KeyConditionExpression: No key attribute specified");
  }

  @Test
  void the_condition_grammar_refusals_apply() {
    refused("", "Invalid KeyConditionExpression: The expression can not be empty;");
    refused(
        "pk = :pk AND sk BETWEEN :five AND :one",
        "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater"
            + " than or equal to lower bound; lower operand: AttributeValue: {N:5}, upper operand:"
            + " AttributeValue: {N:1}");
    refused(
        "pk = :pk AND begins_with(sk, :one)",
        "Invalid KeyConditionExpression: Incorrect operand type for operator or function;"
            + " operator or function: begins_with, operand type: N");
    refused(
        "pk = :nope",
        "Invalid KeyConditionExpression: An expression attribute value used in expression is not"
            + " defined; attribute value: :nope");
  }

  @Test
  void placeholders_used_are_recorded() {
    ExpressionContext context = new ExpressionContext(names("#pk", "pk"), values(":pk", s("a")));
    KeyCondition.parse("#pk = :pk", context, "pk", "sk");
    assertThatCode(context::checkAllUsed).doesNotThrowAnyException();
  }
}
