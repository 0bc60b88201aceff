package io.s3clean.localcloud.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3clean.clock.ManualClock;
import io.s3clean.cloudwatch.CloudWatchSim;
import io.s3clean.cloudwatch.filter.MetricFilter;
import io.s3clean.cloudwatch.filter.MetricTransformation;
import io.s3clean.localcloud.endpoint.AwsRequest;
import io.s3clean.localcloud.endpoint.AwsResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Logs wire protocol on the simulated CloudWatch, request by request: pagination tokens,
 * PutLogEvents' rules and errors in the awsJson shape. {@code LogsCliTest} drives it with the CLI.
 */
class LogsServiceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
  private static final String GROUP = "/aws/lambda/local-size-tracking";

  private final ManualClock clock = new ManualClock(NOW);
  private final CloudWatchSim cloudWatch = CloudWatchSim.builder(clock).build();
  private final LogsService logs = new LogsService(cloudWatch);

  @AfterEach
  void close() {
    cloudWatch.close();
  }

  private record Answer(int status, JsonNode json, AwsResponse response) {
    String type() {
      return json.path("__type").asText();
    }
  }

  private Answer call(String operation, String body) {
    return call(operation, body.getBytes(StandardCharsets.UTF_8));
  }

  private Answer call(String operation, byte[] body) {
    AwsResponse response =
        logs.handle(
            new AwsRequest(
                "POST",
                "/",
                "",
                Map.of(
                    "X-Amz-Target", List.of(LogsService.TARGET_PREFIX + operation),
                    "Content-Type", List.of("application/x-amz-json-1.1")),
                body));
    try {
      JsonNode json =
          response.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(response.body());
      return new Answer(response.status(), json, response);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "not JSON: " + new String(response.body(), StandardCharsets.UTF_8), e);
    }
  }

  private Answer call(String operation, Object body) {
    try {
      return call(operation, JSON.writeValueAsBytes(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aMalformedBodyIsA400SerializationExceptionInTheAwsJsonShape() {
    Answer broken = call("DescribeLogGroups", "{\"limit\": 5,");
    Answer notAnObject = call("DescribeLogGroups", "[1, 2]");
    Answer wrongType = call("DescribeLogGroups", "{\"limit\": \"five\"}");
    Answer binary = call("GetLogEvents", new byte[] {(byte) 0xff, 0x00, 0x7b});

    for (Answer answer : List.of(broken, notAnObject, wrongType, binary)) {
      assertThat(answer.status()).isEqualTo(400);
      assertThat(answer.type()).isEqualTo("SerializationException");
      assertThat(answer.json().path("message").asText())
          .isNotBlank()
          .doesNotContain("at io.s3clean");
      assertThat(answer.response().headers().get("Content-Type"))
          .containsExactly("application/x-amz-json-1.1");
    }
  }

  @Test
  void anUnknownOperationIsNamedInAnUnknownOperationException() {
    Answer unknown = call("PutSubscriptionFilter", "{}");
    AwsResponse noTarget =
        logs.handle(
            new AwsRequest("POST", "/", "", Map.of(), "{}".getBytes(StandardCharsets.UTF_8)));

    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.type()).isEqualTo("UnknownOperationException");
    assertThat(unknown.json().path("message").asText()).contains("'PutSubscriptionFilter'");
    assertThat(noTarget.status()).isEqualTo(400);
    assertThat(new String(noTarget.body(), StandardCharsets.UTF_8))
        .contains("UnknownOperationException");
  }

  @Test
  void describeLogGroupsPagesByOpaqueTokensUntilNoneIsLeft() {
    for (String name : List.of("/b", "/a", "/c", "/aa", "/other/x")) {
      cloudWatch.logs().createLogGroup(name);
    }

    List<String> names = new ArrayList<>();
    Answer page = call("DescribeLogGroups", Map.of("limit", 2, "logGroupNamePrefix", "/"));
    int pages = 1;
    page.json().path("logGroups").forEach(g -> names.add(g.path("logGroupName").asText()));
    while (page.json().has("nextToken")) {
      page =
          call(
              "DescribeLogGroups",
              Map.of(
                  "limit",
                  2,
                  "logGroupNamePrefix",
                  "/",
                  "nextToken",
                  page.json().path("nextToken").asText()));
      page.json().path("logGroups").forEach(g -> names.add(g.path("logGroupName").asText()));
      pages++;
    }

    assertThat(names).containsExactly("/a", "/aa", "/b", "/c", "/other/x");
    assertThat(pages).isEqualTo(3);
    Answer first = call("DescribeLogGroups", Map.of("logGroupNamePrefix", "/a"));
    assertThat(first.json().path("logGroups").get(0).path("arn").asText())
        .isEqualTo("arn:aws:logs:us-east-1:000000000000:log-group:/a:*");
    assertThat(first.json().has("nextToken")).isFalse();
    // a token is good only for the operation that gave it
    String token = call("DescribeLogGroups", Map.of("limit", 1)).json().path("nextToken").asText();
    cloudWatch.logs().createLogStream("/a", "s");
    assertThat(call("DescribeLogStreams", Map.of("logGroupName", "/a", "nextToken", token)).type())
        .isEqualTo("InvalidParameterException");
    assertThat(call("DescribeLogGroups", Map.of("nextToken", "not-a-token")).type())
        .isEqualTo("InvalidParameterException");
  }

  @Test
  void getLogEventsTokensWalkForwardAndBackwardAndReturnTheSameTokenAtTheEnd() {
    cloudWatch.logs().createLogStream(GROUP, "s");
    for (int i = 0; i < 5; i++) {
      cloudWatch.logs().put(GROUP, "s", NOW.minusSeconds(50 - i), "event " + i);
    }

    // from the head, two at a time
    Answer first =
        call(
            "GetLogEvents",
            Map.of("logGroupName", GROUP, "logStreamName", "s", "startFromHead", true, "limit", 2));
    assertThat(messages(first)).containsExactly("event 0", "event 1");
    assertThat(first.json().path("nextForwardToken").asText()).matches("f/\\d{56}");
    assertThat(first.json().path("nextBackwardToken").asText()).matches("b/\\d{56}");
    Answer second = next(first, "nextForwardToken");
    Answer third = next(second, "nextForwardToken");
    Answer end = next(third, "nextForwardToken");
    assertThat(messages(second)).containsExactly("event 2", "event 3");
    assertThat(messages(third)).containsExactly("event 4");
    assertThat(messages(end)).isEmpty();
    assertThat(end.json().path("nextForwardToken").asText())
        .isEqualTo(third.json().path("nextForwardToken").asText());

    // a later event appears at the forward token; backward goes to earlier events
    cloudWatch.logs().put(GROUP, "s", NOW, "event 5");
    assertThat(messages(next(end, "nextForwardToken"))).containsExactly("event 5");
    assertThat(messages(next(third, "nextBackwardToken"))).containsExactly("event 2", "event 3");

    // without a token nor startFromHead: the latest events, in time order
    Answer latest =
        call("GetLogEvents", Map.of("logGroupName", GROUP, "logStreamName", "s", "limit", 2));
    assertThat(messages(latest)).containsExactly("event 4", "event 5");
    Answer earlier = next(latest, "nextBackwardToken");
    assertThat(messages(earlier)).containsExactly("event 2", "event 3");
    Answer head = next(next(earlier, "nextBackwardToken"), "nextBackwardToken");
    assertThat(messages(head)).isEmpty();
    assertThat(head.json().path("nextBackwardToken").asText()).isEqualTo("b/" + "0".repeat(56));

    // startTime inclusive, endTime exclusive
    Answer range =
        call(
            "GetLogEvents",
            Map.of(
                "logGroupName",
                GROUP,
                "logStreamName",
                "s",
                "startFromHead",
                true,
                "startTime",
                NOW.minusSeconds(49).toEpochMilli(),
                "endTime",
                NOW.minusSeconds(47).toEpochMilli()));
    assertThat(messages(range)).containsExactly("event 1", "event 2");
    assertThat(
            call(
                    "GetLogEvents",
                    Map.of("logGroupName", GROUP, "logStreamName", "s", "nextToken", "x/1"))
                .type())
        .isEqualTo("InvalidParameterException");
  }

  private Answer next(Answer previous, String tokenField) {
    return call(
        "GetLogEvents",
        Map.of(
            "logGroupName",
            GROUP,
            "logStreamName",
            "s",
            "limit",
            2,
            "nextToken",
            previous.json().path(tokenField).asText()));
  }

  private static List<String> messages(Answer answer) {
    List<String> messages = new ArrayList<>();
    answer.json().path("events").forEach(e -> messages.add(e.path("message").asText()));
    return messages;
  }

  @Test
  void filterLogEventsInterleavesStreamsMatchesThePatternAndPagesWithNextToken() {
    cloudWatch.logs().put(GROUP, "a", NOW.minusSeconds(30), "{\"total_size\":18,\"bucket\":\"b\"}");
    cloudWatch.logs().put(GROUP, "b", NOW.minusSeconds(20), "START RequestId: 1");
    cloudWatch.logs().put(GROUP, "b", NOW.minusSeconds(10), "{\"total_size\":46,\"bucket\":\"b\"}");
    cloudWatch.logs().put(GROUP, "a", NOW.minusSeconds(5), "{\"total_size\":2,\"bucket\":\"b\"}");

    Answer first =
        call(
            "FilterLogEvents",
            Map.of(
                "logGroupName",
                GROUP,
                "filterPattern",
                "{ $.total_size = * }",
                "limit",
                2,
                "interleaved",
                true));
    Answer second =
        call(
            "FilterLogEvents",
            Map.of(
                "logGroupName",
                GROUP,
                "filterPattern",
                "{ $.total_size = * }",
                "limit",
                2,
                "nextToken",
                first.json().path("nextToken").asText()));

    assertThat(first.json().path("events").findValuesAsText("logStreamName"))
        .containsExactly("a", "b");
    assertThat(messages(first)).allMatch(m -> m.contains("total_size")).hasSize(2);
    assertThat(messages(second)).containsExactly("{\"total_size\":2,\"bucket\":\"b\"}");
    assertThat(second.json().has("nextToken")).isFalse();
    assertThat(first.json().path("events").get(0).path("eventId").asText()).matches("\\d{56}");
    Answer onlyB =
        call(
            "FilterLogEvents",
            Map.of(
                "logGroupName",
                GROUP,
                "logStreamNames",
                List.of("b"),
                "endTime",
                NOW.minusSeconds(20).toEpochMilli()));
    assertThat(messages(onlyB)).containsExactly("START RequestId: 1");
    assertThat(
            call("FilterLogEvents", Map.of("logGroupName", GROUP, "filterPattern", "{ $.x = "))
                .type())
        .isEqualTo("InvalidParameterException");
    assertThat(
            call(
                    "FilterLogEvents",
                    Map.of(
                        "logGroupName",
                        GROUP,
                        "logStreamNames",
                        List.of("a"),
                        "logStreamNamePrefix",
                        "a"))
                .type())
        .isEqualTo("InvalidParameterException");
  }

  @Test
  void putLogEventsFollowsTheApiReferencesRules() {
    cloudWatch.logs().createLogStream(GROUP, "manual");
    long now = NOW.toEpochMilli();

    Answer outOfOrder =
        call(
            "PutLogEvents",
            Map.of(
                "logGroupName",
                GROUP,
                "logStreamName",
                "manual",
                "logEvents",
                List.of(event(now, "b"), event(now - 1, "a"))));
    Answer tooLong =
        call(
            "PutLogEvents",
            Map.of(
                "logGroupName",
                GROUP,
                "logStreamName",
                "manual",
                "logEvents",
                List.of(event(now - Duration.ofHours(25).toMillis(), "a"), event(now, "b"))));
    Answer tooBig =
        call(
            "PutLogEvents",
            Map.of(
                "logGroupName",
                GROUP,
                "logStreamName",
                "manual",
                "logEvents",
                List.of(event(now, "x".repeat(1_048_576 - 25)))));
    Answer noStream =
        call(
            "PutLogEvents",
            Map.of(
                "logGroupName",
                GROUP,
                "logStreamName",
                "missing",
                "logEvents",
                List.of(event(now, "a"))));
    Answer noGroup =
        call(
            "PutLogEvents",
            Map.of(
                "logGroupName",
                "/nope",
                "logStreamName",
                "manual",
                "logEvents",
                List.of(event(now, "a"))));
    Answer partly =
        call(
            "PutLogEvents",
            Map.of(
                "logGroupName",
                GROUP,
                "logStreamName",
                "manual",
                "logEvents",
                List.of(
                    event(now - Duration.ofDays(15).toMillis(), "too old"),
                    event(now - 1000, "kept 1"),
                    event(now, "kept 2"),
                    event(now + Duration.ofHours(3).toMillis(), "too new"))));

    assertThat(outOfOrder.type()).isEqualTo("InvalidParameterException");
    assertThat(outOfOrder.json().path("message").asText()).contains("chronological order");
    assertThat(tooLong.json().path("message").asText()).contains("24 hours");
    assertThat(tooBig.json().path("message").asText()).contains("1048576");
    assertThat(noStream.type()).isEqualTo("ResourceNotFoundException");
    assertThat(noStream.json().path("message").asText())
        .isEqualTo("The specified log stream does not exist.");
    assertThat(noGroup.json().path("message").asText())
        .isEqualTo("The specified log group does not exist.");
    assertThat(partly.status()).isEqualTo(200);
    assertThat(partly.json().path("rejectedLogEventsInfo").path("tooOldLogEventEndIndex").asInt())
        .isEqualTo(1);
    assertThat(partly.json().path("rejectedLogEventsInfo").path("tooNewLogEventStartIndex").asInt())
        .isEqualTo(3);
    assertThat(cloudWatch.logs().events(GROUP, "manual"))
        .extracting(e -> e.message())
        .containsExactly("kept 1", "kept 2");
  }

  private static Map<String, Object> event(long timestamp, String message) {
    return Map.of("timestamp", timestamp, "message", message);
  }

  @Test
  void metricFiltersAreDescribedWithTheirTransformationsAndTestedWithExtractedValues() {
    cloudWatch.addMetricFilter(
        MetricFilter.create(
            "local-TotalSizeMetricFilter",
            GROUP,
            "{ ($.total_size = *) && ($.bucket = *) }",
            List.of(
                MetricTransformation.of("S3Clean", "CurrentTotalSize", "$.total_size")
                    .withUnit("Bytes")
                    .withDimension("BucketName", "$.bucket"))));

    Answer described =
        call("DescribeMetricFilters", Map.of("logGroupName", GROUP, "filterNamePrefix", "local-"));
    Answer byMetric =
        call("DescribeMetricFilters", Map.of("metricName", "Other", "metricNamespace", "S3Clean"));
    Answer half = call("DescribeMetricFilters", Map.of("metricName", "CurrentTotalSize"));
    Answer tested =
        call(
            "TestMetricFilter",
            Map.of(
                "filterPattern",
                "{ $.total_size = * }",
                "logEventMessages",
                List.of("START RequestId: 1", "{\"total_size\":46}")));

    JsonNode filter = described.json().path("metricFilters").get(0);
    assertThat(filter.path("filterName").asText()).isEqualTo("local-TotalSizeMetricFilter");
    assertThat(filter.path("creationTime").asLong()).isEqualTo(NOW.toEpochMilli());
    assertThat(filter.at("/metricTransformations/0/dimensions/BucketName").asText())
        .isEqualTo("$.bucket");
    assertThat(filter.at("/metricTransformations/0/unit").asText()).isEqualTo("Bytes");
    assertThat(byMetric.json().path("metricFilters")).isEmpty();
    assertThat(half.type()).isEqualTo("InvalidParameterException");
    assertThat(tested.json().path("matches"))
        .singleElement()
        .satisfies(
            match -> {
              assertThat(match.path("eventNumber").asInt()).isEqualTo(2);
              assertThat(match.at("/extractedValues/$.total_size").asText()).isEqualTo("46");
            });
  }

  @Test
  void deleteLogGroupRemovesTheGroupAndItsFiltersAndThenIsNotFound() {
    cloudWatch.addMetricFilter(
        MetricFilter.create(
            "f", GROUP, "ERROR", List.of(MetricTransformation.of("S3Clean", "Errors", "1"))));

    Answer deleted = call("DeleteLogGroup", Map.of("logGroupName", GROUP));
    Answer again = call("DeleteLogGroup", Map.of("logGroupName", GROUP));

    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.response().body()).isEmpty();
    assertThat(again.type()).isEqualTo("ResourceNotFoundException");
    assertThat(cloudWatch.metricFilters()).isEmpty();
  }
}
