package io.s3clean.dynamodb.expr;

import static io.s3clean.dynamodb.expr.TestValues.assertRefused;
import static io.s3clean.dynamodb.expr.TestValues.bool;
import static io.s3clean.dynamodb.expr.TestValues.bs;
import static io.s3clean.dynamodb.expr.TestValues.item;
import static io.s3clean.dynamodb.expr.TestValues.list;
import static io.s3clean.dynamodb.expr.TestValues.map;
import static io.s3clean.dynamodb.expr.TestValues.n;
import static io.s3clean.dynamodb.expr.TestValues.names;
import static io.s3clean.dynamodb.expr.TestValues.ns;
import static io.s3clean.dynamodb.expr.TestValues.s;
import static io.s3clean.dynamodb.expr.TestValues.ss;
import static io.s3clean.dynamodb.expr.TestValues.values;
import static org.assertj.core.api.Assertions.assertThat;

import io.s3clean.dynamodb.value.Value;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class UpdateExpressionTest {
  private static final Map<String, Value> VALUES =
      values(
          ":one", n(1),
          ":two", n(2),
          ":x", s("x"),
          ":y", s("y"),
          ":t", bool(true),
          ":l1", list(n(1)),
          ":l23", list(n(2), n(3)),
          ":empty", list(),
          ":red", ss("red"),
          ":redBlue", ss("red", "blue"),
          ":green", ss("green"),
          ":n1", ns("1"),
          ":b1", bs((byte) 1),
          ":m", map("k", s("v")),
          ":huge", n("1E+125"),
          ":tenth", n("0.1"));

  private static UpdateExpression parse(String expression) {
    return UpdateExpression.parse(
        expression, new ExpressionContext(names("#n", "name", "#c", "count"), VALUES));
  }

  private static Map<String, Value> apply(String expression, Map<String, Value> item) {
    return parse(expression).apply(item);
  }

  private static void refused(String expression, String message) {
    assertRefused(() -> parse(expression), message);
  }

  private static void refusedOn(Map<String, Value> item, String expression, String message) {
    UpdateExpression update = parse(expression);
    assertRefused(() -> update.apply(item), message);
  }

  @Nested
  class Set {
    @Test
    void sets_top_level_attributes_and_leaves_the_input_alone() {
      Map<String, Value> before = item("a", n(1));
      Map<String, Value> after = apply("SET a = :two, b = :x", before);
      assertThat(after).isEqualTo(item("a", n(2), "b", s("x")));
      assertThat(before).isEqualTo(item("a", n(1)));
    }

    @Test
    void creates_a_new_item_from_nothing() {
      assertThat(apply("SET a = :x", Map.of())).isEqualTo(item("a", s("x")));
    }

    @Test
    void copies_another_attribute_as_it_was_before_the_update() {
      // b reads a's old value though a is set in the same expression
      assertThat(apply("SET a = :two, b = a", item("a", n(1))))
          .isEqualTo(item("a", n(2), "b", n(1)));
    }

    @Test
    void adds_and_subtracts_numbers() {
      assertThat(apply("SET a = a + :one", item("a", n(1)))).isEqualTo(item("a", n(2)));
      assertThat(apply("SET a = a - :two", item("a", n(1)))).isEqualTo(item("a", n(-1)));
      assertThat(apply("SET a = :one + :two", Map.of())).isEqualTo(item("a", n(3)));
      assertThat(apply("SET a = b - a", item("a", n(1), "b", n(5))))
          .isEqualTo(item("a", n(4), "b", n(5)));
    }

    @Test
    void arithmetic_keeps_38_digits_and_refuses_more() {
      assertThat(apply("SET a = a + :one", item("a", n("99999999999999999999999999999999999998"))))
          .isEqualTo(item("a", n("99999999999999999999999999999999999999")));
      refusedOn(
          item("a", n("1E+37")),
          "SET a = a + :tenth",
          "Attempting to store more than 38 significant digits in a Number");
      refusedOn(
          item("a", n("9E+125")),
          "SET a = a + :huge",
          "Number overflow. Attempting to store a number with magnitude larger than supported"
              + " range");
    }

    @Test
    void arithmetic_on_something_other_than_numbers_is_refused_when_applied() {
      refusedOn(
          item("a", s("text")),
          "SET a = a + :one",
          "An operand in the update expression has an incorrect data type");
    }

    @Test
    void arithmetic_on_a_literal_that_is_not_a_number_is_refused_when_parsed() {
      refused(
          "SET a = a + :x",
          "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or"
              + " function: +, operand type: S");
    }

    @Test
    void a_missing_attribute_on_the_right_is_refused() {
      refusedOn(
          Map.of(),
          "SET a = b + :one",
          "The provided expression refers to an attribute that does not exist in the item");
      refusedOn(
          Map.of(),
          "SET a = b",
          "The provided expression refers to an attribute that does not exist in the item");
    }

    @Test
    void if_not_exists_falls_back_only_when_the_path_is_missing() {
      assertThat(apply("SET a = if_not_exists(a, :one)", Map.of())).isEqualTo(item("a", n(1)));
      assertThat(apply("SET a = if_not_exists(a, :one)", item("a", n(5))))
          .isEqualTo(item("a", n(5)));
      assertThat(apply("SET #c = if_not_exists(#c, :one) + :one", Map.of()))
          .isEqualTo(item("count", n(2)));
    }

    @Test
    void if_not_exists_takes_a_path_first() {
      refused(
          "SET a = if_not_exists(:one, a)",
          "Invalid UpdateExpression: Operator or function requires a document path; operator or"
              + " function: if_not_exists");
    }

    @Test
    void list_append_joins_lists_in_order() {
      assertThat(apply("SET l = list_append(l, :l23)", item("l", list(n(1)))))
          .isEqualTo(item("l", list(n(1), n(2), n(3))));
      assertThat(apply("SET l = list_append(:l23, l)", item("l", list(n(1)))))
          .isEqualTo(item("l", list(n(2), n(3), n(1))));
      assertThat(apply("SET l = list_append(if_not_exists(l, :empty), :l1)", Map.of()))
          .isEqualTo(item("l", list(n(1))));
    }

    @Test
    void list_append_refuses_what_is_not_a_list() {
      refused(
          "SET l = list_append(l, :x)",
          "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or"
              + " function: list_append, operand type: S");
      refusedOn(
          item("l", s("text")),
          "SET l = list_append(l, :l1)",
          "An operand in the update expression has an incorrect data type");
      refusedOn(
          Map.of(),
          "SET l = list_append(l, :l1)",
          "The provided expression refers to an attribute that does not exist in the item");
    }

    @Test
    void functions_check_their_operands() {
      refused(
          "SET a = list_append(:l1)",
          "Invalid UpdateExpression: Incorrect number of operands for operator or function;"
              + " operator or function: list_append, number of operands: 1");
      refused(
          "SET a = size(b)",
          "Invalid UpdateExpression: The function is not allowed in an update expression;"
              + " function: size");
      refused("SET a = nope(b)", "Invalid UpdateExpression: Invalid function name; function: nope");
    }

    @Test
    void sets_inside_maps() {
      assertThat(apply("SET m.k = :x", item("m", map("j", s("y")))))
          .isEqualTo(item("m", map("j", s("y"), "k", s("x"))));
      assertThat(apply("SET m.nest.k = :x", item("m", map("nest", map()))))
          .isEqualTo(item("m", map("nest", map("k", s("x")))));
    }

    @Test
    void a_path_through_a_missing_or_wrong_parent_is_invalid() {
      String invalid = "The document path provided in the update expression is invalid for update";
      refusedOn(Map.of(), "SET m.k = :x", invalid);
      refusedOn(item("m", map()), "SET m.a.b = :x", invalid);
      refusedOn(item("m", s("text")), "SET m.k = :x", invalid);
      refusedOn(item("m", map()), "SET m[0] = :x", invalid);
      refusedOn(item("l", list(n(1))), "SET l.k = :x", invalid);
      refusedOn(item("l", list(n(1))), "SET l[3].k = :x", invalid);
    }

    @Test
    void sets_list_elements_and_appends_past_the_end() {
      Map<String, Value> item = item("l", list(n(0), n(1), n(2)));
      assertThat(apply("SET l[1] = :x", item)).isEqualTo(item("l", list(n(0), s("x"), n(2))));
      assertThat(apply("SET l[3] = :x", item)).isEqualTo(item("l", list(n(0), n(1), n(2), s("x"))));
      assertThat(apply("SET l[99] = :x", item))
          .isEqualTo(item("l", list(n(0), n(1), n(2), s("x"))));
      assertThat(apply("SET l[0].k = :x", item("l", list(map()))))
          .isEqualTo(item("l", list(map("k", s("x")))));
    }
  }

  @Nested
  class Remove {
    @Test
    void removes_attributes_and_ignores_absent_ones() {
      assertThat(apply("REMOVE a, b", item("a", n(1), "c", n(3)))).isEqualTo(item("c", n(3)));
      assertThat(apply("REMOVE m.k", item("m", map("k", n(1), "j", n(2)))))
          .isEqualTo(item("m", map("j", n(2))));
      assertThat(apply("REMOVE m.absent", item("m", map()))).isEqualTo(item("m", map()));
    }

    @Test
    void removing_a_list_element_shifts_the_rest() {
      assertThat(apply("REMOVE l[0]", item("l", list(n(0), n(1), n(2)))))
          .isEqualTo(item("l", list(n(1), n(2))));
      assertThat(apply("REMOVE l[5]", item("l", list(n(0))))).isEqualTo(item("l", list(n(0))));
    }

    @Test
    void several_indexes_name_the_elements_of_the_list_as_it_was() {
      assertThat(apply("REMOVE l[0], l[2]", item("l", list(n(0), n(1), n(2), n(3)))))
          .isEqualTo(item("l", list(n(1), n(3))));
    }

    @Test
    void a_path_through_a_missing_parent_is_invalid() {
      refusedOn(
          Map.of(),
          "REMOVE m.k",
          "The document path provided in the update expression is invalid for update");
    }
  }

  @Nested
  class Add {
    @Test
    void adds_to_a_number_or_creates_it() {
      assertThat(apply("ADD a :two", item("a", n(1)))).isEqualTo(item("a", n(3)));
      assertThat(apply("ADD a :two", Map.of())).isEqualTo(item("a", n(2)));
    }

    @Test
    void adds_members_to_a_set_or_creates_it() {
      assertThat(apply("ADD tags :redBlue", item("tags", ss("red", "green"))))
          .isEqualTo(item("tags", ss("red", "green", "blue")));
      assertThat(apply("ADD tags :red", Map.of())).isEqualTo(item("tags", ss("red")));
      assertThat(apply("ADD nums :n1, bins :b1", Map.of()))
          .isEqualTo(item("nums", ns("1"), "bins", bs((byte) 1)));
    }

    @Test
    void refuses_a_set_of_another_type_or_a_non_number_attribute() {
      String incorrect = "An operand in the update expression has an incorrect data type";
      refusedOn(item("tags", ns("1")), "ADD tags :red", incorrect);
      refusedOn(item("a", s("text")), "ADD a :one", incorrect);
      refusedOn(item("a", ss("red")), "ADD a :one", incorrect);
    }

    @Test
    void refuses_a_literal_that_is_not_a_number_or_set() {
      refused(
          "ADD a :x",
          "Invalid UpdateExpression: Incorrect operand type for operator or function; operator:"
              + " ADD, operand type: STRING");
      refused(
          "ADD a :m",
          "Invalid UpdateExpression: Incorrect operand type for operator or function; operator:"
              + " ADD, operand type: MAP");
    }

    @Test
    void takes_a_value_not_a_path() {
      refused("ADD a b", "Invalid UpdateExpression: Syntax error; token: \"b\", near: \"a b\"");
    }
  }

  @Nested
  class Delete {
    @Test
    void deletes_members_from_a_set() {
      assertThat(apply("DELETE tags :red", item("tags", ss("red", "blue"))))
          .isEqualTo(item("tags", ss("blue")));
      assertThat(apply("DELETE tags :green", item("tags", ss("red"))))
          .isEqualTo(item("tags", ss("red")));
    }

    @Test
    void deleting_the_last_members_removes_the_attribute() {
      assertThat(apply("DELETE tags :redBlue", item("tags", ss("red", "blue"), "a", n(1))))
          .isEqualTo(item("a", n(1)));
    }

    @Test
    void deleting_from_an_absent_set_changes_nothing() {
      assertThat(apply("DELETE tags :red", item("a", n(1)))).isEqualTo(item("a", n(1)));
    }

    @Test
    void refuses_a_set_of_another_type_or_a_non_set_attribute() {
      String incorrect = "An operand in the update expression has an incorrect data type";
      refusedOn(item("tags", ns("1")), "DELETE tags :red", incorrect);
      refusedOn(item("tags", s("red")), "DELETE tags :red", incorrect);
    }

    @Test
    void refuses_a_literal_that_is_not_a_set() {
      refused(
          "DELETE a :one",
          "Invalid UpdateExpression: Incorrect operand type for operator or function; operator:"
              + " DELETE, operand type: NUMBER");
    }
  }

  @Nested
  class Clauses {
    @Test
    void clauses_come_in_any_order_with_keywords_in_any_case() {
      Map<String, Value> after =
          apply(
              "remove gone add n :one set a = :x delete tags :red",
              item("gone", n(0), "n", n(1), "tags", ss("red", "blue")));
      assertThat(after).isEqualTo(item("n", n(2), "tags", ss("blue"), "a", s("x")));
    }

    @Test
    void targets_are_the_paths_acted_on_in_order() {
      UpdateExpression update = parse("SET a = :x, #n.b[1] = :y REMOVE c ADD d :one DELETE e :red");
      assertThat(update.targets())
          .extracting(Path::toString)
          .containsExactly("a", "name.b[1]", "c", "d", "e");
      assertThat(update.targets().get(1).attributeName()).isEqualTo("name");
    }

    @Test
    void each_clause_at_most_once() {
      refused(
          "SET a = :x SET b = :y",
          "Invalid UpdateExpression: The \"SET\" section can only be used once in an update"
              + " expression;");
      refused(
          "REMOVE a remove b",
          "Invalid UpdateExpression: The \"REMOVE\" section can only be used once in an update"
              + " expression;");
    }

    @Test
    void overlapping_paths_are_refused() {
      refused(
          "SET a = :x REMOVE a.b",
          "Invalid UpdateExpression: Two document paths overlap with each other; must remove or"
              + " rewrite one of these paths; path one: [a], path two: [a, b]");
      refused(
          "SET a = :x, #n = :y, name2 = :x REMOVE #n",
          "Invalid UpdateExpression: Two document paths overlap with each other; must remove or"
              + " rewrite one of these paths; path one: [name], path two: [name]");
      refused(
          "SET l[0] = :x, l.k = :y",
          "Invalid UpdateExpression: Two document paths conflict with each other; must remove or"
              + " rewrite one of these paths; path one: [l, [0]], path two: [l, k]");
    }

    @Test
    void different_elements_of_one_list_or_map_do_not_overlap() {
      assertThat(
              apply("SET l[0] = :x, l[1] = :y, m.a = :x, m.b = :y", item("l", list(), "m", map())))
          .isEqualTo(item("l", list(s("x"), s("y")), "m", map("a", s("x"), "b", s("y"))));
    }

    @Test
    void names_values_and_reserved_words() {
      refused(
          "SET #zz = :x",
          "Invalid UpdateExpression: An expression attribute name used in the document path is not"
              + " defined; attribute name: #zz");
      refused(
          "SET a = :zz",
          "Invalid UpdateExpression: An expression attribute value used in expression is not"
              + " defined; attribute value: :zz");
      refused(
          "SET name = :x",
          "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword:"
              + " name");
      assertThat(apply("SET #n = :x", Map.of())).isEqualTo(item("name", s("x")));
    }

    @Test
    void syntax_errors() {
      refused("", "Invalid UpdateExpression: The expression can not be empty;");
      refused("SET", "Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \"SET\"");
      refused("SET a :x", "Invalid UpdateExpression: Syntax error; token: \":x\", near: \"a :x\"");
      refused(
          "UPSERT a = :x",
          "Invalid UpdateExpression: Syntax error; token: \"UPSERT\", near: \"UPSERT a\"");
      refused(
          "SET a = :one + :one + :one",
          "Invalid UpdateExpression: Syntax error; token: \"+\", near: \":one + :one\"");
      refused(
          "SET a = :x,", "Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \",\"");
    }
  }

  @Test
  void applies_to_large_items_without_touching_other_attributes() {
    // GIVEN an item with a nested document
    Map<String, Value> item =
        item("id", s("1"), "doc", map("list", list(n(1), map("deep", n(2)))), "other", n(3));
    // WHEN one nested number is incremented
    Map<String, Value> after =
        UpdateExpression.parse(
                "SET doc.#l[1].deep = doc.#l[1].deep + :one",
                new ExpressionContext(names("#l", "list"), values(":one", n(1))))
            .apply(item);
    // THEN only it changed
    assertThat(after)
        .isEqualTo(
            item("id", s("1"), "doc", map("list", list(n(1), map("deep", n(3)))), "other", n(3)));
  }
}
