package io.s3clean.localcloud.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3clean.clock.ScaledClock;
import io.s3clean.dynamodb.testing.AwsCli;
import io.s3clean.localcloud.LocalCloud;
import io.s3clean.localcloud.emulator.EmulatorConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded cloud's one endpoint as a user meets it: the real AWS CLI, pointed at it once,
 * reaches every service of the stack through it.
 */
class AwsEndpointCliTest {
  @TempDir static Path home;
  private static LocalCloud cloud;
  private static AwsCli aws;

  @BeforeAll
  static void start() {
    assertThat(AwsCli.majorVersion()).as("the AWS CLI on PATH").isPresent();
    cloud = LocalCloud.start(new LocalCloud.Options(LocalCloud.shippedTemplate(), EmulatorConfig.inMemory(), "local",
        Map.of("ArtifactBucket", "local-artifacts", "ArtifactKey", "s3clean-lambdas.jar"), ScaledClock.startingNow(60),
        e -> {}, (w, e) -> {}));
    aws = new AwsCli(cloud.endpoint(), home);
  }

  @AfterAll
  static void stop() {
    cloud.close();
  }

  @Test
  void stsSaysWhichAccountTheCloudIs() {
    AwsCli.Run run = aws.run("sts", "get-caller-identity");

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.json().path("Account").asText()).isEqualTo("000000000000");
  }

  @Test
  void s3ThroughTheEndpointIsTheWatchedBucketAndItsUploadsAreTracked() throws Exception {
    String bucket = cloud.stack().output("WatchedBucketName");
    Path file = Files.writeString(home.resolve("report.csv"), "a,b\n1,2\n");

    AwsCli.Run copy = aws.run("s3", "cp", file.toString(), "s3://" + bucket + "/report.csv");
    AwsCli.Run list = aws.run("s3api", "list-objects-v2", "--bucket", bucket);

    assertThat(copy.exitCode()).as("%s", copy).isZero();
    assertThat(list.json().path("Contents").findValuesAsText("Key")).contains("report.csv");
    AwsCli.Run item = aws.run("dynamodb", "get-item", "--table-name", cloud.stack().output("ObjectTableName"),
        "--key", "{\"bucket_name\":{\"S\":\"" + bucket + "\"},\"object_name\":{\"S\":\"report.csv\"}}",
        "--consistent-read");
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!item.stdout().contains("\"size\"") && System.nanoTime() < deadline) {
      Thread.sleep(200);
      item = aws.run("dynamodb", "get-item", "--table-name", cloud.stack().output("ObjectTableName"),
          "--key", "{\"bucket_name\":{\"S\":\"" + bucket + "\"},\"object_name\":{\"S\":\"report.csv\"}}",
          "--consistent-read");
    }
    assertThat(item.json().at("/Item/size/N").asText()).isEqualTo("8");
  }

  @Test
  void sqsDynamoDbAndSnsListTheStacksQueuesTablesTopicsAndSubscriptions() {
    AwsCli.Run queues = aws.run("sqs", "list-queues");
    AwsCli.Run tables = aws.run("dynamodb", "list-tables");
    AwsCli.Run topics = aws.run("sns", "list-topics");
    AwsCli.Run subscriptions = aws.run("sns", "list-subscriptions-by-topic", "--topic-arn",
        cloud.stack().output("TopicArn"));
    AwsCli.Run attributes = aws.run("sns", "get-topic-attributes", "--topic-arn", cloud.stack().output("TopicArn"));

    assertThat(queues.json().path("QueueUrls").toString()).contains("local-tracking", "local-logging",
        "local-cleaner-failures");
    assertThat(tables.json().path("TableNames").toString()).contains("local-objects", "local-history");
    assertThat(topics.json().path("Topics").findValuesAsText("TopicArn"))
        .contains(cloud.stack().output("TopicArn"), cloud.stack().output("NotifyTopicArn"));
    assertThat(subscriptions.json().path("Subscriptions").findValuesAsText("Protocol")).containsExactly("sqs", "sqs");
    assertThat(attributes.json().at("/Attributes/SubscriptionsConfirmed").asText()).isEqualTo("2");
  }

  @Test
  void anUnknownTopicIsAwsNotFoundAndAServiceTheCloudLacksIsNamed() {
    AwsCli.Run missing = aws.run("sns", "get-topic-attributes", "--topic-arn", "arn:aws:sns:us-east-1:000000000000:nope");
    AwsCli.Run iam = aws.run("iam", "list-roles");

    assertThat(missing.exitCode()).isEqualTo(255);
    assertThat(missing.stderr()).contains("NotFound", "Topic does not exist");
    assertThat(iam.exitCode()).isEqualTo(255);
    assertThat(iam.stderr()).contains("UnknownService", "does not serve the service 'iam'");
  }

  @Test
  void anUnsignedRequestIsRefusedAsAwsRefusesOneAndEveryAnswerSaysTheCloudsTime() throws Exception {
    HttpResponse<String> unsigned = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(cloud.endpoint() + "/")).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(unsigned.statusCode()).isEqualTo(403);
    assertThat(unsigned.body()).contains("<Code>MissingAuthenticationToken</Code>");
    java.time.Instant said = java.time.Instant.parse(unsigned.headers().firstValue(AwsEndpoint.CLOCK_HEADER).orElseThrow());
    // the cloud runs 60 times faster than the wall clock: its time, not the wall's
    assertThat(said).isCloseTo(cloud.cloudWatch().clock().instant(),
        org.assertj.core.api.Assertions.within(30, java.time.temporal.ChronoUnit.SECONDS));
  }
}
