package io.s3clean.cloudwatch.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The cases are the examples of the CloudWatch Logs user guide, "Filter pattern syntax for metric
 * filters, subscription filters, filter log events, and Live Tail", plus the size-tracking line.
 */
class FilterPatternTest {
  // the guide's JSON log event
  static final String TRAIL =
      "{\"eventType\":\"UpdateTrail\",\"sourceIPAddress\":\"111.111.111.111\","
          + "\"arrayKey\":[\"value\",\"another value\"],"
          + "\"objectList\":[{\"name\":\"a\",\"id\":1},{\"name\":\"b\",\"id\":2}],"
          + "\"SomeObject\":null,\"ThisFlag\":true}";
  // the guide's compound-condition event
  static final String USERS =
      "{\"user\":{\"id\":1,\"email\":\"John.Stiles@example.com\"},"
          + "\"users\":[{\"id\":2,\"email\":\"John.Doe@example.com\"},"
          + "{\"id\":3,\"email\":\"Jane.Doe@example.com\"}],"
          + "\"actions\":[\"GET\",\"PUT\",\"DELETE\"],"
          + "\"coordinates\":[[0,1,2],[4,5,6],[7,8,9]]}";
  static final String SIZE_TRACKED =
      "{\"level\":\"INFO\",\"message\":\"size_tracked\",\"bucket\":\"b\",\"key\":\"k\","
          + "\"event_type\":\"ObjectCreated:Put\",\"size_delta\":28,\"total_size\":46,\"seq\":2}";
  static final String APACHE_200 =
      "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 1534";
  static final String APACHE_404 =
      "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /index.html HTTP/1.0\" 404 1534";

  static Stream<Arguments> jsonPatterns() {
    return Stream.of(
        arguments("{ $.eventType = \"UpdateTrail\" }", TRAIL, true),
        arguments("{ $.eventType = \"updatetrail\" }", TRAIL, false),
        arguments("{ $.eventType = Update* }", TRAIL, true),
        arguments("{ $.eventType = *Trail }", TRAIL, true),
        arguments("{ $.eventType = \"*\" && $.sourceIPAddress != 123.123.* }", TRAIL, true),
        arguments("{ $.sourceIPAddress != 123.123.* }", TRAIL, true),
        arguments("{ $.sourceIPAddress = 111.111.* }", TRAIL, true),
        arguments("{ $.arrayKey[0] = \"value\" }", TRAIL, true),
        arguments("{ $.arrayKey[2] = \"value\" }", TRAIL, false),
        arguments("{ $.objectList[1].id = 2 }", TRAIL, true),
        arguments("{ $.objectList[0].id = 2 }", TRAIL, false),
        // a selector on an array or object matches neither = nor !=
        arguments("{ $.objectList = 1 }", TRAIL, false),
        arguments("{ $.objectList != 1 }", TRAIL, false),
        arguments("{ $.SomeObject IS NULL }", TRAIL, true),
        arguments("{ $.eventType IS NULL }", TRAIL, false),
        arguments("{ $.SomeObject = * }", TRAIL, false),
        arguments("{ $.SomeOtherObject NOT EXISTS }", TRAIL, true),
        arguments("{ $.SomeObject NOT EXISTS }", TRAIL, false),
        arguments("{ $.ThisFlag IS TRUE }", TRAIL, true),
        arguments("{ $.ThisFlag IS FALSE }", TRAIL, false),
        arguments(
            "{ ($.user.id = 1) && ($.users[0].email = \"John.Doe@example.com\") }", USERS, true),
        arguments(
            "{ ($.user.id = 2 && $.users[0].email = \"nonmatch\") || $.actions[2] = \"GET\" }",
            USERS,
            false),
        arguments(
            "{ $.user.email = \"John.Stiles@example.com\" || $.coordinates[0][1] = nonmatch"
                + " && $.actions[2] = nomatch }",
            USERS,
            true),
        arguments(
            "{ ($.user.email = \"John.Stiles@example.com\" || $.coordinates[0][1] = nonmatch)"
                + " && $.actions[2] = nomatch }",
            USERS,
            false),
        arguments("{ $.coordinates[2][1] = 8 }", USERS, true),
        arguments("{ $.total_size = * }", SIZE_TRACKED, true),
        arguments("{ ($.total_size = *) && ($.bucket = *) }", SIZE_TRACKED, true),
        arguments("{ ($.total_size = *) && ($.bucket = *) }", "{\"total_size\":46}", false),
        arguments("{ $.total_size = * }", "START RequestId: 1 Version: $LATEST", false),
        arguments("{ $.total_size = * }", "{\"total_size\":46} trailing text", false),
        arguments("{ $.total_size = * }", "{\"message\":\"other\"}", false),
        arguments("{ $.total_size > 20 }", SIZE_TRACKED, true),
        arguments("{ $.total_size >= 46 }", SIZE_TRACKED, true),
        arguments("{ $.total_size < 46 }", SIZE_TRACKED, false),
        arguments("{ $.total_size <= 46 }", SIZE_TRACKED, true),
        arguments("{ $.total_size = 46.0 }", SIZE_TRACKED, true),
        arguments("{ $.total_size = 4.6e1 }", SIZE_TRACKED, true),
        arguments("{ $.total_size != 46 }", SIZE_TRACKED, false),
        arguments("{ $.size_delta > +27 }", SIZE_TRACKED, true),
        arguments("{ $.total_size > 5 && $.bucket = \"b\" }", SIZE_TRACKED, true),
        arguments("{ $.total_size > 100 || $.key = k }", SIZE_TRACKED, true),
        arguments("{ $.bucket > 1 }", SIZE_TRACKED, false),
        arguments("{ $.message = size_* }", SIZE_TRACKED, true),
        arguments("{ $.event_type = \"ObjectCreated:*\" }", SIZE_TRACKED, true),
        arguments("{ $.message = %^size_t.*d$% }", SIZE_TRACKED, true),
        arguments("{ $.message != %^size% }", SIZE_TRACKED, false),
        arguments("{$.total_size=*}", SIZE_TRACKED, true));
  }

  static Stream<Arguments> termPatterns() {
    return Stream.of(
        arguments("ERROR", "[ERROR 400] BAD REQUEST", true),
        arguments("ERROR", "Exiting with ERRORCODE: -1", true),
        arguments("ERROR", "[WARN] all good", false),
        arguments("error", "[ERROR 400] BAD REQUEST", false),
        arguments("ERROR ARGUMENTS", "[ERROR 419] MISSING ARGUMENTS", true),
        arguments("ERROR ARGUMENTS", "[ERROR 400] BAD REQUEST", false),
        arguments("?ERROR ?ARGUMENTS", "[ERROR 400] BAD REQUEST", true),
        arguments("?ERROR ?ARGUMENTS", "[WARN 419] MISSING ARGUMENTS", true),
        arguments("?ERROR ?ARGUMENTS", "[WARN] all good", false),
        arguments("\"INTERNAL SERVER ERROR\"", "[ERROR 500] INTERNAL SERVER ERROR", true),
        arguments("\"INTERNAL SERVER ERROR\"", "[ERROR 500] INTERNAL ERROR SERVER", false),
        arguments("ERROR -ARGUMENTS", "[ERROR 400] BAD REQUEST", true),
        arguments("ERROR -ARGUMENTS", "[ERROR 419] MISSING ARGUMENTS", false),
        arguments("\"ERROR\" - \"Exiting\"", "Exiting with ERRORCODE: -1", false),
        arguments("\"ERROR\" - \"Exiting\"", "[ERROR] Caught IllegalArgumentException", true),
        arguments("", "anything at all", true),
        arguments("\" \"", "anything at all", true),
        arguments("%AUTHORIZED%", "[ERROR 401] UNAUTHORIZED REQUEST", true),
        arguments("%^\\[SUCCESS%", "[SUCCESS 200] AUTHORIZED REQUEST", true),
        arguments("%^\\[SUCCESS%", "[ERROR 401] UNAUTHORIZED REQUEST", false),
        arguments("size_tracked", SIZE_TRACKED, true));
  }

  static Stream<Arguments> spaceDelimitedPatterns() {
    return Stream.of(
        arguments("[ip, user, username, timestamp, request, status_code, bytes]", APACHE_200, true),
        arguments(
            "[ip, user, username, timestamp, request, status_code, bytes > 1000]",
            APACHE_200,
            true),
        arguments(
            "[ip, user, username, timestamp, request, status_code, bytes > 2000]",
            APACHE_200,
            false),
        arguments(
            "[ip, user, username, timestamp, request, status_code = 200, bytes]", APACHE_200, true),
        arguments(
            "[ip, user, username, timestamp, request, status_code = 4*, bytes]", APACHE_200, false),
        arguments(
            "[ip, user, username, timestamp, request, status_code = 4*, bytes]", APACHE_404, true),
        arguments(
            "[ip, user, username, timestamp, request = *html*, status_code = 4*, bytes]",
            APACHE_404,
            true),
        arguments(
            "[ip, user, username, timestamp, request = *html*, status_code = 4*, bytes]",
            APACHE_200,
            false),
        arguments(
            "[ip, user, username, timestamp, request, status_code = 4* && bytes > 1000,"
                + " bytes]",
            APACHE_404,
            true),
        arguments(
            "[ip, user, username, timestamp, request, status_code = 403 || status_code = 404,"
                + " bytes]",
            APACHE_404,
            true),
        arguments("[..., status_code, bytes]", APACHE_200, true),
        arguments("[ip, user, ...]", APACHE_200, true),
        arguments("[ip, user, ..., status_code, bytes]", APACHE_200, true),
        arguments("[..., status_code = 404, ...]", APACHE_404, true),
        arguments("[ip, user, username, timestamp, request, status_code]", APACHE_200, false),
        arguments("[w1=ERROR, w2]", "ERROR message", true),
        arguments("[w1=ERROR, w2]", "ERROR WARN message", false),
        arguments("[w1=ERROR, w2]", "WARN message", false),
        arguments("[w1=ERROR || w1=WARN, w2]", "WARN message", true),
        arguments("[w1!=ERROR && w1!=WARN, w2]", "INFO message", true),
        arguments("[w1!=ERROR && w1!=WARN, w2]", "ERROR message", false));
  }

  @ParameterizedTest(name = "{0} on {1} -> {2}")
  @MethodSource({"jsonPatterns", "termPatterns", "spaceDelimitedPatterns"})
  void matchesAsTheLogsUserGuideSays(String pattern, String message, boolean matches) {
    assertThat(FilterPattern.parse(pattern).matches(message)).isEqualTo(matches);
  }

  static Stream<Arguments> invalidPatterns() {
    return Stream.of(
        arguments("{ $.a EXISTS }", 6, "'EXISTS' is not supported"),
        arguments("{ $.a IS NOT NULL }", 6, "'IS NOT' is not supported"),
        arguments("{ $.a is null }", 6, "unsupported keyword 'is'"),
        arguments("{ $.a > abc }", 8, "'>' compares numbers"),
        arguments("{ $.a = %x% > 1 }", 12, "expected '}'"),
        arguments("{ $.a = 1 ", 10, "expected '}'"),
        arguments("{ }", 2, "empty JSON filter pattern"),
        arguments("{ $.a@b = 1 }", 5, "unsupported character '@'"),
        arguments("{ $[0] = 1 }", 3, "array index must follow a property"),
        arguments("{ a = 1 }", 2, "property selector starting with '$.'"),
        arguments("{ $.a ~ 1 }", 6, "expected an operator"),
        arguments("{ $.a = 1 } extra", 12, "unexpected text after the closing '}'"),
        arguments("{ ($.a = 1 }", 11, "expected ')'"),
        arguments("{ $.a = }", 8, "expected a value"),
        arguments("ERROR.code", 0, "quotes"),
        arguments("\"unterminated", 0, "unterminated quoted string"),
        arguments("?ERROR WARN", 7, "mixing ?terms"),
        arguments("%a(b)%", 2, "regular expression uses '('"),
        arguments("%abc", 0, "unterminated regular expression"),
        arguments("[a, b", 5, "expected ',' or ']'"),
        arguments("[a, a]", 4, "named twice"),
        arguments("[a = 1 && c > 2, b]", 10, "mentions 'c'"),
        arguments("[a > x, b]", 5, "'>' compares numbers"),
        arguments("[]", 0, "empty space-delimited pattern"),
        arguments("[a, 1b]", 4, "expected a field name"));
  }

  @ParameterizedTest(name = "{0}: {2}")
  @MethodSource("invalidPatterns")
  void rejectsWhatItCannotHonourNamingTheConstructAndPosition(
      String pattern, int position, String problem) {
    assertThatThrownBy(() -> FilterPattern.parse(pattern))
        .isInstanceOfSatisfying(
            FilterPatternException.class, e -> assertThat(e.position()).isEqualTo(position))
        .hasMessageContaining(problem)
        .hasMessageContaining("at position " + position);
  }

  @Test
  void spaceDelimitedMatchesExposeNamedAndPositionalFieldsWithoutDelimiters() {
    // given: the guide's example, whose trailing comma is one more (unnamed) field
    FilterPattern pattern = FilterPattern.parse("[..., request=*.html*, status_code=4*,]");

    // when
    PatternMatch match = pattern.match(APACHE_404).orElseThrow();

    // then
    assertThat(match.value(pattern.reference("$status_code"))).contains("404");
    assertThat(match.value(pattern.reference("$request"))).contains("GET /index.html HTTP/1.0");
    assertThat(match.value(pattern.reference("$7"))).contains("1534");
    assertThat(match.value(pattern.reference("$4"))).contains("10/Oct/2000:13:25:15 -0700");
    assertThat(match.value(pattern.reference("$1"))).contains("127.0.0.1");
  }

  @Test
  void extractedValuesAreTheFieldsByPositionAndNameForSpaceDelimitedAndTheNamedPropertiesForJson() {
    // TestMetricFilter's extractedValues
    assertThat(
            FilterPattern.parse("[ip, user, username, timestamp, request, status_code = 4*, bytes]")
                .match(APACHE_404)
                .orElseThrow()
                .extractedValues())
        .containsEntry("$1", "127.0.0.1")
        .containsEntry("$7", "1534")
        .containsEntry("$status_code", "404")
        .containsEntry("$request", "GET /index.html HTTP/1.0")
        .hasSize(14);
    assertThat(
            FilterPattern.parse("{ ($.total_size = *) && ($.bucket = *) }")
                .match(SIZE_TRACKED)
                .orElseThrow()
                .extractedValues())
        .containsExactly(
            java.util.Map.entry("$.total_size", "46"), java.util.Map.entry("$.bucket", "b"));
    assertThat(
            FilterPattern.parse("size_tracked").match(SIZE_TRACKED).orElseThrow().extractedValues())
        .isEmpty();
  }

  @Test
  void jsonMatchesExposeValueNodesOnly() {
    FilterPattern pattern = FilterPattern.parse("{ $.eventType = * }");

    PatternMatch match = pattern.match(TRAIL).orElseThrow();

    assertThat(match.value(pattern.reference("$.objectList[1].name"))).contains("b");
    assertThat(match.value(pattern.reference("$.objectList"))).isEmpty();
    assertThat(match.value(pattern.reference("$.SomeObject"))).isEmpty();
    assertThat(match.value(pattern.reference("$.nothing"))).isEmpty();
  }

  @Test
  void referencesMustFitThePatternKind() {
    assertThatThrownBy(() -> FilterPattern.parse("ERROR").reference("$.a"))
        .isInstanceOf(FilterPatternException.class)
        .hasMessageContaining("term pattern has no fields");
    assertThatThrownBy(() -> FilterPattern.parse("{ $.a = * }").reference("$a"))
        .hasMessageContaining("not a JSON field reference");
    assertThatThrownBy(() -> FilterPattern.parse("[a, b]").reference("$c"))
        .hasMessageContaining("names no field");
    assertThatThrownBy(() -> FilterPattern.parse("[a, b]").reference("$.a"))
        .hasMessageContaining("not a space-delimited field reference");
  }

  static Stream<Arguments> namedFields() {
    return Stream.of(
        arguments("{ ($.total_size = *) && ($.bucket = *) }", "$.bucket", true),
        arguments("{ ($.total_size = *) && ($.bucket = *) }", "$.total_size", true),
        arguments("{ $.total_size = * }", "$.bucket", false),
        arguments("{ $.total_size = * }", "$.total_size", true),
        arguments("{ $.a = 1 || ($.b.c[0] IS NULL && $.d NOT EXISTS) }", "$.b.c[0]", true),
        arguments("{ $.a = 1 || ($.b.c[0] IS NULL && $.d NOT EXISTS) }", "$.d", true),
        arguments("{ $.a = 1 || ($.b.c[0] IS NULL && $.d NOT EXISTS) }", "$.b", false),
        arguments("{ $.a.b = 1 }", "$.a", false),
        arguments("[ip, server, bytes > 1000]", "$server", true),
        arguments("[ip, server, bytes > 1000]", "$3", true));
  }

  @ParameterizedTest(name = "{0} names {1}: {2}")
  @MethodSource("namedFields")
  void aPatternNamesTheFieldsItsConditionsMentionOrItDeclares(
      String pattern, String field, boolean named) {
    FilterPattern parsed = FilterPattern.parse(pattern);

    assertThat(parsed.names(parsed.reference(field))).isEqualTo(named);
  }

  @Test
  void aPatternWithoutFieldsNamesNone() {
    assertThat(FilterPattern.parse("size_tracked").names(new FieldReference.Named("$a", "a")))
        .isFalse();
  }
}
