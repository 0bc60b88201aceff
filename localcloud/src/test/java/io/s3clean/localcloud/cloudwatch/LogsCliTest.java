package io.s3clean.localcloud.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.s3clean.dynamodb.testing.AwsCli;
import io.s3clean.localcloud.LocalCloud;
import io.s3clean.localcloud.LocalClouds;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * CloudWatch Logs as a user of the stack meets it: the real AWS CLI ({@code aws logs ...}) against
 * the embedded cloud's one endpoint, after an upload the size tracker has logged.
 */
class LogsCliTest {
  private static final String TOTAL_SIZE = "{ $.total_size = * }";
  @TempDir static Path home;
  private static LocalCloud cloud;
  private static AwsCli aws;
  private static String trackingGroup;

  @BeforeAll
  static void startAndUpload() throws InterruptedException {
    assertThat(AwsCli.majorVersion()).as("the AWS CLI on PATH").isPresent();
    cloud = LocalClouds.shipped(Map.of(), 60);
    aws = new AwsCli(cloud.endpoint(), home);
    trackingGroup = cloud.stack().output("SizeTrackingLogGroupName");
    String bucket = cloud.stack().output("WatchedBucketName");
    cloud
        .clients()
        .s3()
        .putObject(r -> r.bucket(bucket).key("report.csv"), RequestBody.fromBytes(new byte[8]));
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (cloud
        .cloudWatch()
        .logs()
        .read(trackingGroup, java.time.Instant.EPOCH, m -> m.contains("size_tracked"))
        .isEmpty()) {
      assertThat(System.nanoTime()).as("the size tracker's size_tracked line").isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  @AfterAll
  static void stop() {
    if (cloud != null) {
      cloud.close();
    }
  }

  private static AwsCli.Run ok(String... args) {
    AwsCli.Run run = aws.run(args);
    assertThat(run.exitCode()).as("aws %s\n%s", String.join(" ", args), run).isZero();
    return run;
  }

  @Test
  void describeLogGroupsListsTheFourFunctionLogGroupsAlsoPageByPage() {
    List<String> functionGroups =
        List.of(
            trackingGroup,
            cloud.stack().output("EventLoggingLogGroupName"),
            cloud.stack().output("CleanerLogGroupName"),
            cloud.stack().output("PlottingLogGroupName"));

    AwsCli.Run all =
        ok("logs", "describe-log-groups", "--log-group-name-prefix", "/aws/lambda/local-");
    // --page-size 1: the CLI follows our nextToken once per group
    AwsCli.Run paged =
        ok(
            "logs",
            "describe-log-groups",
            "--log-group-name-prefix",
            "/aws/lambda/local-",
            "--page-size",
            "1");

    assertThat(all.json().path("logGroups").findValuesAsText("logGroupName"))
        .containsAll(functionGroups);
    assertThat(paged.json().path("logGroups").findValuesAsText("logGroupName"))
        .isEqualTo(all.json().path("logGroups").findValuesAsText("logGroupName"));
    JsonNode tracking = group(all, trackingGroup);
    assertThat(tracking.path("arn").asText())
        .isEqualTo("arn:aws:logs:us-east-1:000000000000:log-group:" + trackingGroup + ":*");
    assertThat(tracking.path("metricFilterCount").asInt()).isEqualTo(1);
    assertThat(tracking.path("storedBytes").asLong()).isPositive();
  }

  private static JsonNode group(AwsCli.Run run, String name) {
    for (JsonNode group : run.json().path("logGroups")) {
      if (group.path("logGroupName").asText().equals(name)) {
        return group;
      }
    }
    throw new AssertionError(name + " not in " + run.stdout());
  }

  @Test
  void theTrackersStreamAndEventsShowItsSizeTrackedLines() {
    AwsCli.Run streams =
        ok(
            "logs",
            "describe-log-streams",
            "--log-group-name",
            trackingGroup,
            "--order-by",
            "LastEventTime",
            "--descending");
    JsonNode latest = streams.json().path("logStreams").get(0);
    String stream = latest.path("logStreamName").asText();
    AwsCli.Run events =
        ok(
            "logs",
            "get-log-events",
            "--log-group-name",
            trackingGroup,
            "--log-stream-name",
            stream,
            "--start-from-head");
    AwsCli.Run filtered =
        ok(
            "logs",
            "filter-log-events",
            "--log-group-name",
            trackingGroup,
            "--filter-pattern",
            TOTAL_SIZE);

    assertThat(stream).matches("\\d{4}/\\d{2}/\\d{2}/\\[\\$LATEST\\][0-9a-f]{32}");
    assertThat(latest.path("lastEventTimestamp").asLong())
        .isGreaterThanOrEqualTo(latest.path("firstEventTimestamp").asLong());
    List<String> messages = events.json().path("events").findValuesAsText("message");
    assertThat(messages.get(0)).startsWith("START RequestId: ");
    assertThat(messages)
        .anyMatch(m -> m.contains("\"size_tracked\"") && m.contains("\"total_size\""));
    assertThat(events.json().path("nextForwardToken").asText()).matches("f/\\d{56}");
    List<String> matched = filtered.json().path("events").findValuesAsText("message");
    assertThat(matched)
        .isNotEmpty()
        .allMatch(m -> m.contains("\"total_size\""))
        .anyMatch(m -> m.contains("\"size_tracked\""));
    assertThat(filtered.json().path("events").get(0).path("logStreamName").asText()).isNotEmpty();
  }

  @Test
  void describeMetricFiltersShowsTheStacksFiltersAndTestMetricFilterMatches() {
    AwsCli.Run filters = ok("logs", "describe-metric-filters");
    AwsCli.Run byMetric =
        ok(
            "logs",
            "describe-metric-filters",
            "--metric-name",
            "CurrentTotalSize",
            "--metric-namespace",
            "S3Clean");
    AwsCli.Run tested =
        ok(
            "logs",
            "test-metric-filter",
            "--filter-pattern",
            "{ ($.total_size = *) && ($.bucket = *) }",
            "--log-event-messages",
            "START RequestId: 1",
            "{\"total_size\":46,\"bucket\":\"b\"}");

    JsonNode all = filters.json().path("metricFilters");
    assertThat(all.findValuesAsText("filterName"))
        .contains("local-TotalSizeMetricFilter", "local-CleanerTotalSizeMetricFilter");
    JsonNode tracking = null;
    for (JsonNode filter : all) {
      if (filter.path("filterName").asText().equals("local-TotalSizeMetricFilter")) {
        tracking = filter;
      }
    }
    assertThat(tracking).isNotNull();
    assertThat(tracking.path("logGroupName").asText()).isEqualTo(trackingGroup);
    assertThat(tracking.path("filterPattern").asText())
        .isEqualTo("{ ($.total_size = *) && ($.bucket = *) }");
    JsonNode transformation = tracking.path("metricTransformations").get(0);
    assertThat(transformation.path("metricName").asText()).isEqualTo("CurrentTotalSize");
    assertThat(transformation.path("metricValue").asText()).isEqualTo("$.total_size");
    assertThat(transformation.path("unit").asText()).isEqualTo("Bytes");
    assertThat(transformation.at("/dimensions/BucketName").asText()).isEqualTo("$.bucket");
    assertThat(byMetric.json().path("metricFilters").findValuesAsText("filterName"))
        .containsExactly("local-CleanerTotalSizeMetricFilter", "local-TotalSizeMetricFilter");
    assertThat(tested.json().path("matches"))
        .singleElement()
        .satisfies(
            match -> {
              assertThat(match.path("eventMessage").asText()).contains("46");
              assertThat(match.at("/extractedValues/$.total_size").asText()).isEqualTo("46");
            });
  }

  @Test
  void putLogEventsIntoANewStreamOfAnExistingGroupReadsBack() {
    String group = cloud.stack().output("PlottingLogGroupName");
    long now = cloud.cloudWatch().clock().millis();
    ok("logs", "create-log-stream", "--log-group-name", group, "--log-stream-name", "manual/1");

    AwsCli.Run put =
        ok(
            "logs",
            "put-log-events",
            "--log-group-name",
            group,
            "--log-stream-name",
            "manual/1",
            "--log-events",
            "timestamp=" + (now - 2000) + ",message=first line",
            "timestamp=" + (now - 1000) + ",message=second line");
    AwsCli.Run read =
        ok(
            "logs",
            "get-log-events",
            "--log-group-name",
            group,
            "--log-stream-name",
            "manual/1",
            "--start-from-head");
    AwsCli.Run again =
        aws.run(
            "logs",
            "create-log-stream",
            "--log-group-name",
            group,
            "--log-stream-name",
            "manual/1");

    assertThat(put.json().has("rejectedLogEventsInfo")).isFalse();
    assertThat(read.json().path("events").findValuesAsText("message"))
        .containsExactly("first line", "second line");
    assertThat(read.json().path("events").get(0).path("timestamp").asLong()).isEqualTo(now - 2000);
    assertThat(again.stderr()).contains("ResourceAlreadyExistsException");
  }

  @Test
  void deleteLogGroupRemovesAGroupAndAMissingOneIsResourceNotFound() {
    ok("logs", "create-log-group", "--log-group-name", "/test/delete-me");

    ok("logs", "delete-log-group", "--log-group-name", "/test/delete-me");
    AwsCli.Run listed = ok("logs", "describe-log-groups", "--log-group-name-prefix", "/test/");
    AwsCli.Run twice = aws.run("logs", "delete-log-group", "--log-group-name", "/test/delete-me");

    assertThat(listed.json().path("logGroups")).isEmpty();
    assertThat(twice.stderr())
        .contains("ResourceNotFoundException", "The specified log group does not exist.");
  }

  @Test
  void getLogEventsOfAMissingGroupFailsWithResourceNotFound() {
    AwsCli.Run missing =
        aws.run("logs", "get-log-events", "--log-group-name", "nope", "--log-stream-name", "x");

    assertThat(missing.stderr())
        .contains(
            "ResourceNotFoundException", "GetLogEvents", "The specified log group does not exist.");
    // a service error: exit 254 from AWS CLI v2; v1 (on this machine) exits 255 for every failure
    assertThat(missing.exitCode()).isEqualTo(AwsCli.majorVersion().orElseThrow() >= 2 ? 254 : 255);
  }
}
