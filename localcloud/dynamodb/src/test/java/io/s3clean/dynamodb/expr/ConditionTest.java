package io.s3clean.dynamodb.expr;

import static io.s3clean.dynamodb.expr.TestValues.assertRefused;
import static io.s3clean.dynamodb.expr.TestValues.b;
import static io.s3clean.dynamodb.expr.TestValues.bool;
import static io.s3clean.dynamodb.expr.TestValues.bs;
import static io.s3clean.dynamodb.expr.TestValues.item;
import static io.s3clean.dynamodb.expr.TestValues.list;
import static io.s3clean.dynamodb.expr.TestValues.map;
import static io.s3clean.dynamodb.expr.TestValues.n;
import static io.s3clean.dynamodb.expr.TestValues.names;
import static io.s3clean.dynamodb.expr.TestValues.ns;
import static io.s3clean.dynamodb.expr.TestValues.nul;
import static io.s3clean.dynamodb.expr.TestValues.s;
import static io.s3clean.dynamodb.expr.TestValues.ss;
import static io.s3clean.dynamodb.expr.TestValues.values;
import static org.assertj.core.api.Assertions.assertThat;

import io.s3clean.dynamodb.value.Value;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ConditionTest {
  /** The item most tests evaluate against. */
  private static final Map<String, Value> ITEM =
      item(
          "id", s("item-1"),
          "price", n(10),
          "title", s("widget"),
          "bin", b(1, 2, 3),
          "flag", bool(true),
          "nothing", nul(),
          "tags", ss("red", "blue"),
          "scores", ns("1", "2.5"),
          "bytes", bs((byte) 7, (byte) 8),
          "things", list(s("x"), n(5), map("k", s("v"))),
          "info", map("color", s("green"), "dims", list(n(1), n(2), n(3))));

  private static final Map<String, Value> VALUES =
      values(
          ":ten", n(10),
          ":ten_point_zero", n("10.0"),
          ":five", n(5),
          ":twenty", n(20),
          ":s10", s("10"),
          ":widget", s("widget"),
          ":wid", s("wid"),
          ":idg", s("idg"),
          ":red", s("red"),
          ":green", s("green"),
          ":x", s("x"),
          ":b12", b(1, 2),
          ":b23", b(2, 3),
          ":b7", b(7),
          ":n2_5", n("2.5"),
          ":true", bool(true),
          ":null", nul(),
          ":map", map("k", s("v")),
          ":list", list(n(1)),
          ":tags", ss("blue", "red"),
          ":typeS", s("S"),
          ":typeN", s("N"),
          ":typeB", s("B"),
          ":typeBOOL", s("BOOL"),
          ":typeNULL", s("NULL"),
          ":typeSS", s("SS"),
          ":typeNS", s("NS"),
          ":typeBS", s("BS"),
          ":typeL", s("L"),
          ":typeM", s("M"),
          ":zero", n(0),
          ":one", n(1),
          ":two", n(2),
          ":three", n(3),
          ":six", n(6));

  private static boolean test(String expression) {
    return test(expression, ITEM);
  }

  private static boolean test(String expression, Map<String, Value> item) {
    return Condition.parse(
            expression, new ExpressionContext(names(), VALUES), "ConditionExpression")
        .test(item);
  }

  private static void refused(String expression, String message) {
    refused(expression, new ExpressionContext(names("#n", "name"), VALUES), message);
  }

  private static void refused(String expression, ExpressionContext context, String message) {
    assertRefused(() -> Condition.parse(expression, context, "ConditionExpression"), message);
  }

  @Nested
  class Comparisons {
    @Test
    void numbers_compare_numerically_whatever_their_spelling() {
      assertThat(test("price = :ten")).isTrue();
      assertThat(test("price = :ten_point_zero")).isTrue();
      assertThat(test("price <> :five")).isTrue();
      assertThat(test("price > :five")).isTrue();
      assertThat(test("price >= :ten")).isTrue();
      assertThat(test("price < :twenty")).isTrue();
      assertThat(test("price <= :ten")).isTrue();
      assertThat(test("price < :ten")).isFalse();
    }

    @Test
    void strings_compare_by_their_utf8_bytes() {
      Map<String, Value> item = item("a", s("\uFFFF"), "b", s("\uD83D\uDE00"));
      // U+FFFF sorts before an emoji in UTF-8 (EF.. < F0..) though not in UTF-16
      assertThat(test("a < b", item)).isTrue();
      assertThat(test("title > :wid")).isTrue();
    }

    @Test
    void binary_compares_unsigned_byte_by_byte() {
      assertThat(test("bin > :b12")).isTrue();
      assertThat(test("bin < :b23")).isTrue();
    }

    @Test
    void values_of_different_types_are_never_equal_nor_ordered() {
      assertThat(test("price = :s10")).isFalse();
      assertThat(test("price <> :s10")).isTrue();
      assertThat(test("price < :s10")).isFalse();
      assertThat(test("price >= :s10")).isFalse();
    }

    @Test
    void documents_and_sets_compare_for_equality_by_content() {
      assertThat(test("things[2] = :map")).isTrue();
      assertThat(test("tags = :tags")).isTrue(); // set order does not matter
      assertThat(test("flag = :true")).isTrue();
      assertThat(test("nothing = :null")).isTrue();
    }

    @Test
    void a_missing_attribute_is_unequal_to_everything() {
      assertThat(test("absent = :ten")).isFalse();
      assertThat(test("absent < :ten")).isFalse();
      assertThat(test("absent <> :ten")).isTrue();
      assertThat(test("absent <> :ten", Map.of())).isTrue();
    }

    @Test
    void two_paths_compare_with_each_other() {
      Map<String, Value> item = item("lo", n(1), "hi", n(2));
      assertThat(test("lo < hi", item)).isTrue();
      assertThat(test("hi < lo", item)).isFalse();
    }

    @Test
    void between_is_inclusive_at_both_ends() {
      assertThat(test("price BETWEEN :five AND :ten")).isTrue();
      assertThat(test("price BETWEEN :ten AND :twenty")).isTrue();
      assertThat(test("price BETWEEN :five AND :six")).isFalse();
      assertThat(test("title BETWEEN :five AND :ten")).isFalse();
      assertThat(test("absent BETWEEN :five AND :ten")).isFalse();
    }

    @Test
    void in_matches_any_of_the_candidates() {
      assertThat(test("price IN (:five, :ten)")).isTrue();
      assertThat(test("price IN (:five, :twenty)")).isFalse();
      assertThat(test("title IN (:widget)")).isTrue();
      assertThat(test("absent IN (:five, :ten)")).isFalse();
    }

    @Test
    void in_takes_up_to_100_operands() {
      Map<String, Value> many = new LinkedHashMap<>();
      StringBuilder hundred = new StringBuilder();
      for (int i = 0; i < 101; i++) {
        many.put(":v" + i, n(i));
        if (i < 100) {
          hundred.append(i == 0 ? "" : ", ").append(":v").append(i);
        }
      }
      ExpressionContext context = new ExpressionContext(null, many);
      assertThat(
              Condition.parse("price IN (" + hundred + ")", context, "FilterExpression").test(ITEM))
          .isTrue();
      assertRefused(
          () -> Condition.parse("price IN (" + hundred + ", :v100)", context, "FilterExpression"),
          "Invalid FilterExpression: The IN operator is provided with too many operands; number"
              + " of operands: 101");
    }
  }

  @Nested
  class Functions {
    @Test
    void attribute_exists_and_attribute_not_exists() {
      assertThat(test("attribute_exists(price)")).isTrue();
      assertThat(test("attribute_exists(nothing)")).isTrue(); // NULL is a value
      assertThat(test("attribute_exists(absent)")).isFalse();
      assertThat(test("attribute_not_exists(absent)")).isTrue();
      assertThat(test("attribute_not_exists(price)")).isFalse();
      assertThat(test("attribute_exists(info.dims[2])")).isTrue();
      assertThat(test("attribute_exists(info.dims[3])")).isFalse();
      assertThat(test("attribute_not_exists(id)", Map.of())).isTrue();
    }

    @Test
    void attribute_type_names_each_type() {
      assertThat(test("attribute_type(title, :typeS)")).isTrue();
      assertThat(test("attribute_type(price, :typeN)")).isTrue();
      assertThat(test("attribute_type(bin, :typeB)")).isTrue();
      assertThat(test("attribute_type(flag, :typeBOOL)")).isTrue();
      assertThat(test("attribute_type(nothing, :typeNULL)")).isTrue();
      assertThat(test("attribute_type(tags, :typeSS)")).isTrue();
      assertThat(test("attribute_type(scores, :typeNS)")).isTrue();
      assertThat(test("attribute_type(bytes, :typeBS)")).isTrue();
      assertThat(test("attribute_type(things, :typeL)")).isTrue();
      assertThat(test("attribute_type(info, :typeM)")).isTrue();
      assertThat(test("attribute_type(price, :typeS)")).isFalse();
      assertThat(test("attribute_type(absent, :typeS)")).isFalse();
    }

    @Test
    void attribute_type_refuses_an_unknown_type_name() {
      refused(
          "attribute_type(price, :widget)",
          "Invalid ConditionExpression: Invalid attribute type name found; type: widget, valid"
              + " types: { B,NULL,SS,BOOL,L,BS,N,NS,S,M }");
      refused(
          "attribute_type(price, :ten)",
          "Invalid ConditionExpression: Incorrect operand type for operator or function; operator"
              + " or function: attribute_type, operand type: N");
    }

    @Test
    void begins_with_on_strings_and_binary() {
      assertThat(test("begins_with(title, :wid)")).isTrue();
      assertThat(test("begins_with(title, :idg)")).isFalse();
      assertThat(test("begins_with(bin, :b12)")).isTrue();
      assertThat(test("begins_with(bin, :b23)")).isFalse();
      assertThat(test("begins_with(price, :wid)")).isFalse(); // a number has no prefix
      assertThat(test("begins_with(absent, :wid)")).isFalse();
    }

    @Test
    void begins_with_refuses_a_literal_that_is_not_a_string_or_binary() {
      refused(
          "begins_with(title, :ten)",
          "Invalid ConditionExpression: Incorrect operand type for operator or function; operator"
              + " or function: begins_with, operand type: N");
    }

    @Test
    void contains_finds_substrings_set_members_and_list_elements() {
      assertThat(test("contains(title, :idg)")).isTrue();
      assertThat(test("contains(title, :red)")).isFalse();
      assertThat(test("contains(bin, :b23)")).isTrue();
      assertThat(test("contains(tags, :red)")).isTrue();
      assertThat(test("contains(tags, :green)")).isFalse();
      assertThat(test("contains(scores, :n2_5)")).isTrue();
      assertThat(test("contains(bytes, :b7)")).isTrue();
      assertThat(test("contains(things, :x)")).isTrue();
      assertThat(test("contains(things, :five)")).isTrue();
      assertThat(test("contains(things, :map)")).isTrue();
      assertThat(test("contains(things, :ten)")).isFalse();
      assertThat(test("contains(tags, :ten)")).isFalse(); // a number is never in a string set
      assertThat(test("contains(price, :ten)")).isFalse();
      assertThat(test("contains(absent, :x)")).isFalse();
    }

    @Test
    void size_counts_bytes_of_strings_and_binary_and_members_of_documents_and_sets() {
      assertThat(test("size(title) = :six")).isTrue();
      assertThat(test("size(bin) = :three")).isTrue();
      assertThat(test("size(tags) = :two")).isTrue();
      assertThat(test("size(scores) = :two")).isTrue();
      assertThat(test("size(bytes) = :two")).isTrue();
      assertThat(test("size(things) = :three")).isTrue();
      assertThat(test("size(info) = :two")).isTrue();
      assertThat(test("size(info.dims) > :two")).isTrue();
      assertThat(test("size(e) = :two", item("e", s("\u00e9")))).isTrue(); // UTF-8 bytes
    }

    @Test
    void size_of_a_number_boolean_null_or_missing_attribute_compares_false() {
      assertThat(test("size(price) = :two")).isFalse();
      assertThat(test("size(flag) >= :zero")).isFalse();
      assertThat(test("size(absent) >= :zero")).isFalse();
    }

    @Test
    void size_compares_with_a_path_too() {
      assertThat(test("size(things) = lim", item("things", list(n(1)), "lim", n(1)))).isTrue();
    }

    @Test
    void function_names_are_case_sensitive() {
      refused(
          "ATTRIBUTE_EXISTS(price)",
          "Invalid ConditionExpression: Invalid function name; function: ATTRIBUTE_EXISTS");
      refused("foo(price)", "Invalid ConditionExpression: Invalid function name; function: foo");
    }

    @Test
    void update_functions_are_not_conditions() {
      refused(
          "if_not_exists(price, :ten)",
          "Invalid ConditionExpression: The function is not allowed in a condition expression;"
              + " function: if_not_exists");
    }

    @Test
    void size_is_an_operand_not_a_condition() {
      refused(
          "size(title)",
          "Invalid ConditionExpression: The function is not allowed to be used this way in an"
              + " expression; function: size");
    }

    @Test
    void a_condition_function_is_not_an_operand() {
      refused(
          "price = attribute_exists(title)",
          "Invalid ConditionExpression: The function is not allowed to be used this way in an"
              + " expression; function: attribute_exists");
    }

    @Test
    void functions_check_their_number_of_operands() {
      refused(
          "attribute_exists(price, title)",
          "Invalid ConditionExpression: Incorrect number of operands for operator or function;"
              + " operator or function: attribute_exists, number of operands: 2");
      refused(
          "begins_with(title)",
          "Invalid ConditionExpression: Incorrect number of operands for operator or function;"
              + " operator or function: begins_with, number of operands: 1");
    }

    @Test
    void path_functions_refuse_a_value_where_a_path_belongs() {
      refused(
          "attribute_exists(:ten)",
          "Invalid ConditionExpression: Operator or function requires a document path; operator"
              + " or function: attribute_exists");
      refused(
          "size(:ten) = :ten",
          "Invalid ConditionExpression: Operator or function requires a document path; operator"
              + " or function: size");
    }
  }

  @Nested
  class Logic {
    @Test
    void and_or_not() {
      assertThat(test("price = :ten AND title = :widget")).isTrue();
      assertThat(test("price = :ten AND title = :x")).isFalse();
      assertThat(test("price = :five OR title = :widget")).isTrue();
      assertThat(test("price = :five OR title = :x")).isFalse();
      assertThat(test("NOT price = :five")).isTrue();
      assertThat(test("NOT NOT price = :five")).isFalse();
    }

    @Test
    void and_binds_tighter_than_or() {
      // true OR (false AND false) is true; (true OR false) AND false would be false
      assertThat(test("price = :ten OR title = :x AND title = :red")).isTrue();
      assertThat(test("(price = :ten OR title = :x) AND title = :red")).isFalse();
    }

    @Test
    void not_binds_tighter_than_and() {
      // (NOT false) AND true is true; NOT (false AND true) would also be true, so check the other
      assertThat(test("NOT price = :ten AND title = :widget")).isFalse();
      assertThat(test("NOT (price = :five AND title = :widget)")).isTrue();
      assertThat(test("NOT price = :five AND title = :x")).isFalse();
    }

    @Test
    void between_takes_its_and_before_the_boolean_and() {
      assertThat(test("price BETWEEN :five AND :twenty AND title = :widget")).isTrue();
      assertThat(test("price BETWEEN :five AND :twenty AND title = :x")).isFalse();
    }

    @Test
    void keywords_are_case_insensitive() {
      assertThat(test("not price = :five and title = :widget or price between :one and :two"))
          .isTrue();
      assertThat(test("price in (:ten)")).isTrue();
      assertThat(test("price BeTwEeN :five aNd :ten")).isTrue();
    }

    @Test
    void parentheses_group_and_may_nest_around_different_conditions() {
      assertThat(test("(price = :ten)")).isTrue();
      assertThat(test("((price = :ten) AND (title = :widget))")).isTrue();
      assertThat(test("(attribute_exists(price))")).isTrue();
    }

    @Test
    void doubled_parentheses_are_redundant() {
      refused(
          "((price = :ten))",
          "Invalid ConditionExpression: The expression has redundant parentheses;");
    }

    @Test
    void an_empty_item_is_tested_like_an_item_without_attributes() {
      assertThat(test("attribute_not_exists(id) OR price < :ten", Map.of())).isTrue();
      assertThat(test("attribute_exists(id)", Map.of())).isFalse();
    }
  }

  @Nested
  class Names {
    @Test
    void placeholders_stand_for_names_at_every_step_of_a_path() {
      ExpressionContext context =
          new ExpressionContext(
              names("#i", "info", "#d", "dims", "#weird", "a.b"), values(":three", n(3)));
      Map<String, Value> item = item("info", map("dims", list(n(1), n(2), n(3))), "a.b", n(3));
      assertThat(Condition.parse("#i.#d[2] = :three", context, "ConditionExpression").test(item))
          .isTrue();
      // a dot inside a title is part of the title, not a path separator
      assertThat(Condition.parse("#weird = :three", context, "ConditionExpression").test(item))
          .isTrue();
    }

    @Test
    void nested_paths_and_list_indexes() {
      assertThat(test("info.color = :green")).isTrue();
      assertThat(test("info.dims[0] = :one")).isTrue();
      assertThat(test("things[2].k = :x")).isFalse();
      assertThat(test("info.dims[9] = :one")).isFalse();
      assertThat(test("things[0][0] = :x")).isFalse(); // things[0] is a string
    }

    @Test
    void an_undefined_name_placeholder_is_refused() {
      refused(
          "#x = :ten",
          "Invalid ConditionExpression: An expression attribute name used in the document path is"
              + " not defined; attribute name: #x");
    }

    @Test
    void an_undefined_value_placeholder_is_refused() {
      refused(
          "price = :nope",
          "Invalid ConditionExpression: An expression attribute value used in expression is not"
              + " defined; attribute value: :nope");
    }

    @Test
    void reserved_words_need_a_placeholder() {
      refused(
          "size = :ten",
          "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword:"
              + " size");
      refused(
          "info.Name = :ten",
          "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword:"
              + " Name");
      assertThat(
              Condition.parse(
                      "#n = :widget",
                      new ExpressionContext(names("#n", "title"), VALUES),
                      "ConditionExpression")
                  .test(ITEM))
          .isTrue();
    }

    @Test
    void the_parameter_name_is_used_in_refusals() {
      assertRefused(
          () ->
              Condition.parse(
                  "size = :ten", new ExpressionContext(null, VALUES), "FilterExpression"),
          "Invalid FilterExpression: Attribute name is a reserved keyword; reserved keyword:"
              + " size");
    }

    @Test
    void paths_nest_at_most_32_levels() {
      String deep32 = "a" + ".b".repeat(31);
      Map<String, Value> values = values(":one", n(1));
      Condition.parse(deep32 + " = :one", new ExpressionContext(null, values), "FilterExpression");
      assertRefused(
          () ->
              Condition.parse(
                  deep32 + ".c = :one", new ExpressionContext(null, values), "FilterExpression"),
          "Invalid FilterExpression: The document path has too many nesting levels; nesting"
              + " levels: 33");
    }
  }

  @Nested
  class Refusals {
    @Test
    void an_empty_expression() {
      refused("", "Invalid ConditionExpression: The expression can not be empty;");
      refused("   ", "Invalid ConditionExpression: The expression can not be empty;");
    }

    @Test
    void syntax_errors_quote_the_token_and_its_neighbours() {
      refused(
          "price = ", "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"= \"");
      refused(
          "price = = :ten",
          "Invalid ConditionExpression: Syntax error; token: \"=\", near: \"= = :ten\"");
      refused(
          "price = :ten AND",
          "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"AND\"");
      refused(
          "price = :ten title = :widget",
          "Invalid ConditionExpression: Syntax error; token: \"title\", near: \":ten title =\"");
      refused(
          "price", "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"price\"");
      refused(
          "(price = :ten",
          "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \":ten\"");
      refused(
          "price = :ten)",
          "Invalid ConditionExpression: Syntax error; token: \")\", near: \":ten)\"");
      refused(
          "price BETWEEN :five OR :ten",
          "Invalid ConditionExpression: Syntax error; token: \"OR\", near: \":five OR :ten\"");
    }

    @Test
    void a_character_outside_the_grammar_is_a_syntax_error() {
      refused(
          "price = :ten; drop",
          "Invalid ConditionExpression: Syntax error; token: \";\", near: \":ten;\"");
      refused(
          "price == :ten",
          "Invalid ConditionExpression: Syntax error; token: \"=\", near: \"== :ten\"");
      refused(
          "price = 10", "Invalid ConditionExpression: Syntax error; token: \"10\", near: \"= 10\"");
    }

    @Test
    void between_bounds_of_literals_must_be_ordered_and_of_one_type() {
      refused(
          "price BETWEEN :ten AND :five",
          "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater"
              + " than or equal to lower bound; lower operand: AttributeValue: {N:10}, upper"
              + " operand: AttributeValue: {N:5}");
      refused(
          "price BETWEEN :five AND :widget",
          "Invalid ConditionExpression: The BETWEEN operator requires same data type for lower"
              + " and upper bounds; lower bound operand: AttributeValue: {N:5}, upper bound"
              + " operand: AttributeValue: {S:widget}");
    }

    @Test
    void ordering_a_literal_of_a_type_without_order() {
      refused(
          "price < :true",
          "Invalid ConditionExpression: Incorrect operand type for operator or function; operator"
              + " or function: <, operand type: BOOL");
      refused(
          "price BETWEEN :map AND :ten",
          "Invalid ConditionExpression: Incorrect operand type for operator or function; operator"
              + " or function: BETWEEN, operand type: M");
    }

    @Test
    void comparing_a_path_with_itself() {
      refused(
          "price = price",
          "Invalid ConditionExpression: The first operand must be distinct from the remaining"
              + " operands for this operator or function; operator: =, first operand: [price]");
    }
  }
}
