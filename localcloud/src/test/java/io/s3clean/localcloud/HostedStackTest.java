package io.s3clean.localcloud;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.s3clean.clock.ScaledClock;
import io.s3clean.dynamodb.testing.AwsCli;
import io.s3clean.localcloud.emulator.EmulatorConfig;
import io.s3clean.localcloud.provision.StackEvent;
import io.s3clean.template.ShippedTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The hosted stack's CloudFormation as {@code aws cloudformation deploy} meets it: change sets that
 * say what an update changes (or that it changes nothing), an update that runs in the background
 * with events to follow while the stack's services keep answering, and a failed update rolled back
 * to what ran.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostedStackTest {
  @TempDir static Path home;
  private static HostedStack hosted;
  private static AwsCli aws;
  private static Path templateFile;
  private static final String ARTIFACT_BUCKET = "ParameterKey=ArtifactBucket,UsePreviousValue=true";
  private static final String ARTIFACT_KEY = "ParameterKey=ArtifactKey,UsePreviousValue=true";
  private static final List<StackEvent> PRINTED = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    assertThat(AwsCli.majorVersion()).as("the AWS CLI on PATH").isPresent();
    hosted =
        HostedStack.start(
            new LocalCloud.Options(
                ShippedTemplate.parsed(),
                EmulatorConfig.persistentAt(home.resolve("data")),
                "local",
                Map.of("ArtifactBucket", "local-artifacts", "ArtifactKey", "s3clean-lambdas.jar"),
                ScaledClock.startingNow(60),
                PRINTED::add,
                (w, e) -> {}),
            ShippedTemplate.text());
    aws = new AwsCli(hosted.endpoint(), home);
    templateFile = Files.writeString(home.resolve("template.yaml"), ShippedTemplate.text());
  }

  @AfterAll
  static void stop() {
    if (hosted != null) {
      hosted.close();
    }
  }

  @Test
  @Order(1)
  void deployingTheTemplateAsDeployedIsAnEmptyChangeSet() {
    AwsCli.Run deploy =
        aws.run(
            "cloudformation",
            "deploy",
            "--stack-name",
            "local",
            "--template-file",
            templateFile.toString(),
            "--capabilities",
            "CAPABILITY_NAMED_IAM",
            "--no-fail-on-empty-changeset",
            "--parameter-overrides",
            "ArtifactBucket=local-artifacts",
            "ArtifactKey=s3clean-lambdas.jar");

    assertThat(deploy.exitCode()).as("%s", deploy).isZero();
    assertThat(deploy.stdout()).contains("No changes to deploy. Stack local is up to date");
    assertThat(
            aws.run("cloudformation", "describe-stacks", "--stack-name", "local")
                .json()
                .at("/Stacks/0/StackStatus")
                .asText())
        .isEqualTo("CREATE_COMPLETE");
  }

  @Test
  @Order(2)
  void aChangeSetNamesWhatANewParameterValueChangesAndExecutingItUpdatesTheStackInTheBackground()
      throws Exception {
    String queueUrl = hosted.cloud().stack().output("TrackingQueueUrl");
    AwsCli.Run created =
        aws.run(
            "cloudformation",
            "deploy",
            "--stack-name",
            "local",
            "--template-file",
            templateFile.toString(),
            "--capabilities",
            "CAPABILITY_NAMED_IAM",
            "--no-execute-changeset",
            "--parameter-overrides",
            "BatchSize=7");
    assertThat(created.exitCode()).as("%s", created).isZero();
    JsonNode changeSet =
        aws.run(
                "cloudformation",
                "describe-change-set",
                "--stack-name",
                "local",
                "--change-set-name",
                changeSetArn(created.stdout()))
            .json();

    assertThat(changeSet.path("Status").asText()).isEqualTo("CREATE_COMPLETE");
    assertThat(changeSet.path("Changes").findValuesAsText("LogicalResourceId"))
        .contains("SizeTrackingEventSourceMapping")
        .doesNotContain("WatchedBucket", "ObjectTable");

    AtomicBoolean updating = new AtomicBoolean(true);
    List<String> tableAnswers = new CopyOnWriteArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              try (DynamoDbClient dynamo =
                  DynamoDbClient.builder()
                      .endpointOverride(hosted.endpoint())
                      .region(Region.US_EAST_1)
                      .credentialsProvider(
                          StaticCredentialsProvider.create(
                              AwsBasicCredentials.create("test", "test")))
                      .build()) {
                while (updating.get()) {
                  try {
                    tableAnswers.add(
                        dynamo
                            .describeTable(
                                r ->
                                    r.tableName(
                                        hosted.record().deployed() == null
                                            ? "local-objects"
                                            : hosted
                                                .record()
                                                .deployed()
                                                .outputs()
                                                .get("ObjectTableName")))
                            .table()
                            .tableStatusAsString());
                  } catch (RuntimeException e) {
                    tableAnswers.add(e.toString());
                  }
                  try {
                    Thread.sleep(20);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              }
            });
    reader.start();
    AwsCli.Run execute =
        aws.run(
            "cloudformation",
            "execute-change-set",
            "--change-set-name",
            changeSet.path("ChangeSetId").asText());
    assertThat(execute.exitCode()).as("%s", execute).isZero();
    // ExecuteChangeSet has answered: the update runs on in the background
    String whileRunning = hosted.record().status();
    String status = awaitSettled("local");
    updating.set(false);
    reader.join();

    assertThat(status).isEqualTo("UPDATE_COMPLETE");
    assertThat(whileRunning).as("read while it ran").isEqualTo("UPDATE_IN_PROGRESS");
    assertThat(tableAnswers).as("the table answered all along").isNotEmpty().containsOnly("ACTIVE");
    JsonNode events =
        aws.run("cloudformation", "describe-stack-events", "--stack-name", "local")
            .json()
            .path("StackEvents");
    assertThat(events.get(0).path("ResourceStatus").asText()).isEqualTo("UPDATE_COMPLETE");
    assertThat(events.findValuesAsText("LogicalResourceId"))
        .contains("SizeTrackingEventSourceMapping");
    assertThat(
            aws.run(
                    "lambda",
                    "list-event-source-mappings",
                    "--function-name",
                    "local-size-tracking")
                .json()
                .findValuesAsText("BatchSize"))
        .containsOnly("7");
    assertThat(hosted.cloud().stack().output("TrackingQueueUrl"))
        .as("the queue is where it was")
        .isEqualTo(queueUrl);
    assertThat(
            aws.run(
                    "cloudformation",
                    "describe-change-set",
                    "--change-set-name",
                    changeSet.path("ChangeSetId").asText())
                .json()
                .path("ExecutionStatus")
                .asText())
        .isEqualTo("EXECUTE_COMPLETE");
  }

  @Test
  @Order(3)
  void anUpdateTheCloudCannotProvisionIsRolledBackAndTheStackRunsAsBefore() throws Exception {
    String failing =
        ShippedTemplate.text()
            .replaceFirst(
                "(?m)^Resources:\n",
                "Resources:\n  Extra:\n    Type: AWS::SSM::Parameter\n    Properties:\n      Type: String\n      Value: x\n");
    Path file = Files.writeString(home.resolve("failing.yaml"), failing);

    AwsCli.Run deploy =
        aws.run(
            "cloudformation",
            "update-stack",
            "--stack-name",
            "local",
            "--template-body",
            "file://" + file,
            "--capabilities",
            "CAPABILITY_NAMED_IAM",
            "--parameters",
            "ParameterKey=BatchSize,UsePreviousValue=true",
            ARTIFACT_BUCKET,
            ARTIFACT_KEY);
    assertThat(deploy.exitCode()).as("%s", deploy).isZero();

    assertThat(awaitSettled("local")).isEqualTo("UPDATE_ROLLBACK_COMPLETE");
    JsonNode events =
        aws.run("cloudformation", "describe-stack-events", "--stack-name", "local")
            .json()
            .path("StackEvents");
    assertThat(events.findValuesAsText("ResourceStatusReason"))
        .anyMatch(reason -> reason.contains("AWS::SSM::Parameter"));
    assertThat(
            aws.run("cloudformation", "get-template", "--stack-name", "local")
                .json()
                .path("TemplateBody")
                .asText())
        .doesNotContain("Extra:");
    assertThat(
            aws.run(
                    "lambda",
                    "list-event-source-mappings",
                    "--function-name",
                    "local-size-tracking")
                .json()
                .findValuesAsText("BatchSize"))
        .containsOnly("7");
  }

  @Test
  @Order(4)
  void badChangeSetsGetCloudFormationsErrorsAndChangeNothing() {
    AwsCli.Run unknown =
        aws.run(
            "cloudformation",
            "create-change-set",
            "--stack-name",
            "local",
            "--change-set-name",
            "bad",
            "--use-previous-template",
            "--capabilities",
            "CAPABILITY_NAMED_IAM",
            "--parameters",
            "ParameterKey=NoSuchParameter,ParameterValue=1",
            ARTIFACT_BUCKET,
            ARTIFACT_KEY);
    AwsCli.Run noCapabilities =
        aws.run(
            "cloudformation",
            "create-change-set",
            "--stack-name",
            "local",
            "--change-set-name",
            "bad",
            "--use-previous-template",
            "--parameters",
            "ParameterKey=BatchSize,ParameterValue=3",
            ARTIFACT_BUCKET,
            ARTIFACT_KEY);
    AwsCli.Run disallowed =
        aws.run(
            "cloudformation",
            "create-change-set",
            "--stack-name",
            "local",
            "--change-set-name",
            "bad",
            "--use-previous-template",
            "--capabilities",
            "CAPABILITY_NAMED_IAM",
            "--parameters",
            "ParameterKey=BatchSize,ParameterValue=500",
            ARTIFACT_BUCKET,
            ARTIFACT_KEY);
    AwsCli.Run noTemplate =
        aws.run(
            "cloudformation",
            "create-change-set",
            "--stack-name",
            "local",
            "--change-set-name",
            "bad",
            "--template-url",
            "https://s3.amazonaws.com/no-such-bucket/template.yaml");
    AwsCli.Run otherStack =
        aws.run(
            "cloudformation",
            "create-change-set",
            "--stack-name",
            "other",
            "--change-set-name",
            "bad",
            "--use-previous-template");

    assertThat(unknown.stderr())
        .contains("ValidationError")
        .contains("Parameters: [NoSuchParameter] do not exist");
    assertThat(noCapabilities.stderr())
        .contains("InsufficientCapabilities")
        .contains("Requires capabilities : [CAPABILITY_IAM]");
    assertThat(disallowed.stderr()).contains("ValidationError").contains("BatchSize");
    assertThat(noTemplate.stderr()).contains("TemplateURL must reference a valid S3 object");
    assertThat(otherStack.stderr()).contains("Stack with id other does not exist");
    assertThat(List.of(unknown, noCapabilities, disallowed, noTemplate, otherStack))
        .allMatch(run -> run.exitCode() != 0 && run.stderr().lines().count() <= 2);
    assertThat(
            aws.run("cloudformation", "list-change-sets", "--stack-name", "local")
                .json()
                .path("Summaries")
                .findValuesAsText("ChangeSetName"))
        .doesNotContain("bad");
  }

  @Test
  @Order(5)
  void resourcesAnUpdateRemovesAreDeletedAsOnAwsAndABucketWithObjectsFailsOnlyItsOwnDeletion()
      throws Exception {
    String extra =
        ShippedTemplate.text()
            .replaceFirst(
                "(?m)^Resources:\n",
                """
        Resources:
          ExtraQueue:
            Type: AWS::SQS::Queue
            Properties: {QueueName: local-extra}
          KeptQueue:
            Type: AWS::SQS::Queue
            DeletionPolicy: Retain
            Properties: {QueueName: local-kept}
          ExtraTable:
            Type: AWS::DynamoDB::Table
            Properties:
              TableName: local-extra
              BillingMode: PAY_PER_REQUEST
              AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
              KeySchema: [{AttributeName: id, KeyType: HASH}]
          FullBucket:
            Type: AWS::S3::Bucket
            Properties: {BucketName: local-extra-full}
          EmptyBucket:
            Type: AWS::S3::Bucket
            Properties: {BucketName: local-extra-empty}
        """);
    Path file = Files.writeString(home.resolve("extra.yaml"), extra);
    String[] previous = {
      "--capabilities",
      "CAPABILITY_NAMED_IAM",
      "--parameters",
      "ParameterKey=BatchSize,UsePreviousValue=true",
      ARTIFACT_BUCKET,
      ARTIFACT_KEY
    };
    AwsCli.Run added =
        aws.run(
            concat(
                new String[] {
                  "cloudformation",
                  "update-stack",
                  "--stack-name",
                  "local",
                  "--template-body",
                  "file://" + file
                },
                previous));
    assertThat(added.exitCode()).as("%s", added).isZero();
    assertThat(awaitSettled("local")).isEqualTo("UPDATE_COMPLETE");
    Path object = Files.writeString(home.resolve("kept.txt"), "kept");
    assertThat(aws.run("s3", "cp", object.toString(), "s3://local-extra-full/kept.txt").exitCode())
        .isZero();

    AwsCli.Run removed =
        aws.run(
            concat(
                new String[] {
                  "cloudformation",
                  "update-stack",
                  "--stack-name",
                  "local",
                  "--template-body",
                  "file://" + templateFile
                },
                previous));

    assertThat(removed.exitCode()).as("%s", removed).isZero();
    assertThat(awaitSettled("local")).isEqualTo("UPDATE_COMPLETE");
    JsonNode events =
        aws.run("cloudformation", "describe-stack-events", "--stack-name", "local")
            .json()
            .path("StackEvents");
    Map<String, String> lastStatus = new java.util.HashMap<>();
    Map<String, String> lastReason = new java.util.HashMap<>();
    for (int i = events.size() - 1; i >= 0; i--) { // newest first on the wire
      lastStatus.put(
          events.get(i).path("LogicalResourceId").asText(),
          events.get(i).path("ResourceStatus").asText());
      lastReason.put(
          events.get(i).path("LogicalResourceId").asText(),
          events.get(i).path("ResourceStatusReason").asText());
    }
    assertThat(lastStatus)
        .containsEntry("ExtraQueue", "DELETE_COMPLETE")
        .containsEntry("ExtraTable", "DELETE_COMPLETE")
        .containsEntry("EmptyBucket", "DELETE_COMPLETE")
        .containsEntry("KeptQueue", "DELETE_SKIPPED")
        .containsEntry("FullBucket", "DELETE_FAILED");
    assertThat(lastReason.get("FullBucket")).contains("not empty");
    assertThat(aws.run("sqs", "get-queue-url", "--queue-name", "local-extra").stderr())
        .contains("does not exist");
    assertThat(aws.run("sqs", "get-queue-url", "--queue-name", "local-kept").exitCode()).isZero();
    assertThat(aws.run("dynamodb", "describe-table", "--table-name", "local-extra").stderr())
        .contains("ResourceNotFoundException");
    assertThat(aws.run("s3api", "head-bucket", "--bucket", "local-extra-empty").exitCode())
        .isNotZero();
    assertThat(aws.run("s3", "ls", "s3://local-extra-full/").stdout()).contains("kept.txt");
  }

  private static String[] concat(String[] first, String[] second) {
    String[] all = java.util.Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, all, first.length, second.length);
    return all;
  }

  @Test
  @Order(6)
  void aDeletedStackIsGoneWithItsDataAndADeployCreatesItAgain() throws Exception {
    String oldId = hosted.record().stackId();
    String bucket = hosted.cloud().stack().output("WatchedBucketName");
    Path file = Files.writeString(home.resolve("kept.txt"), "kept");
    assertThat(aws.run("s3", "cp", file.toString(), "s3://" + bucket + "/kept.txt").exitCode())
        .isZero();

    AwsCli.Run delete = aws.run("cloudformation", "delete-stack", "--stack-name", "local");
    assertThat(delete.exitCode()).as("%s", delete).isZero();
    assertThat(awaitSettled(oldId)).isEqualTo("DELETE_COMPLETE");
    AwsCli.Run gone = aws.run("cloudformation", "describe-stacks", "--stack-name", "local");
    AwsCli.Run noBucket = aws.run("s3api", "list-objects-v2", "--bucket", bucket);
    AwsCli.Run again = aws.run("cloudformation", "delete-stack", "--stack-name", "local");

    AwsCli.Run logGroups = aws.run("logs", "describe-log-groups");
    AwsCli.Run alarms = aws.run("cloudwatch", "describe-alarms");
    AwsCli.Run noGroup =
        aws.run("logs", "delete-log-group", "--log-group-name", "/aws/lambda/local-size-tracking");

    assertThat(gone.stderr()).contains("Stack with id local does not exist");
    assertThat(noBucket.exitCode()).isNotZero();
    assertThat(logGroups.json().path("logGroups"))
        .as("the account's logs, without the stack's")
        .isEmpty();
    assertThat(alarms.json().path("MetricAlarms")).isEmpty();
    assertThat(noGroup.stderr()).contains("ResourceNotFoundException");
    assertThat(again.exitCode()).as("deleting what is gone does nothing, as on AWS").isZero();

    AwsCli.Run create =
        aws.run(
            "cloudformation",
            "deploy",
            "--stack-name",
            "local",
            "--template-file",
            templateFile.toString(),
            "--capabilities",
            "CAPABILITY_IAM",
            "--no-execute-changeset",
            "--parameter-overrides",
            "ArtifactBucket=local-artifacts",
            "ArtifactKey=s3clean-lambdas.jar");
    assertThat(create.exitCode()).as("%s", create).isZero();
    assertThat(
            aws.run("cloudformation", "describe-stacks", "--stack-name", "local")
                .json()
                .at("/Stacks/0/StackStatus")
                .asText())
        .isEqualTo("REVIEW_IN_PROGRESS");
    assertThat(
            aws.run(
                    "cloudformation",
                    "execute-change-set",
                    "--change-set-name",
                    changeSetArn(create.stdout()))
                .exitCode())
        .isZero();

    assertThat(awaitSettled("local")).isEqualTo("CREATE_COMPLETE");
    assertThat(hosted.record().stackId()).isNotEqualTo(oldId);
    AwsCli.Run list = aws.run("s3api", "list-objects-v2", "--bucket", bucket);
    assertThat(list.exitCode()).as("%s", list).isZero();
    assertThat(list.stdout()).doesNotContain("kept.txt");
    assertThat(
            aws.run(
                    "lambda",
                    "list-event-source-mappings",
                    "--function-name",
                    "local-size-tracking")
                .json()
                .findValuesAsText("BatchSize"))
        .as("the template's default again")
        .containsOnly("10");
  }

  /**
   * Waits in-process (an AWS CLI call a poll would cost a second), then asks the AWS CLI for the
   * status.
   */
  private static String awaitSettled(String stack) throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (hosted.record().status().endsWith("_IN_PROGRESS") && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    return aws.run("cloudformation", "describe-stacks", "--stack-name", stack)
        .json()
        .at("/Stacks/0/StackStatus")
        .asText();
  }

  private static String changeSetArn(String deployOutput) {
    return deployOutput
        .lines()
        .filter(line -> line.contains("arn:aws:cloudformation:"))
        .findFirst()
        .map(line -> line.substring(line.indexOf("arn:aws:cloudformation:")).strip())
        .orElseThrow(() -> new AssertionError("no change set ARN in: " + deployOutput));
  }
}
