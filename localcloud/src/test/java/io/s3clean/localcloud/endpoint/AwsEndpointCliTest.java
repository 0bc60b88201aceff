package io.s3clean.localcloud.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3clean.dynamodb.testing.AwsCli;
import io.s3clean.localcloud.LocalCloud;
import io.s3clean.localcloud.LocalClouds;
import io.s3clean.template.ShippedTemplate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    cloud = LocalClouds.shipped(Map.of(), 60);
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
    // a HEAD's Content-Length is the object's size, not that of the HEAD's empty body
    AwsCli.Run head = aws.run("s3api", "head-object", "--bucket", bucket, "--key", "report.csv");
    assertThat(head.json().path("ContentLength").asLong()).as("%s", head).isEqualTo(8);
    AwsCli.Run item =
        aws.run(
            "dynamodb",
            "get-item",
            "--table-name",
            cloud.stack().output("ObjectTableName"),
            "--key",
            "{\"bucket_name\":{\"S\":\"" + bucket + "\"},\"object_name\":{\"S\":\"report.csv\"}}",
            "--consistent-read");
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!item.stdout().contains("\"size\"") && System.nanoTime() < deadline) {
      Thread.sleep(200);
      item =
          aws.run(
              "dynamodb",
              "get-item",
              "--table-name",
              cloud.stack().output("ObjectTableName"),
              "--key",
              "{\"bucket_name\":{\"S\":\"" + bucket + "\"},\"object_name\":{\"S\":\"report.csv\"}}",
              "--consistent-read");
    }
    assertThat(item.json().at("/Item/size/N").asText()).isEqualTo("8");
  }

  @Test
  void sqsDynamoDbAndSnsListTheStacksQueuesTablesTopicsAndSubscriptions() {
    AwsCli.Run queues = aws.run("sqs", "list-queues");
    AwsCli.Run tables = aws.run("dynamodb", "list-tables");
    AwsCli.Run topics = aws.run("sns", "list-topics");
    AwsCli.Run subscriptions =
        aws.run(
            "sns", "list-subscriptions-by-topic", "--topic-arn", cloud.stack().output("TopicArn"));
    AwsCli.Run attributes =
        aws.run("sns", "get-topic-attributes", "--topic-arn", cloud.stack().output("TopicArn"));

    assertThat(queues.json().path("QueueUrls").toString())
        .contains("local-tracking", "local-logging", "local-cleaner-failures");
    assertThat(tables.json().path("TableNames").toString())
        .contains("local-objects", "local-history");
    assertThat(topics.json().path("Topics").findValuesAsText("TopicArn"))
        .contains(cloud.stack().output("TopicArn"), cloud.stack().output("NotifyTopicArn"));
    assertThat(subscriptions.json().path("Subscriptions").findValuesAsText("Protocol"))
        .containsExactly("sqs", "sqs");
    assertThat(attributes.json().at("/Attributes/SubscriptionsConfirmed").asText()).isEqualTo("2");
  }

  @Test
  void anUnversionedBucketListsEachObjectAsItsOnlyVersionNullAndDeletesByThatVersion()
      throws Exception {
    AwsCli.Run bucket = aws.run("s3api", "create-bucket", "--bucket", "versions-of-nothing");
    assertThat(bucket.exitCode()).as("%s", bucket).isZero();
    Path file = Files.writeString(home.resolve("v.txt"), "12345");
    for (String key : List.of("a/one", "a/two", "b/three four+5")) {
      assertThat(aws.run("s3", "cp", file.toString(), "s3://versions-of-nothing/" + key).exitCode())
          .isZero();
    }

    AwsCli.Run all = aws.run("s3api", "list-object-versions", "--bucket", "versions-of-nothing");
    AwsCli.Run underA =
        aws.run(
            "s3api", "list-object-versions", "--bucket", "versions-of-nothing", "--prefix", "a/");
    AwsCli.Run paged =
        aws.run(
            "s3api", "list-object-versions", "--bucket", "versions-of-nothing", "--page-size", "1");
    AwsCli.Run deleted =
        aws.run(
            "s3api",
            "delete-objects",
            "--bucket",
            "versions-of-nothing",
            "--delete",
            "Objects=[{Key=a/one,VersionId=null},{Key=a/two,VersionId=null}]");
    AwsCli.Run one =
        aws.run(
            "s3api",
            "delete-object",
            "--bucket",
            "versions-of-nothing",
            "--key",
            "b/three four+5",
            "--version-id",
            "null");
    AwsCli.Run after = aws.run("s3api", "list-object-versions", "--bucket", "versions-of-nothing");
    AwsCli.Run missing =
        aws.run("s3api", "list-object-versions", "--bucket", "no-such-bucket-here");
    AwsCli.Run versioning =
        aws.run("s3api", "get-bucket-versioning", "--bucket", "versions-of-nothing");
    AwsCli.Run noVersioning =
        aws.run("s3api", "get-bucket-versioning", "--bucket", "no-such-bucket-here");

    assertThat(all.exitCode()).as("%s", all).isZero();
    assertThat(all.json().path("Versions").findValuesAsText("Key"))
        .containsExactly("a/one", "a/two", "b/three four+5");
    assertThat(all.json().path("Versions").findValuesAsText("VersionId")).containsOnly("null");
    assertThat(all.json().path("Versions").findValuesAsText("IsLatest")).containsOnly("true");
    assertThat(all.json().path("Versions").findValuesAsText("Size")).containsOnly("5");
    assertThat(underA.json().path("Versions").findValuesAsText("Key"))
        .containsExactly("a/one", "a/two");
    assertThat(paged.json().path("Versions").findValuesAsText("Key"))
        .as("one page a key, by NextKeyMarker")
        .containsExactly("a/one", "a/two", "b/three four+5");
    assertThat(deleted.exitCode()).as("%s", deleted).isZero();
    assertThat(one.exitCode()).as("%s", one).isZero();
    assertThat(
            after.json().path("Versions").isMissingNode()
                || after.json().path("Versions").isEmpty())
        .isTrue();
    assertThat(missing.stderr()).contains("NoSuchBucket");
    assertThat(versioning.exitCode()).as("%s", versioning).isZero();
    assertThat(versioning.stdout()).as("never versioned: no Status").doesNotContain("Status");
    assertThat(noVersioning.stderr()).contains("NoSuchBucket");
  }

  @Test
  void queueUrlsNameTheEndpointAndWorkThere() {
    AwsCli.Run url = aws.run("sqs", "get-queue-url", "--queue-name", "local-cleaner-failures");
    String queueUrl = url.json().path("QueueUrl").asText();
    AwsCli.Run sent =
        aws.run(
            "sqs",
            "send-message",
            "--queue-url",
            queueUrl,
            "--message-body",
            "hello",
            "--message-attributes",
            "{\"origin\":{\"DataType\":\"String\",\"StringValue\":\"cli\"}}");
    AwsCli.Run received =
        aws.run(
            "sqs",
            "receive-message",
            "--queue-url",
            queueUrl,
            "--wait-time-seconds",
            "1",
            "--attribute-names",
            "All",
            "--message-attribute-names",
            "All");
    AwsCli.Run inFlight =
        aws.run(
            "sqs",
            "get-queue-attributes",
            "--queue-url",
            queueUrl,
            "--attribute-names",
            "ApproximateNumberOfMessagesNotVisible",
            "QueueArn",
            "VisibilityTimeout");
    AwsCli.Run deleted =
        aws.run(
            "sqs",
            "delete-message",
            "--queue-url",
            queueUrl,
            "--receipt-handle",
            received.json().at("/Messages/0/ReceiptHandle").asText());
    AwsCli.Run missing = aws.run("sqs", "get-queue-url", "--queue-name", "no-such-queue");
    AwsCli.Run badHandle =
        aws.run("sqs", "delete-message", "--queue-url", queueUrl, "--receipt-handle", "nonsense");

    assertThat(queueUrl).isEqualTo(cloud.endpoint() + "/000000000000/local-cleaner-failures");
    assertThat(cloud.stack().output("TrackingQueueUrl")).startsWith(cloud.endpoint() + "/");
    assertThat(sent.exitCode()).as("%s", sent).isZero();
    assertThat(sent.json().path("MD5OfMessageBody").asText())
        .isEqualTo("5d41402abc4b2a76b9719d911017c592");
    assertThat(received.json().path("Messages").findValuesAsText("Body")).containsExactly("hello");
    assertThat(received.json().at("/Messages/0/MessageAttributes/origin/StringValue").asText())
        .isEqualTo("cli");
    assertThat(received.json().at("/Messages/0/MD5OfMessageAttributes").asText())
        .isEqualTo(sent.json().path("MD5OfMessageAttributes").asText())
        .hasSize(32);
    assertThat(received.json().at("/Messages/0/Attributes/ApproximateReceiveCount").asText())
        .isEqualTo("1");
    assertThat(inFlight.json().at("/Attributes/ApproximateNumberOfMessagesNotVisible").asText())
        .isEqualTo("1");
    assertThat(inFlight.json().at("/Attributes/QueueArn").asText())
        .isEqualTo("arn:aws:sqs:us-east-1:000000000000:local-cleaner-failures");
    assertThat(deleted.exitCode()).as("%s", deleted).isZero();
    assertThat(missing.exitCode()).isEqualTo(255);
    assertThat(missing.stderr()).contains("The specified queue does not exist");
    assertThat(badHandle.exitCode()).isEqualTo(255);
    assertThat(badHandle.stderr()).contains("ReceiptHandleIsInvalid");
  }

  @Test
  void cloudFormationDescribesTheStackItsEventsResourcesAndTemplate() throws Exception {
    AwsCli.Run stacks = aws.run("cloudformation", "describe-stacks", "--stack-name", "local");
    AwsCli.Run events = aws.run("cloudformation", "describe-stack-events", "--stack-name", "local");
    AwsCli.Run resources =
        aws.run("cloudformation", "list-stack-resources", "--stack-name", "local");
    AwsCli.Run bucket =
        aws.run(
            "cloudformation",
            "describe-stack-resource",
            "--stack-name",
            "local",
            "--logical-resource-id",
            "WatchedBucket");
    AwsCli.Run template = aws.run("cloudformation", "get-template", "--stack-name", "local");
    Path body = Files.writeString(home.resolve("template.yaml"), ShippedTemplate.text());
    AwsCli.Run validated =
        aws.run("cloudformation", "validate-template", "--template-body", "file://" + body);

    assertThat(stacks.exitCode()).as("%s", stacks).isZero();
    assertThat(stacks.json().at("/Stacks/0/StackStatus").asText()).isEqualTo("CREATE_COMPLETE");
    assertThat(stacks.json().at("/Stacks/0/Outputs").findValuesAsText("OutputKey"))
        .contains("WatchedBucketName");
    assertThat(stacks.json().at("/Stacks/0/Parameters").findValuesAsText("ParameterKey"))
        .contains("ThresholdBytes");
    assertThat(events.json().path("StackEvents").findValuesAsText("ResourceStatus"))
        .contains("CREATE_COMPLETE");
    assertThat(
            resources.json().path("StackResourceSummaries").findValuesAsText("LogicalResourceId"))
        .contains("WatchedBucket", "TotalSizeAlarm", "CleanerFunction");
    assertThat(bucket.json().at("/StackResourceDetail/PhysicalResourceId").asText())
        .isEqualTo(cloud.stack().output("WatchedBucketName"));
    assertThat(template.json().at("/TemplateBody/Resources/WatchedBucket/Type").asText())
        .isEqualTo("AWS::S3::Bucket");
    assertThat(validated.json().path("Parameters").findValuesAsText("ParameterKey"))
        .contains("ThresholdBytes");
  }

  @Test
  void anUnknownStackIsCloudFormationsValidationError() {
    AwsCli.Run run = aws.run("cloudformation", "describe-stacks", "--stack-name", "nope");

    assertThat(run.exitCode()).isEqualTo(255);
    assertThat(run.stderr()).contains("ValidationError", "Stack with id nope does not exist");
  }

  @Test
  void anUnknownTopicIsAwsNotFoundAndAServiceTheCloudLacksIsNamed() {
    AwsCli.Run missing =
        aws.run(
            "sns",
            "get-topic-attributes",
            "--topic-arn",
            "arn:aws:sns:us-east-1:000000000000:nope");
    AwsCli.Run iam = aws.run("iam", "list-roles");

    assertThat(missing.exitCode()).isEqualTo(255);
    assertThat(missing.stderr()).contains("NotFound", "Topic does not exist");
    assertThat(iam.exitCode()).isEqualTo(255);
    assertThat(iam.stderr()).contains("UnknownService", "does not serve the service 'iam'");
  }

  @Test
  void anUnsignedRequestIsRefusedAsAwsRefusesOneAndEveryAnswerSaysTheCloudsTime() throws Exception {
    HttpResponse<String> unsigned =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(cloud.endpoint() + "/")).build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(unsigned.statusCode()).isEqualTo(403);
    assertThat(unsigned.body()).contains("<Code>MissingAuthenticationToken</Code>");
    java.time.Instant said =
        java.time.Instant.parse(
            unsigned.headers().firstValue(AwsEndpoint.CLOCK_HEADER).orElseThrow());
    // the cloud runs 60 times faster than the wall clock: its time, not the wall's
    assertThat(said)
        .isCloseTo(
            cloud.cloudWatch().clock().instant(),
            org.assertj.core.api.Assertions.within(30, java.time.temporal.ChronoUnit.SECONDS));
  }
}
