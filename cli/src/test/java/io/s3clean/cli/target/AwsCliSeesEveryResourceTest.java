package io.s3clean.cli.target;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3clean.cli.testing.CliRun;
import io.s3clean.dynamodb.testing.AwsCli;
import io.s3clean.template.StackOutputs.Output;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running stack as the real AWS CLI sees it through what {@code s3clean local env} prints: every
 * resource the stack has, from its CloudFormation record to the alarm's history after a breach and
 * the plotting function's PNG. Each service's own test class goes deeper; this one checks that
 * nothing of the stack is out of the AWS CLI's reach.
 */
class AwsCliSeesEveryResourceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G'};
  private static final String PLOT_EVENT =
      "{\"version\":\"2.0\",\"routeKey\":\"GET /plot\",\"rawPath\":\"/plot\","
          + "\"rawQueryString\":\"width=400&height=300\",\"queryStringParameters\":{\"width\":\"400\",\"height\":\"300\"},"
          + "\"requestContext\":{\"http\":{\"method\":\"GET\",\"path\":\"/plot\"}},\"isBase64Encoded\":false}";

  @TempDir Path dataDir;

  @Test
  void everyResourceOfARunningStackIsVisibleToTheAwsCli() throws Exception {
    try (CloudHost cloud =
        new CloudHost(
            "s3clean", dataDir.resolve("s3clean"), 60, line -> {}, EmbeddedClouds::start)) {
      StackTarget.StackInfo stack = cloud.deploy(Map.of("ThresholdBytes", "100"), line -> {});
      cloud.publish();
      CliRun env = CliRun.run("--data-dir", dataDir.toString(), "local", "env");
      String endpoint =
          env.out()
              .lines()
              .filter(line -> line.startsWith("export AWS_ENDPOINT_URL="))
              .map(line -> line.substring(line.indexOf('=') + 1))
              .findFirst()
              .orElseThrow();
      AwsCli aws = new AwsCli(URI.create(endpoint), dataDir);
      String bucket = stack.typed().watchedBucket();
      String alarm = stack.typed().alarmName();

      // a breach: the cleaner deletes the object, the alarm goes to ALARM and back
      Path big = Files.write(dataDir.resolve("big.bin"), new byte[150]);
      assertThat(aws.run("s3", "cp", big.toString(), "s3://" + bucket + "/big.bin").exitCode())
          .isZero();
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (!json(aws, "cloudwatch", "describe-alarm-history", "--alarm-name", alarm)
              .toString()
              .contains("to ALARM")
          && System.nanoTime() < deadline) {
        Thread.sleep(500);
      }

      JsonNode stacks = json(aws, "cloudformation", "describe-stacks", "--stack-name", "s3clean");
      assertThat(stacks.at("/Stacks/0/StackStatus").asText()).isEqualTo("CREATE_COMPLETE");
      assertThat(
              json(aws, "cloudformation", "describe-stack-events", "--stack-name", "s3clean")
                  .path("StackEvents")
                  .findValuesAsText("ResourceStatus"))
          .contains("CREATE_COMPLETE");
      assertThat(
              json(aws, "cloudformation", "list-stack-resources", "--stack-name", "s3clean")
                  .path("StackResourceSummaries")
                  .findValuesAsText("LogicalResourceId"))
          .contains("WatchedBucket", "TotalSizeAlarm", "TotalSizeMetricFilter", "PlotApi");
      assertThat(json(aws, "sns", "list-topics").path("Topics").findValuesAsText("TopicArn"))
          .contains(stack.typed().topicArn(), stack.typed().get(Output.NOTIFY_TOPIC));
      assertThat(
              json(
                      aws,
                      "sns",
                      "list-subscriptions-by-topic",
                      "--topic-arn",
                      stack.typed().topicArn())
                  .path("Subscriptions")
                  .findValuesAsText("Endpoint"))
          .hasSize(2);
      assertThat(json(aws, "sqs", "list-queues").path("QueueUrls").toString())
          .contains(stack.typed().trackingQueueUrl(), stack.typed().loggingQueueUrl());
      assertThat(json(aws, "dynamodb", "list-tables").path("TableNames").toString())
          .contains(stack.typed().objectTable(), stack.typed().historyTable());
      assertThat(
              json(aws, "lambda", "list-functions")
                  .path("Functions")
                  .findValuesAsText("FunctionName"))
          .contains(
              stack.typed().sizeTrackingFunction(),
              stack.typed().eventLoggingFunction(),
              stack.typed().cleanerFunction(),
              stack.typed().plottingFunction());
      assertThat(
              json(
                      aws,
                      "lambda",
                      "list-aliases",
                      "--function-name",
                      stack.typed().sizeTrackingFunction())
                  .path("Aliases")
                  .findValuesAsText("Name"))
          .contains("live");
      assertThat(
              json(aws, "logs", "describe-log-groups")
                  .path("logGroups")
                  .findValuesAsText("logGroupName"))
          .contains(
              stack.typed().sizeTrackingLogGroup(), stack.typed().get(Output.CLEANER_LOG_GROUP));
      assertThat(
              json(
                      aws,
                      "logs",
                      "filter-log-events",
                      "--log-group-name",
                      stack.typed().get(Output.CLEANER_LOG_GROUP))
                  .path("events")
                  .toString())
          .contains("big.bin");
      assertThat(
              json(
                      aws,
                      "logs",
                      "describe-metric-filters",
                      "--log-group-name",
                      stack.typed().sizeTrackingLogGroup())
                  .path("metricFilters")
                  .findValuesAsText("metricName"))
          .contains(stack.typed().get(Output.METRIC));
      assertThat(
              json(aws, "cloudwatch", "describe-alarms", "--alarm-names", alarm)
                  .path("MetricAlarms")
                  .findValuesAsText("AlarmName"))
          .containsExactly(alarm);
      assertThat(
              json(aws, "cloudwatch", "describe-alarm-history", "--alarm-name", alarm).toString())
          .as("the breach in the alarm's history")
          .contains("to ALARM");
      Instant now = cloud.clock().instant();
      JsonNode metric =
          json(
              aws,
              "cloudwatch",
              "get-metric-statistics",
              "--namespace",
              stack.typed().get(Output.METRIC_NAMESPACE),
              "--metric-name",
              stack.typed().get(Output.METRIC),
              "--dimensions",
              "Name=BucketName,Value=" + bucket,
              "--start-time",
              now.minusSeconds(3600).toString(),
              "--end-time",
              now.plusSeconds(60).toString(),
              "--period",
              "60",
              "--statistics",
              "Maximum");
      assertThat(metric.path("Datapoints").findValuesAsText("Maximum"))
          .as("%s", metric)
          .isNotEmpty();
      assertThat(
              json(aws, "apigatewayv2", "get-apis").path("Items").findValuesAsText("ApiEndpoint"))
          .hasSize(1);

      Path response = dataDir.resolve("plot.json");
      AwsCli.Run invoke =
          aws.run(
              "lambda",
              "invoke",
              "--function-name",
              stack.typed().plottingFunction(),
              "--qualifier",
              "live",
              "--payload",
              PLOT_EVENT,
              response.toString());
      assertThat(invoke.exitCode()).as("%s", invoke).isZero();
      JsonNode plot = JSON.readTree(response.toFile());
      assertThat(plot.path("statusCode").asInt()).as("%s", plot).isEqualTo(200);
      assertThat(Arrays.copyOf(Base64.getDecoder().decode(plot.path("body").asText()), 4))
          .isEqualTo(PNG_MAGIC);
    }
  }

  private static JsonNode json(AwsCli aws, String... args) {
    AwsCli.Run run = aws.run(args);
    assertThat(run.exitCode()).as("aws %s: %s", String.join(" ", args), run).isZero();
    return run.json();
  }
}
