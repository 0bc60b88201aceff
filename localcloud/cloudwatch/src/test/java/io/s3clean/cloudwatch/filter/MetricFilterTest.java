package io.s3clean.cloudwatch.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.s3clean.cloudwatch.metrics.Datapoint;
import io.s3clean.cloudwatch.metrics.MetricId;
import io.s3clean.cloudwatch.metrics.StorageResolution;
import io.s3clean.template.ResourceProperties;
import io.s3clean.template.TemplateException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MetricFilterTest {
  private static final Instant AT = Instant.parse("2026-11-23T10:16:12Z");
  private static final String GROUP = "/aws/lambda/size-tracking";
  private static final MetricTransformation CURRENT_TOTAL_SIZE =
      MetricTransformation.of("S3Clean", "CurrentTotalSize", "$.total_size");

  private static String sizeTracked(Object total) {
    return "{\"level\":\"INFO\",\"message\":\"size_tracked\",\"bucket\":\"b\",\"key\":\"k\","
        + "\"event_type\":\"ObjectCreated:Put\",\"size_delta\":28,\"total_size\":"
        + total
        + ",\"seq\":2}";
  }

  private static MetricFilter filter(String pattern, MetricTransformation transformation) {
    return MetricFilter.create("f", GROUP, pattern, List.of(transformation));
  }

  @Test
  void aSizeTrackingLinePublishesItsTotalAsCurrentTotalSizeAtTheEventTime() {
    // given
    MetricFilter filter = filter("{ $.total_size = * }", CURRENT_TOTAL_SIZE);

    // when
    List<Datapoint> datapoints = filter.apply(sizeTracked(46), AT);

    // then
    assertThat(datapoints)
        .containsExactly(
            new Datapoint(
                MetricId.of("S3Clean", "CurrentTotalSize"),
                AT,
                46,
                "None",
                StorageResolution.STANDARD));
  }

  static Stream<Arguments> publishing() {
    return Stream.of(
        arguments(
            "a non-matching event publishes nothing without a default value",
            CURRENT_TOTAL_SIZE,
            "START RequestId: 1 Version: $LATEST",
            List.of()),
        arguments(
            "a non-matching event publishes the default value",
            CURRENT_TOTAL_SIZE.withDefaultValue(0),
            "END RequestId: 1",
            List.of(0.0)),
        arguments(
            "a non-numeric value publishes nothing, not even the default",
            CURRENT_TOTAL_SIZE.withDefaultValue(0),
            sizeTracked("\"lots\""),
            List.of()),
        arguments(
            "a numeric string is a number",
            CURRENT_TOTAL_SIZE,
            sizeTracked("\"46\""),
            List.of(46.0)),
        arguments(
            "a decimal value keeps its fraction",
            CURRENT_TOTAL_SIZE,
            sizeTracked("46.5"),
            List.of(46.5)),
        arguments(
            "a literal metric value counts matches",
            MetricTransformation.of("S3Clean", "Tracked", "1"),
            sizeTracked(46),
            List.of(1.0)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("publishing")
  void publishesAsTheLogsUserGuideDescribes(
      String rule, MetricTransformation transformation, String message, List<Double> values) {
    MetricFilter filter = filter("{ $.total_size = * }", transformation);

    assertThat(filter.apply(message, AT)).extracting(Datapoint::value).isEqualTo(values);
  }

  @Test
  void theTemplatesPatternPublishesTheTotalWithItsBucketAndNothingForALineWithoutABucket() {
    // given: the pattern and dimension of the template's TotalSizeMetricFilter
    MetricFilter filter =
        filter(
            "{ ($.total_size = *) && ($.bucket = *) }",
            CURRENT_TOTAL_SIZE.withDimension("BucketName", "$.bucket"));

    // then: the size tracker's line is the dimensioned datapoint the alarm watches
    assertThat(filter.apply(sizeTracked(46), AT))
        .extracting(Datapoint::metric, Datapoint::value)
        .containsExactly(
            tuple(new MetricId("S3Clean", "CurrentTotalSize", Map.of("BucketName", "b")), 46.0));
    // and a line without a bucket is no match, so it publishes nothing
    assertThat(filter.apply("{\"message\":\"size_tracked\",\"total_size\":46}", AT)).isEmpty();
    assertThat(filter.warnings()).isEmpty();
  }

  @Test
  void aDimensionWhoseFieldThePatternDoesNotNameIsAWarning() {
    MetricFilter filter =
        filter("{ $.total_size = * }", CURRENT_TOTAL_SIZE.withDimension("BucketName", "$.bucket"));

    assertThat(filter.warnings())
        .singleElement()
        .asString()
        .startsWith(
            "dimension BucketName of CurrentTotalSize reads $.bucket, which the filter"
                + " pattern { $.total_size = * } does not name;")
        .endsWith("add ($.bucket = *) to the pattern");
  }

  @Test
  void everyUnnamedDimensionIsItsOwnWarning() {
    MetricFilter filter =
        filter(
            "{ $.total_size = * && $.region = * }",
            CURRENT_TOTAL_SIZE
                .withDimension("BucketName", "$.bucket")
                .withDimension("Region", "$.region")
                .withDimension("Stage", "$.stage"));

    assertThat(filter.warnings())
        .hasSize(2)
        .anySatisfy(w -> assertThat(w).startsWith("dimension BucketName "))
        .anySatisfy(w -> assertThat(w).startsWith("dimension Stage "));
  }

  @Test
  void spaceDelimitedFieldsGiveValuesAndDimensions() {
    // given: the guide's dimensions example
    MetricFilter filter =
        filter(
            "[ip, server, username, timestamp, request, status_code, bytes > 1000]",
            MetricTransformation.of("Web", "Bytes", "$bytes").withDimension("server", "$server"));

    // when
    List<Datapoint> datapoints =
        filter.apply(
            "127.0.0.1 Prod frank [10/Oct/2000:13:25:15 -0700] \"GET /index.html HTTP/1.0\" 404"
                + " 1534",
            AT);

    // then
    assertThat(datapoints)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.value()).isEqualTo(1534);
              assertThat(d.metric().dimensions())
                  .containsExactlyEntriesOf(Map.of("server", "Prod"));
            });
  }

  static Stream<Arguments> invalidFilters() {
    MetricTransformation base = MetricTransformation.of("S3Clean", "M", "$.total_size");
    return Stream.of(
        arguments(
            "{ $.a = * }",
            base.withDimension("A", "$.a")
                .withDimension("B", "$.b")
                .withDimension("C", "$.c")
                .withDimension("D", "$.d"),
            "at most 3 dimensions"),
        arguments(
            "{ $.a = * }",
            base.withDimension("A", "$.a").withDefaultValue(0),
            "cannot have a DefaultValue"),
        arguments(
            "ERROR",
            MetricTransformation.of("S3Clean", "M", "1").withDimension("A", "$.a"),
            "term pattern has no fields"),
        arguments("ERROR", base, "term pattern has no fields"),
        arguments(
            "{ $.a = * }",
            MetricTransformation.of("S3Clean", "M", "lots"),
            "neither a number nor a field reference"),
        arguments("[a, b]", base, "not a space-delimited field reference"),
        arguments("{ $.a = * }", base.withUnit("Furlongs"), "not a CloudWatch unit"),
        arguments("{ $.a EXISTS }", base, "'EXISTS' is not supported"));
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("invalidFilters")
  void rejectsAtCreationWhatItCannotHonour(
      String pattern, MetricTransformation transformation, String problem) {
    assertThatThrownBy(() -> filter(pattern, transformation))
        .isInstanceOf(FilterPatternException.class)
        .hasMessageContaining(problem);
  }

  @Test
  void needsExactlyOneTransformationAsAwsDoes() {
    assertThatThrownBy(
            () ->
                MetricFilter.create(
                    "f", GROUP, "", List.of(CURRENT_TOTAL_SIZE, CURRENT_TOTAL_SIZE)))
        .hasMessageContaining("exactly one metric transformation");
  }

  @Test
  void readsTheTemplatesMetricFilterProperties() {
    // given: AWS::Logs::MetricFilter properties as a YAML parser returns them
    Map<String, Object> properties =
        Map.of(
            "LogGroupName",
            GROUP,
            "FilterPattern",
            "{ $.total_size = * }",
            "MetricTransformations",
            List.of(
                Map.of(
                    "MetricNamespace", "S3Clean",
                    "MetricName", "CurrentTotalSize",
                    "MetricValue", "$.total_size",
                    "Unit", "Bytes")));

    // when
    MetricFilter filter =
        MetricFilter.fromCloudFormation(
            "TotalSizeFilter", ResourceProperties.of("TotalSizeFilter", properties));

    // then
    assertThat(filter.logGroupName()).isEqualTo(GROUP);
    assertThat(filter.apply(sizeTracked(18), AT))
        .singleElement()
        .satisfies(d -> assertThat(d.unit()).isEqualTo("Bytes"));
  }

  @Test
  void templateErrorsNameTheResourceAndProperty() {
    Map<String, Object> unresolved =
        Map.of("LogGroupName", Map.of("Ref", "LogGroup"), "MetricTransformations", List.of());
    Map<String, Object> unknown = Map.of("LogGroupName", GROUP, "ApplyOnTransformedLogs", true);

    assertThatThrownBy(
            () -> MetricFilter.fromCloudFormation("F", ResourceProperties.of("F", unresolved)))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("F: LogGroupName must be a string")
        .hasMessageContaining("unresolved intrinsic");
    assertThatThrownBy(
            () -> MetricFilter.fromCloudFormation("F", ResourceProperties.of("F", unknown)))
        .hasMessageContaining("ApplyOnTransformedLogs is not supported");
  }
}
