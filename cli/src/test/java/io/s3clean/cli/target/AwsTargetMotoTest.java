package io.s3clean.cli.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3clean.cli.ExitCodes;
import io.s3clean.cli.testing.CliRun;
import io.s3clean.cli.testing.Moto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/**
 * The AWS target against moto, a third-party AWS emulator, through the command line as an operator
 * runs it. moto skips some resource types (aliases, the alarm, the HTTP API; see MotoTemplate), so
 * the stack deployed here is the template with the aliases' references pointed at their functions,
 * and it has no AlarmName output.
 */
@ExtendWith(Moto.class)
class AwsTargetMotoTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static CloudFormationClient cloudFormation;
  private static S3Client s3;

  @BeforeAll
  static void clients() {
    cloudFormation = Moto.client(CloudFormationClient.builder());
    s3 = Moto.client(S3Client.builder().forcePathStyle(true));
  }

  @AfterAll
  static void close() {
    cloudFormation.close();
    s3.close();
  }

  private static CliRun deploy(String stack, String... more) {
    String[] args = new String[4 + more.length];
    System.arraycopy(
        new String[] {"--stack-name", stack, "deploy", "--jar=" + Moto.dummyJar()}, 0, args, 0, 4);
    System.arraycopy(more, 0, args, 4, more.length);
    return Moto.cli(args);
  }

  private static String watchedBucket(String stack) {
    return stack + "-" + Moto.ACCOUNT + "-" + Moto.REGION + "-watched";
  }

  @Test
  void deployCreatesTheStackThroughAChangeSetAndPrintsItsOutputs() {
    CliRun run = deploy("s3clean-create");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
    assertThat(run.err())
        .contains("Creating artifact bucket s3clean-create-123456789012-us-east-1-code")
        .containsPattern("Creating stack s3clean-create through change set s3clean-\\d+")
        .containsPattern(
            "\\d\\d:\\d\\d:\\d\\d  CREATE_COMPLETE +AWS::CloudFormation::Stack +s3clean-create")
        .endsWith("Stack s3clean-create is CREATE_COMPLETE" + System.lineSeparator());
    assertThat(run.out())
        .startsWith("stack   s3clean-create" + System.lineSeparator() + "status  CREATE_COMPLETE")
        .contains("  WatchedBucketName           " + watchedBucket("s3clean-create"))
        .contains("  Threshold                   20");
    // moto lists every stack's change sets, whatever stack is asked for.
    assertThat(cloudFormation.listChangeSets(r -> r.stackName("s3clean-create")).summaries())
        .filteredOn(changeSet -> changeSet.stackName().equals("s3clean-create"))
        .singleElement()
        .satisfies(
            changeSet ->
                assertThat(changeSet.executionStatusAsString()).isEqualTo("EXECUTE_COMPLETE"));
  }

  @Test
  void theJarIsUploadedUnderItsDigestOnceAndAnUnchangedDeployIsSuccess() throws Exception {
    deploy("s3clean-again");

    CliRun again = deploy("s3clean-again");

    assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCodes.OK);
    assertThat(again.err())
        .contains(
            "Lambda code unchanged: s3://s3clean-again-123456789012-us-east-1-code/s3clean/lambdas-")
        .contains("No changes to deploy. Stack s3clean-again is up to date");
    String key = parameters("s3clean-again").get("ArtifactKey");
    assertThat(key).matches("s3clean/lambdas-[0-9a-f]{64}\\.jar");
    assertThat(
            s3.getObjectAsBytes(r -> r.bucket("s3clean-again-123456789012-us-east-1-code").key(key))
                .asByteArray())
        .isEqualTo(Files.readAllBytes(Moto.dummyJar()));
  }

  @Test
  void anUpdateChangesWhatIsGivenAndKeepsTheRest() throws Exception {
    deploy("s3clean-update", "--cleanup-policy", "one");

    CliRun update = deploy("s3clean-update", "--threshold", "30", "--output", "json");

    assertThat(update.exitCode()).as(update.toString()).isEqualTo(ExitCodes.OK);
    assertThat(update.err()).contains("Updating stack s3clean-update through change set");
    JsonNode result = JSON.readTree(update.out());
    assertThat(result.path("status").asText()).isEqualTo("UPDATE_COMPLETE");
    assertThat(result.path("outputs").path("Threshold").asText()).isEqualTo("30");
    assertThat(parameters("s3clean-update"))
        .containsEntry("ThresholdBytes", "30")
        .containsEntry("CleanupPolicy", "one");
  }

  @Test
  void aStackNameWhoseBucketsS3WouldRefuseIsRefusedInOneLineBeforeAnythingIsCreated() {
    CliRun run = deploy("sthree-demo");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.BAD_PARAMETER);
    assertThat(run.err())
        .isEqualTo(
            "s3clean: --stack-name 'sthree-demo' cannot name S3 buckets: its bucket"
                + " sthree-demo-<account>-<region>-watched starts with sthree-, which S3 reserves (S3 user guide, \"General"
                + " purpose bucket naming rules\")"
                + System.lineSeparator());
    // other tests leave their buckets in the shared moto server: look for this stack's own names
    // only
    for (String suffix : List.of("code", "watched", "plots")) {
      assertThatThrownBy(
              () -> s3.headBucket(r -> r.bucket("sthree-demo-123456789012-us-east-1-" + suffix)))
          .as(suffix)
          .isInstanceOf(NoSuchBucketException.class);
    }
    assertThat(cloudFormation.listStacks().stackSummaries())
        .noneMatch(stack -> stack.stackName().equals("sthree-demo"));
  }

  private static final String BATCH_RULE =
      "BatchSize above 10 needs MaximumBatchingWindowInSeconds of at least 1:"
          + " Lambda refuses an SQS event source mapping with a larger batch and no batching window";

  @Test
  void aBatchAboveTenWithoutAWindowIsRefusedInOneLineBeforeTheJarIsUploaded() {
    CliRun run = deploy("s3clean-batch11", "--batch-size", "11");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.BAD_PARAMETER);
    assertThat(run.err())
        .isEqualTo(
            "s3clean: BatchSize 11 (--batch-size) with MaximumBatchingWindowInSeconds 0"
                + " (template default): "
                + BATCH_RULE
                + System.lineSeparator());
    assertThatThrownBy(
            () -> s3.headBucket(r -> r.bucket("s3clean-batch11-123456789012-us-east-1-code")))
        .as("no artifact bucket")
        .isInstanceOf(NoSuchBucketException.class);
    assertThat(cloudFormation.listStacks().stackSummaries())
        .noneMatch(stack -> stack.stackName().equals("s3clean-batch11"));
  }

  @Test
  void aRedeployThatDropsTheWindowUnderTheBatchSizeKeptFromTheLastDeployIsRefused()
      throws Exception {
    CliRun first = deploy("s3clean-window", "--batch-size", "50", "--batching-window", "5");
    assertThat(first.exitCode()).as(first.toString()).isEqualTo(ExitCodes.OK);

    CliRun again = deploy("s3clean-window", "--batching-window", "0");

    assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCodes.BAD_PARAMETER);
    assertThat(again.err())
        .isEqualTo(
            "s3clean: BatchSize 50 (kept from the previous deploy) with"
                + " MaximumBatchingWindowInSeconds 0 (--batching-window): "
                + BATCH_RULE
                + System.lineSeparator());
    assertThat(parameters("s3clean-window"))
        .containsEntry("BatchSize", "50")
        .containsEntry("MaximumBatchingWindowInSeconds", "5");
    // moto lists every stack's change sets, whatever stack is asked for.
    assertThat(cloudFormation.listChangeSets(r -> r.stackName("s3clean-window")).summaries())
        .filteredOn(changeSet -> changeSet.stackName().equals("s3clean-window"))
        .hasSize(1);
  }

  @Test
  void statusComparesTheLedgerWithTheBucketAndShowsEveryQueue() throws Exception {
    deploy("s3clean-status");
    // moto runs no Lambda, so nothing applies this object's event to the ledger.
    s3.putObject(
        r -> r.bucket(watchedBucket("s3clean-status")).key("a.txt"),
        RequestBody.fromString("eighteen bytes ..."));
    // an upload started and never completed: billed, and no event says so
    String uploadId =
        s3.createMultipartUpload(r -> r.bucket(watchedBucket("s3clean-status")).key("big.bin"))
            .uploadId();
    s3.uploadPart(
        r ->
            r.bucket(watchedBucket("s3clean-status"))
                .key("big.bin")
                .uploadId(uploadId)
                .partNumber(1),
        RequestBody.fromString("12345"));

    CliRun run = Moto.cli("--stack-name", "s3clean-status", "--output", "json", "status");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
    JsonNode status = JSON.readTree(run.out());
    assertThat(status.path("status").asText()).isEqualTo("CREATE_COMPLETE");
    assertThat(status.path("ledger_total").asLong()).isZero();
    assertThat(status.path("bucket_total").asLong()).isEqualTo(18);
    assertThat(status.path("ledger_vs_bucket").asText()).isEqualTo("MISMATCH");
    assertThat(status.path("queues"))
        .extracting(queue -> queue.path("queue").asText())
        .containsExactly("tracking", "tracking-dlq", "logging", "logging-dlq", "cleaner-failures");
    assertThat(status.path("alarm").path("problem").asText())
        .isEqualTo("the stack has no AlarmName output");
    assertThat(run.err()).contains("`s3clean reconcile` lists the differences");
    assertThat(status.path("unfinished_uploads").path("uploads").asLong()).isEqualTo(1);
    assertThat(status.path("unfinished_uploads").path("bytes").asLong()).isEqualTo(5);
    assertThat(run.err()).contains("1 unfinished multipart upload(s) hold 5 bytes that S3 bills");

    CliRun table = Moto.cli("--stack-name", "s3clean-status", "status");
    assertThat(table.out()).contains("ledger_vs_bucket  MISMATCH").doesNotContain("\u001b[");
  }

  @Test
  void historyOfAStackWithoutEventsIsEmptyInEveryFormat() throws Exception {
    deploy("s3clean-history");

    CliRun table = Moto.cli("--stack-name", "s3clean-history", "history");
    CliRun json = Moto.cli("--stack-name", "s3clean-history", "--output", "json", "history");
    CliRun csv = Moto.cli("--stack-name", "s3clean-history", "history", "--csv");
    Path png = Path.of("target", "moto", "empty-history.png");
    CliRun plot =
        Moto.cli(
            "--stack-name",
            "s3clean-history",
            "history",
            "--plot",
            png.toString(),
            "--width",
            "400",
            "--height",
            "300");

    assertThat(table.out())
        .isEqualTo(
            "SEQ  EVENT TIME  OBJECT NAME  EVENT TYPE  SIZE DELTA  TOTAL SIZE"
                + System.lineSeparator());
    assertThat(table.err())
        .isEqualTo(
            "No history yet for bucket "
                + watchedBucket("s3clean-history")
                + System.lineSeparator());
    assertThat(JSON.readTree(json.out()).isArray()).isTrue();
    assertThat(JSON.readTree(json.out())).isEmpty();
    assertThat(csv.out())
        .isEqualTo(
            "seq,event_time,object_name,event_type,size_delta,total_size" + System.lineSeparator());
    assertThat(plot.exitCode()).as(plot.toString()).isEqualTo(ExitCodes.OK);
    assertThat(Files.readAllBytes(png)).startsWith(0x89, 'P', 'N', 'G');
  }

  @Test
  void logsPrintAFunctionsLinesOldestFirst() throws Exception {
    deploy("s3clean-logs");
    String group = "/aws/lambda/s3clean-logs-size-tracking";
    try (CloudWatchLogsClient logs = Moto.client(CloudWatchLogsClient.builder())) {
      logs.createLogStream(r -> r.logGroupName(group).logStreamName("2026/11/24/[1]abc"));
      long now = Instant.now().toEpochMilli();
      logs.putLogEvents(
          r ->
              r.logGroupName(group)
                  .logStreamName("2026/11/24/[1]abc")
                  .logEvents(
                      InputLogEvent.builder()
                          .timestamp(now - 2000)
                          .message("{\"message\":\"size_tracked\",\"total_size\":18}")
                          .build(),
                      InputLogEvent.builder()
                          .timestamp(now - 1000)
                          .message("{\"message\":\"size_tracked\",\"total_size\":46}")
                          .build()));
    }

    CliRun text =
        Moto.cli("--stack-name", "s3clean-logs", "logs", "size-tracking", "--since", "5m");
    CliRun json =
        Moto.cli("--stack-name", "s3clean-logs", "--output", "json", "logs", "size-tracking");

    assertThat(text.exitCode()).as(text.toString()).isEqualTo(ExitCodes.OK);
    assertThat(text.out().lines()).hasSize(2);
    assertThat(text.out().lines().toList().get(1))
        .endsWith("2026/11/24/[1]abc  {\"message\":\"size_tracked\",\"total_size\":46}");
    assertThat(
            json.out()
                .lines()
                .map(
                    line -> {
                      try {
                        return JSON.readTree(line).path("message").asText();
                      } catch (Exception e) {
                        throw new AssertionError(line, e);
                      }
                    }))
        .containsExactly(
            "{\"message\":\"size_tracked\",\"total_size\":18}",
            "{\"message\":\"size_tracked\",\"total_size\":46}");
  }

  @Test
  void logsFollowPrintsNewLinesOnceUntilInterrupted() throws Exception {
    deploy("s3clean-follow");
    String group = "/aws/lambda/s3clean-follow-cleaner";
    try (CloudWatchLogsClient logs = Moto.client(CloudWatchLogsClient.builder())) {
      logs.createLogStream(r -> r.logGroupName(group).logStreamName("s"));
      logs.putLogEvents(
          r ->
              r.logGroupName(group)
                  .logStreamName("s")
                  .logEvents(
                      InputLogEvent.builder()
                          .timestamp(Instant.now().toEpochMilli())
                          .message("before")
                          .build()));
      AtomicReference<CliRun> result = new AtomicReference<>();
      Thread follower =
          new Thread(
              () ->
                  result.set(
                      Moto.cli(
                          "--stack-name",
                          "s3clean-follow",
                          "logs",
                          "cleaner",
                          "--follow",
                          "--interval",
                          "200ms")));
      follower.start();
      Thread.sleep(1000);
      logs.putLogEvents(
          r ->
              r.logGroupName(group)
                  .logStreamName("s")
                  .logEvents(
                      InputLogEvent.builder()
                          .timestamp(Instant.now().toEpochMilli())
                          .message("after")
                          .build()));
      Thread.sleep(1000);

      follower.interrupt();
      follower.join(10_000);

      assertThat(result.get().exitCode())
          .as(result.get().toString())
          .isEqualTo(ExitCodes.INTERRUPTED);
      assertThat(result.get().out().lines().map(line -> line.substring(line.lastIndexOf("  ") + 2)))
          .containsExactly("before", "after");
    }
  }

  @Test
  void destroyEmptiesTheBucketsAndDeletesTheStackAndItsLogGroups() {
    deploy("s3clean-destroy");
    s3.putObject(
        r -> r.bucket(watchedBucket("s3clean-destroy")).key("a.txt"), RequestBody.fromString("a"));
    s3.putObject(
        r -> r.bucket(watchedBucket("s3clean-destroy")).key("b.txt"), RequestBody.fromString("b"));

    CliRun run = Moto.cli("--stack-name", "s3clean-destroy", "destroy", "--yes");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
    assertThat(run.err())
        .contains(
            "Emptied bucket " + watchedBucket("s3clean-destroy") + " (2 object version(s) deleted)")
        .contains("DELETE_COMPLETE")
        .endsWith("Stack s3clean-destroy deleted" + System.lineSeparator());
    assertThatThrownBy(() -> s3.headBucket(r -> r.bucket(watchedBucket("s3clean-destroy"))))
        .isInstanceOf(NoSuchBucketException.class);
    try (CloudWatchLogsClient logs = Moto.client(CloudWatchLogsClient.builder())) {
      assertThat(
              logs.describeLogGroups(r -> r.logGroupNamePrefix("/aws/lambda/s3clean-destroy-"))
                  .logGroups())
          .isEmpty();
    }
    assertThat(Moto.cli("--stack-name", "s3clean-destroy", "destroy", "--yes").err())
        .isEqualTo(
            "Stack s3clean-destroy does not exist; nothing to destroy" + System.lineSeparator());
  }

  @Test
  void aStackWhoseCreationRolledBackIsExplainedAndCanOnlyBeDestroyed() {
    // GIVEN a table already holding the name the stack's ObjectTable needs: the creation fails
    try (DynamoDbClient dynamo = Moto.client(DynamoDbClient.builder())) {
      dynamo.createTable(
          r ->
              r.tableName("s3clean-rollback-objects")
                  .billingMode(BillingMode.PAY_PER_REQUEST)
                  .attributeDefinitions(
                      AttributeDefinition.builder()
                          .attributeName("bucket_name")
                          .attributeType(ScalarAttributeType.S)
                          .build())
                  .keySchema(
                      KeySchemaElement.builder()
                          .attributeName("bucket_name")
                          .keyType(KeyType.HASH)
                          .build()));
    }

    CliRun failed = deploy("s3clean-rollback");
    CliRun again = deploy("s3clean-rollback");
    CliRun destroyed = Moto.cli("--stack-name", "s3clean-rollback", "destroy", "--yes");

    assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(ExitCodes.SERVICE_ERROR);
    assertThat(failed.err())
        .contains("ROLLBACK_COMPLETE")
        .containsOnlyOnce("s3clean: ")
        .containsPattern(
            "s3clean: deploy of stack s3clean-rollback failed \\(ROLLBACK_COMPLETE\\): .*s3clean-rollback-objects");
    assertThat(again.exitCode()).isEqualTo(ExitCodes.SERVICE_ERROR);
    assertThat(again.err())
        .isEqualTo(
            "s3clean: stack s3clean-rollback is ROLLBACK_COMPLETE: its creation failed and"
                + " CloudFormation cannot update it; delete it with `s3clean destroy --target aws --stack-name s3clean-rollback`,"
                + " then deploy again"
                + System.lineSeparator());
    assertThat(destroyed.exitCode()).as(destroyed.toString()).isEqualTo(ExitCodes.OK);
    assertThat(Moto.cli("--stack-name", "s3clean-rollback", "status").exitCode())
        .isEqualTo(ExitCodes.SERVICE_ERROR);
  }

  @Test
  void anUnknownStackIsOneLineAndExit254() {
    CliRun run = Moto.cli("--stack-name", "s3clean-nowhere", "history");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.SERVICE_ERROR);
    assertThat(run.err())
        .isEqualTo(
            "s3clean: stack s3clean-nowhere does not exist on the aws target;"
                + " deploy it with `s3clean deploy`"
                + System.lineSeparator());
  }

  @Test
  void anUnreachableEndpointIsABadEnvironmentInOneLine() {
    CliRun run =
        CliRun.run(
            Moto.TARGETS,
            "--target",
            "aws",
            "--endpoint-url",
            "http://127.0.0.1:9",
            "--region",
            "us-east-1",
            "status");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_ENVIRONMENT);
    assertThat(run.err().lines())
        .singleElement()
        .asString()
        .startsWith("s3clean: Unable to execute HTTP request");
  }

  @Test
  void aProfileWithoutCredentialsIsABadEnvironmentInOneLine() {
    CliRun run = Moto.cli("--profile", "no-such-profile", "status");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_ENVIRONMENT);
    assertThat(run.err().lines())
        .singleElement()
        .asString()
        .startsWith("s3clean: no usable AWS credentials: ")
        .contains("no-such-profile");
  }

  @Test
  void deployWithoutABuiltJarSaysHowToBuildOne() throws Exception {
    Path empty = Files.createDirectories(Path.of("target", "moto", "no-build"));
    System.setProperty("s3clean.home", empty.toString());
    try {
      CliRun run = Moto.cli("--stack-name", "s3clean-nojar", "deploy");

      assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_ENVIRONMENT);
      assertThat(run.err())
          .startsWith("s3clean: no Lambda jar in ")
          .endsWith(
              "lambdas/target: build it with `mvn -pl lambdas package`, or pass --jar"
                  + System.lineSeparator());
    } finally {
      System.clearProperty("s3clean.home");
    }
    CliRun missing =
        Moto.cli("--stack-name", "s3clean-nojar", "deploy", "--jar", "target/none.jar");
    assertThat(missing.exitCode()).isEqualTo(ExitCodes.BAD_PARAMETER);
    assertThat(missing.err())
        .isEqualTo("s3clean: --jar target/none.jar is not a file" + System.lineSeparator());
  }

  private static Map<String, String> parameters(String stack) {
    List<Parameter> parameters =
        cloudFormation.describeStacks(r -> r.stackName(stack)).stacks().get(0).parameters();
    return parameters.stream()
        .collect(
            java.util.stream.Collectors.toMap(Parameter::parameterKey, Parameter::parameterValue));
  }
}
