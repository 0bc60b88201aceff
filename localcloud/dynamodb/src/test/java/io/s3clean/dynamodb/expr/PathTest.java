package io.s3clean.dynamodb.expr;

import static io.s3clean.dynamodb.expr.TestValues.item;
import static io.s3clean.dynamodb.expr.TestValues.list;
import static io.s3clean.dynamodb.expr.TestValues.map;
import static io.s3clean.dynamodb.expr.TestValues.n;
import static io.s3clean.dynamodb.expr.TestValues.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.s3clean.dynamodb.value.Value;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PathTest {
  private final Map<String, Value> item =
      item("a", map("b", list(n(0), map("c", s("deep")))), "top", s("t"));

  private static Path path(Path.Element... elements) {
    return new Path(List.of(elements));
  }

  @Test
  void prints_as_an_expression_writes_it() {
    assertThat(path(new Path.Key("a"), new Path.Key("b"), new Path.Index(2))).hasToString("a.b[2]");
    assertThat(path(new Path.Key("a"), new Path.Index(0), new Path.Index(1), new Path.Key("c")))
        .hasToString("a[0][1].c");
  }

  @Test
  void get_walks_map_keys_and_list_indexes() {
    assertThat(path(new Path.Key("top")).get(item)).contains(s("t"));
    assertThat(
            path(new Path.Key("a"), new Path.Key("b"), new Path.Index(1), new Path.Key("c"))
                .get(item))
        .contains(s("deep"));
  }

  @Test
  void get_is_empty_when_any_step_is_missing_or_does_not_apply() {
    assertThat(Path.of("nope").get(item)).isEmpty();
    assertThat(path(new Path.Key("a"), new Path.Key("b"), new Path.Index(2)).get(item)).isEmpty();
    assertThat(path(new Path.Key("a"), new Path.Index(0)).get(item)).isEmpty(); // a is a map
    assertThat(path(new Path.Key("top"), new Path.Key("x")).get(item)).isEmpty(); // top is a string
    assertThat(Path.of("a").get(Map.of())).isEmpty();
  }

  @Test
  void a_path_starts_with_an_attribute_name() {
    assertThatThrownBy(() -> path(new Path.Index(0))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Path(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void describes_itself_as_error_messages_do() {
    assertThat(path(new Path.Key("a"), new Path.Key("b"), new Path.Index(2)).describe())
        .isEqualTo("[a, b, [2]]");
  }
}
