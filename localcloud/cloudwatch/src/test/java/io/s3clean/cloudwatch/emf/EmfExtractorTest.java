package io.s3clean.cloudwatch.emf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.s3clean.cloudwatch.metrics.Datapoint;
import io.s3clean.cloudwatch.metrics.MetricId;
import io.s3clean.cloudwatch.metrics.StorageResolution;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EmfExtractorTest {
  private static final long TIMESTAMP = 1795428972004L; // 2026-11-23T10:16:12.004Z
  private static final Instant INGESTED = Instant.ofEpochMilli(TIMESTAMP).plusSeconds(1);

  /** The specification's example, with the directive and members as parameters. */
  private static String document(String directive, String members) {
    return "{\"_aws\":{\"Timestamp\":"
        + TIMESTAMP
        + ",\"CloudWatchMetrics\":["
        + directive
        + "]}"
        + members
        + "}";
  }

  private static final String SPEC_EXAMPLE =
      document(
          "{\"Namespace\":\"lambda-function-metrics\",\"Dimensions\":[[\"functionVersion\"]],"
              + "\"Metrics\":[{\"Name\":\"time\",\"Unit\":\"Milliseconds\","
              + "\"StorageResolution\":60}]}",
          ",\"functionVersion\":\"$LATEST\",\"time\":100,"
              + "\"requestId\":\"989ffbf8-9ace-4817-a57c-e4dd734019ee\"");

  private static List<Datapoint> extracted(String message) {
    EmfResult result = EmfExtractor.extract(message, INGESTED);
    assertThat(result).isInstanceOf(EmfResult.Extracted.class);
    return ((EmfResult.Extracted) result).datapoints();
  }

  @Test
  void extractsTheSpecificationsExample() {
    assertThat(extracted(SPEC_EXAMPLE))
        .containsExactly(
            new Datapoint(
                new MetricId(
                    "lambda-function-metrics", "time", Map.of("functionVersion", "$LATEST")),
                Instant.ofEpochMilli(TIMESTAMP),
                100,
                "Milliseconds",
                StorageResolution.STANDARD));
  }

  @Test
  void storageResolutionOneMakesAHighResolutionMetric() {
    String message =
        document(
            "{\"Namespace\":\"S3Clean\",\"Dimensions\":[[]],"
                + "\"Metrics\":[{\"Name\":\"CurrentTotalSize\",\"StorageResolution\":1}]}",
            ",\"CurrentTotalSize\":46");

    assertThat(extracted(message))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.resolution()).isEqualTo(StorageResolution.HIGH);
              assertThat(d.metric()).isEqualTo(MetricId.of("S3Clean", "CurrentTotalSize"));
              assertThat(d.value()).isEqualTo(46);
            });
  }

  @Test
  void aValueArrayGivesOneDatapointPerValueAndEachDimensionSetItsOwnMetric() {
    String message =
        document(
            "{\"Namespace\":\"N\",\"Dimensions\":[[\"Bucket\"],[]],\"Metrics\":[{\"Name\":\"Size\"}]}",
            ",\"Bucket\":\"b\",\"Size\":[18,46]");

    assertThat(extracted(message))
        .extracting(d -> d.metric().dimensions() + "=" + d.value())
        .containsExactly("{Bucket=b}=18.0", "{Bucket=b}=46.0", "{}=18.0", "{}=46.0");
  }

  @Test
  void acceptsTheMetadataLambdaMayPrepend() {
    String prefixed =
        "2026-11-23T10:16:12.004Z\t989ffbf8-9ace-4817-a57c-e4dd734019ee\tINFO\t" + SPEC_EXAMPLE;

    assertThat(extracted(prefixed)).hasSize(1);
  }

  @ParameterizedTest
  @MethodSource("ordinaryLines")
  void ordinaryLogLinesAreNotEmf(String message) {
    assertThat(EmfExtractor.extract(message, INGESTED)).isInstanceOf(EmfResult.NotEmf.class);
  }

  static Stream<String> ordinaryLines() {
    return Stream.of(
        "START RequestId: 1 Version: $LATEST",
        "{\"message\":\"size_tracked\",\"total_size\":46}",
        "{\"message\":\"mentions \\\"_aws\\\" in text\"}");
  }

  static Stream<Arguments> invalidDocuments() {
    String metric = "\"Metrics\":[{\"Name\":\"m\"}]";
    String directive = "{\"Namespace\":\"N\",\"Dimensions\":[[]]," + metric + "}";
    return Stream.of(
        arguments(
            "{\"_aws\":{\"CloudWatchMetrics\":[" + directive + "]},\"m\":1}",
            "_aws.Timestamp must be a number"),
        arguments(
            "{\"_aws\":{\"Timestamp\":\"now\",\"CloudWatchMetrics\":[]}}",
            "_aws.Timestamp must be a number"),
        arguments(
            "{\"_aws\":{\"Timestamp\":" + TIMESTAMP + "}}", "CloudWatchMetrics must be an array"),
        arguments("{\"_aws\":[]}", "_aws must be an object"),
        arguments(
            document("{\"Dimensions\":[[]]," + metric + "}", ",\"m\":1"),
            "Namespace must be a string"),
        arguments(
            document("{\"Namespace\":\"N\",\"Dimensions\":[]," + metric + "}", ",\"m\":1"),
            "Dimensions must be an array of at least one dimension set"),
        arguments(
            document("{\"Namespace\":\"N\",\"Dimensions\":[[\"d\"]]," + metric + "}", ",\"m\":1"),
            "names 'd', which is not a top-level member"),
        arguments(
            document(
                "{\"Namespace\":\"N\",\"Dimensions\":[[\"d\"]]," + metric + "}",
                ",\"m\":1,\"d\":5"),
            "dimension member 'd' must have a string value"),
        arguments(document(directive, ""), "names 'm', which is not a top-level member"),
        arguments(document(directive, ",\"m\":\"46\""), "must be a number or an array"),
        arguments(document(directive, ",\"m\":[1,\"2\"]"), "must be a number or an array"),
        arguments(document(directive, ",\"m\":" + hundredAndOne()), "more than 100 values"),
        arguments(
            document(
                "{\"Namespace\":\"N\",\"Dimensions\":[[]],\"Metrics\":[{\"Name\":\"m\","
                    + "\"StorageResolution\":5}]}",
                ",\"m\":1"),
            "StorageResolution must be 1 or 60"),
        arguments(
            document(
                "{\"Namespace\":\"N\",\"Dimensions\":[[]],\"Metrics\":[{\"Name\":\"m\","
                    + "\"Unit\":\"Furlongs\"}]}",
                ",\"m\":1"),
            "not a CloudWatch unit"),
        arguments(
            SPEC_EXAMPLE.replace(
                String.valueOf(TIMESTAMP), String.valueOf(TIMESTAMP - 21L * 24 * 3600 * 1000)),
            "more than two weeks"),
        arguments(
            SPEC_EXAMPLE.replace(
                String.valueOf(TIMESTAMP), String.valueOf(TIMESTAMP + 3L * 3600 * 1000)),
            "more than two hours"),
        arguments(SPEC_EXAMPLE + " trailing", "not one valid JSON object"));
  }

  private static String hundredAndOne() {
    return Stream.generate(() -> "1").limit(101).toList().toString();
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("invalidDocuments")
  void anInvalidDocumentIsIgnoredWithTheReason(String message, String reason) {
    assertThat(EmfExtractor.extract(message, INGESTED))
        .isInstanceOfSatisfying(
            EmfResult.Invalid.class, invalid -> assertThat(invalid.reason()).contains(reason));
  }
}
