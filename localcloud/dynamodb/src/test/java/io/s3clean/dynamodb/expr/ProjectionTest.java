package io.s3clean.dynamodb.expr;

import static io.s3clean.dynamodb.expr.TestValues.assertRefused;
import static io.s3clean.dynamodb.expr.TestValues.item;
import static io.s3clean.dynamodb.expr.TestValues.list;
import static io.s3clean.dynamodb.expr.TestValues.map;
import static io.s3clean.dynamodb.expr.TestValues.n;
import static io.s3clean.dynamodb.expr.TestValues.names;
import static io.s3clean.dynamodb.expr.TestValues.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.s3clean.dynamodb.value.Value;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProjectionTest {
  private static final Map<String, Value> ITEM =
      item(
          "id", s("1"),
          "title", s("t"),
          "doc",
              map(
                  "a", n(1),
                  "b", map("c", n(2), "d", n(3)),
                  "l", list(s("zero"), s("one"), map("k", s("v"), "j", s("w")), s("three"))),
          "name", s("reserved"));

  private static Map<String, Value> project(String expression) {
    return Projection.parse(expression, new ExpressionContext(names("#n", "name"), null))
        .apply(ITEM);
  }

  private static void refused(String expression, String message) {
    assertRefused(
        () -> Projection.parse(expression, new ExpressionContext(names("#n", "name"), null)),
        message);
  }

  @Test
  void keeps_only_the_top_level_attributes_named() {
    assertThat(project("id, title")).isEqualTo(item("id", s("1"), "title", s("t")));
    assertThat(project("#n")).isEqualTo(item("name", s("reserved")));
    assertThat(project("id, absent")).isEqualTo(item("id", s("1")));
  }

  @Test
  void nested_map_paths_keep_the_maps_above_them() {
    assertThat(project("doc.b.c")).isEqualTo(item("doc", map("b", map("c", n(2)))));
    assertThat(project("doc.a, doc.b.d"))
        .isEqualTo(item("doc", map("a", n(1), "b", map("d", n(3)))));
  }

  @Test
  void list_elements_come_back_compacted_in_index_order() {
    // GIVEN a projection naming elements 3 and 1, in that order
    // THEN they come back as a two-element list, 1 before 3
    assertThat(project("doc.l[3], doc.l[1]"))
        .isEqualTo(item("doc", map("l", list(s("one"), s("three")))));
    assertThat(project("doc.l[2].k")).isEqualTo(item("doc", map("l", list(map("k", s("v"))))));
  }

  @Test
  void paths_that_lead_nowhere_return_nothing_for_that_attribute() {
    assertThat(project("doc.l[9]")).isEmpty();
    assertThat(project("doc.zz.c")).isEmpty();
    assertThat(project("doc.a.b")).isEmpty(); // a is a number
    assertThat(project("doc[0]")).isEmpty(); // doc is a map
    assertThat(Projection.parse("id", ExpressionContext.empty()).apply(Map.of())).isEmpty();
  }

  @Test
  void of_paths_already_known() {
    Projection projection = Projection.of(List.of(Path.of("id"), Path.of("name")));
    assertThat(projection.apply(ITEM)).isEqualTo(item("id", s("1"), "name", s("reserved")));
    assertThat(projection.paths()).containsExactly(Path.of("id"), Path.of("name"));
  }

  @Test
  void the_input_item_is_not_changed() {
    Map<String, Value> copy = Map.copyOf(ITEM);
    project("doc.b.c");
    assertThat(ITEM).isEqualTo(copy);
  }

  @Test
  void overlapping_or_repeated_paths_are_refused() {
    refused(
        "doc, doc.a",
        "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or"
            + " rewrite one of these paths; path one: [doc], path two: [doc, a]");
    refused(
        "id, id",
        "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or"
            + " rewrite one of these paths; path one: [id], path two: [id]");
    refused(
        "doc.l[0], doc.l.k",
        "Invalid ProjectionExpression: Two document paths conflict with each other; must remove or"
            + " rewrite one of these paths; path one: [doc, l, [0]], path two: [doc, l, k]");
  }

  @Test
  void reserved_words_undefined_names_and_syntax() {
    refused("", "Invalid ProjectionExpression: The expression can not be empty;");
    refused(
        "name",
        "Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword:"
            + " name");
    refused(
        "#zz",
        "Invalid ProjectionExpression: An expression attribute name used in the document path is"
            + " not defined; attribute name: #zz");
    refused("id,", "Invalid ProjectionExpression: Syntax error; token: \"<EOF>\", near: \",\"");
    refused(
        "id title",
        "Invalid ProjectionExpression: Syntax error; token: \"title\", near: \"id title\"");
    refused("doc[x]", "Invalid ProjectionExpression: Syntax error; token: \"x\", near: \"[x]\"");
  }
}
