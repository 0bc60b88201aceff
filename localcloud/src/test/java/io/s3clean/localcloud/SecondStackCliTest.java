package io.s3clean.localcloud;

import static io.s3clean.localcloud.LocalCloudTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.s3clean.clock.ScaledClock;
import io.s3clean.dynamodb.testing.AwsCli;
import io.s3clean.ledger.LedgerReader;
import io.s3clean.ledger.dynamodb.DynamoLedgerReader;
import io.s3clean.localcloud.emulator.EmulatorConfig;
import io.s3clean.localcloud.lambda.HostedFunction;
import io.s3clean.localcloud.lambda.runtime.TestJars;
import io.s3clean.template.ShippedTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Another tool's deploy on the embedded cloud: the real AWS CLI makes a bucket, uploads the Lambda
 * jar and runs {@code aws cloudformation deploy} with the repository's template, and the second
 * stack that makes runs beside the cloud's first one on the same endpoint (its functions the
 * uploaded jar, in AWS's Java runtime), tracking, alarming and cleaning its own bucket; the first
 * stack sees none of it. No s3clean command is involved.
 */
class SecondStackCliTest {
  private static final Path TEMPLATE = Path.of("..", "cloudformation", "template.yaml");
  private static final String ARTIFACT_BUCKET = "ArtifactBucket=local-artifacts";
  private static final String ARTIFACT_KEY = "ArtifactKey=s3clean-lambdas.jar";

  @TempDir Path home;

  @Test
  void theAwsCliDeploysASecondStackThatTracksAlarmsAndCleansItsOwnBucket() throws Exception {
    List<String> errors = new CopyOnWriteArrayList<>();
    // the functions' clock is the machine's, so the cloud's is too
    LocalCloud.Options options =
        new LocalCloud.Options(
                ShippedTemplate.parsed(),
                EmulatorConfig.persistentAt(home.resolve("data")),
                "local",
                Map.of("ArtifactBucket", "local-artifacts", "ArtifactKey", "s3clean-lambdas.jar"),
                ScaledClock.realTime(),
                e -> {},
                (what, e) -> errors.add(what + ": " + e))
            .withDeployedCode(
                new LocalCloud.Artifact(
                    "local-artifacts", "s3clean-lambdas.jar", TestJars.lambdaJar()));
    try (HostedStack first = HostedStack.start(options, ShippedTemplate.text())) {
      AwsCli aws = new AwsCli(first.endpoint(), home);

      AwsCli.Run bucket = aws.run("s3", "mb", "s3://team-artifacts");
      AwsCli.Run upload =
          aws.run(
              "s3",
              "cp",
              TestJars.lambdaJar().toString(),
              "s3://team-artifacts/builds/lambdas.jar");
      AwsCli.Run deploy =
          aws.run(
              "cloudformation",
              "deploy",
              "--stack-name",
              "second",
              "--template-file",
              TEMPLATE.toString(),
              "--capabilities",
              "CAPABILITY_NAMED_IAM",
              "--parameter-overrides",
              "ArtifactBucket=team-artifacts",
              "ArtifactKey=builds/lambdas.jar",
              "ThresholdBytes=100",
              "AlarmResolution=high");
      assertThat(bucket.exitCode()).as("%s", bucket).isZero();
      assertThat(upload.exitCode()).as("%s", upload).isZero();
      assertThat(deploy.exitCode()).as("%s", deploy).isZero();
      assertThat(deploy.stdout()).contains("Successfully created/updated stack - second");

      JsonNode stacks = aws.run("cloudformation", "describe-stacks").json().path("Stacks");
      assertThat(stacks.findValuesAsText("StackName")).containsExactlyInAnyOrder("local", "second");
      JsonNode second =
          aws.run("cloudformation", "describe-stacks", "--stack-name", "second")
              .json()
              .at("/Stacks/0");
      assertThat(second.path("StackStatus").asText()).isEqualTo("CREATE_COMPLETE");
      Map<String, String> outputs = outputs(second);
      String watched = outputs.get("WatchedBucketName");
      assertThat(watched).isNotEqualTo(first.cloud().stack().output("WatchedBucketName"));

      try (S3Client s3 =
              S3Client.builder()
                  .endpointOverride(first.endpoint())
                  .region(Region.US_EAST_1)
                  .forcePathStyle(true)
                  .credentialsProvider(credentials())
                  .build();
          DynamoDbClient dynamo =
              DynamoDbClient.builder()
                  .endpointOverride(first.endpoint())
                  .region(Region.US_EAST_1)
                  .credentialsProvider(credentials())
                  .build()) {
        LedgerReader ledger = new DynamoLedgerReader(dynamo, outputs.get("ObjectTableName"));
        Path small = Files.write(home.resolve("small.txt"), new byte[30]);
        Path big = Files.write(home.resolve("big.bin"), new byte[80]);

        assertThat(
                aws.run("s3", "cp", small.toString(), "s3://" + watched + "/small.txt").exitCode())
            .isZero();
        await(
            () -> ledger.find(watched, "small.txt").isPresent(),
            "the second stack's tracker's first apply",
            Duration.ofSeconds(90));
        assertThat(aws.run("s3", "cp", big.toString(), "s3://" + watched + "/big.bin").exitCode())
            .isZero();

        // 110 bytes pass the threshold of 100: the second stack's alarm runs its cleaner, which
        // deletes the largest
        await(
            () -> ledger.find(watched, "big.bin").map(o -> !o.live()).orElse(false),
            "the cleaner's delete tracked",
            Duration.ofSeconds(90));
        await(
            () -> ledger.state(watched).totalSize() == 30,
            "the total back to 30 bytes",
            Duration.ofSeconds(30));
        assertThat(s3.listObjectsV2(r -> r.bucket(watched)).contents())
            .extracting(o -> o.key())
            .containsExactly("small.txt");
      }

      JsonNode history =
          aws.run(
                  "cloudwatch",
                  "describe-alarm-history",
                  "--alarm-name",
                  outputs.get("AlarmName"),
                  "--history-item-type",
                  "StateUpdate")
              .json()
              .path("AlarmHistoryItems");
      assertThat(history.findValuesAsText("HistorySummary"))
          .anyMatch(summary -> summary.contains("to ALARM"));
      JsonNode cleanerLog =
          aws.run(
                  "logs",
                  "filter-log-events",
                  "--log-group-name",
                  outputs.get("CleanerLogGroupName"))
              .json()
              .path("events");
      assertThat(cleanerLog.findValuesAsText("message"))
          .anyMatch(
              line -> line.startsWith("REPORT RequestId: ") && line.contains("Init Duration: "));
      HostedStack hostedSecond = first.account().stack("second").orElseThrow();
      for (HostedFunction function : hostedSecond.cloud().functions().functions()) {
        assertThat(function.processes()).as(function.spec().name()).isPresent();
      }

      // the first stack saw none of it: its bucket and ledger are empty, its functions never ran
      assertThat(
              first
                  .cloud()
                  .clients()
                  .s3()
                  .listObjectsV2(r -> r.bucket(first.cloud().stack().output("WatchedBucketName")))
                  .contents())
          .isEmpty();
      assertThat(first.cloud().functions().functions())
          .allSatisfy(
              function ->
                  assertThat(function.processes().orElseThrow().coldStarts())
                      .as(function.spec().name())
                      .isZero());

      AwsCli.Run delete = aws.run("cloudformation", "delete-stack", "--stack-name", "second");
      assertThat(delete.exitCode()).as("%s", delete).isZero();
      // the CLI's waiter polls every 30 s; the stack's record says as soon
      await(
          () -> hostedSecond.record().status().equals("DELETE_COMPLETE"),
          "the second stack deleted",
          Duration.ofSeconds(60));
      assertThat(
              aws.run(
                      "cloudformation",
                      "describe-stacks",
                      "--stack-name",
                      second.path("StackId").asText())
                  .json()
                  .at("/Stacks/0/StackStatus")
                  .asText())
          .isEqualTo("DELETE_COMPLETE");
      assertThat(aws.run("s3api", "head-bucket", "--bucket", watched).exitCode()).isNotZero();
      assertThat(
              aws.run("cloudformation", "describe-stacks")
                  .json()
                  .path("Stacks")
                  .findValuesAsText("StackName"))
          .containsExactly("local");
      assertThat(aws.run("s3", "ls", "s3://team-artifacts/builds/").stdout())
          .contains("lambdas.jar");
      assertThat(errors).isEmpty();
    }
  }

  @Test
  void aSecondStackHasItsOwnRolesStartsAgainWithTheCloudAndABadCreationMakesNoStack()
      throws Exception {
    List<String> errors = new CopyOnWriteArrayList<>();
    LocalCloud.Options options =
        new LocalCloud.Options(
            ShippedTemplate.parsed(),
            EmulatorConfig.persistentAt(home.resolve("data")),
            "local",
            Map.of("ArtifactBucket", "local-artifacts", "ArtifactKey", "s3clean-lambdas.jar"),
            ScaledClock.startingNow(60),
            e -> {},
            (what, e) -> errors.add(what + ": " + e));
    String watched;
    String table;
    try (HostedStack first = HostedStack.start(options, ShippedTemplate.text())) {
      AwsCli aws = new AwsCli(first.endpoint(), home);
      AwsCli.Run badName =
          aws.run(
              "cloudformation",
              "create-change-set",
              "--stack-name",
              "9lives",
              "--change-set-name",
              "c1",
              "--change-set-type",
              "CREATE",
              "--template-body",
              "file://" + TEMPLATE,
              "--capabilities",
              "CAPABILITY_NAMED_IAM");
      AwsCli.Run badValue =
          aws.run(
              "cloudformation",
              "deploy",
              "--stack-name",
              "third",
              "--template-file",
              TEMPLATE.toString(),
              "--capabilities",
              "CAPABILITY_NAMED_IAM",
              "--parameter-overrides",
              ARTIFACT_BUCKET,
              ARTIFACT_KEY,
              "BatchSize=500");
      // this cloud runs the functions from its class path: the artifact is named, not read; a
      // CreateStack followed without the AWS CLI's waiter (the first test runs its deploy)
      AwsCli.Run deploy =
          aws.run(
              "cloudformation",
              "create-stack",
              "--stack-name",
              "second",
              "--template-body",
              "file://" + TEMPLATE.toAbsolutePath(),
              "--capabilities",
              "CAPABILITY_NAMED_IAM",
              "--parameters",
              "ParameterKey=ArtifactBucket,ParameterValue=local-artifacts",
              "ParameterKey=ArtifactKey,ParameterValue=s3clean-lambdas.jar");
      String created = StackWaits.settled(aws, "second");

      assertThat(badName.exitCode()).isNotZero();
      assertThat(badName.stderr()).contains("ValidationError").contains("'9lives' at 'stackName'");
      assertThat(badValue.exitCode()).isNotZero();
      assertThat(badValue.stderr()).contains("BatchSize");
      assertThat(List.of(badName, badValue))
          .allMatch(run -> run.stderr().strip().lines().count() <= 2);
      assertThat(aws.run("cloudformation", "describe-stacks", "--stack-name", "third").stderr())
          .contains("Stack with id third does not exist");
      assertThat(deploy.exitCode()).as("%s", deploy).isZero();
      assertThat(created).isEqualTo("CREATE_COMPLETE");
      // a creation the cloud cannot provision is rolled back, and the stack stays listed as on AWS
      Path failing =
          Files.writeString(
              home.resolve("failing.yaml"),
              Files.readString(TEMPLATE)
                  .replaceFirst(
                      "(?m)^Resources:\n",
                      "Resources:\n  Extra:\n    Type: AWS::SSM::Parameter\n    Properties:\n"
                          + "      Type: String\n      Value: x\n"));
      AwsCli.Run broken =
          aws.run(
              "cloudformation",
              "create-stack",
              "--stack-name",
              "broken",
              "--template-body",
              "file://" + failing,
              "--capabilities",
              "CAPABILITY_NAMED_IAM",
              "--parameters",
              "ParameterKey=ArtifactBucket,ParameterValue=local-artifacts",
              "ParameterKey=ArtifactKey,ParameterValue=s3clean-lambdas.jar");
      assertThat(broken.exitCode()).as("%s", broken).isZero();
      HostedStack brokenStack = first.account().stack("broken").orElseThrow();
      await(
          () -> brokenStack.record().status().equals("ROLLBACK_COMPLETE"),
          "the failed creation rolled back");
      assertThat(
              aws.run("cloudformation", "describe-stacks")
                  .json()
                  .path("Stacks")
                  .findValuesAsText("StackName"))
          .containsExactly("local", "second", "broken");

      LocalCloud second = first.account().stack("second").orElseThrow().cloud();
      watched = second.stack().output("WatchedBucketName");
      table = second.stack().output("ObjectTableName");
      Path file = Files.write(home.resolve("kept.txt"), new byte[12]);
      assertThat(aws.run("s3", "cp", file.toString(), "s3://" + watched + "/kept.txt").exitCode())
          .isZero();
      LedgerReader ledger = new DynamoLedgerReader(second.clients().dynamoDb(), table);
      await(() -> ledger.find(watched, "kept.txt").isPresent(), "the second stack's tracker");

      // the second stack's tracker role, as STS hands it out: its policy follows its calls to the
      // first stack
      JsonNode role =
          aws.run(
                  "sts",
                  "assume-role",
                  "--role-arn",
                  String.valueOf(
                      second.stack().resources().get("SizeTrackingRole").attributes().get("Arn")),
                  "--role-session-name",
                  "test")
              .json()
              .path("Credentials");
      AwsCli tracker =
          aws.withCredentials(
              role.path("AccessKeyId").asText(),
              role.path("SecretAccessKey").asText(),
              role.path("SessionToken").asText());
      String key =
          "{\"bucket_name\":{\"S\":\"" + watched + "\"},\"object_name\":{\"S\":\"kept.txt\"}}";
      // its policy allows BatchGetItem on its own ledger, and on no other stack's
      AwsCli.Run own =
          tracker.run(
              "dynamodb",
              "batch-get-item",
              "--request-items",
              "{\"" + table + "\":{\"Keys\":[" + key + "]}}");
      String firstTable = first.cloud().stack().output("ObjectTableName");
      AwsCli.Run firsts =
          tracker.run(
              "dynamodb",
              "batch-get-item",
              "--request-items",
              "{\"" + firstTable + "\":{\"Keys\":[" + key + "]}}");
      assertThat(own.exitCode()).as("%s", own).isZero();
      assertThat(own.stdout()).contains("kept.txt");
      assertThat(firsts.exitCode()).as("%s", firsts).isNotZero();
      assertThat(firsts.stderr())
          .contains("AccessDeniedException", "dynamodb:BatchGetItem", "table/" + firstTable);
    }

    try (HostedStack first = HostedStack.start(options.asRestart(), ShippedTemplate.text())) {
      AwsCli aws = new AwsCli(first.endpoint(), home);
      HostedStack second = first.account().stack("second").orElseThrow();
      assertThat(second.record().status()).isEqualTo("CREATE_COMPLETE");
      assertThat(aws.run("s3", "ls", "s3://" + watched + "/").stdout()).contains("kept.txt");
      LedgerReader ledger = new DynamoLedgerReader(second.cloud().clients().dynamoDb(), table);
      assertThat(ledger.state(watched).totalSize()).isEqualTo(12);

      Path file = Files.write(home.resolve("after.txt"), new byte[5]);
      assertThat(aws.run("s3", "cp", file.toString(), "s3://" + watched + "/after.txt").exitCode())
          .isZero();
      await(() -> ledger.state(watched).totalSize() == 17, "the restarted second stack's tracker");
      JsonNode stacks = aws.run("cloudformation", "describe-stacks").json().path("Stacks");
      assertThat(stacks.findValuesAsText("StackName")).containsExactly("local", "second", "broken");
      assertThat(stacks.findValuesAsText("StackStatus"))
          .containsExactly("CREATE_COMPLETE", "CREATE_COMPLETE", "ROLLBACK_COMPLETE");

      // deleting the stack the cloud started with takes its own buckets, and no other stack's
      String firstsBucket = first.cloud().stack().output("WatchedBucketName");
      assertThat(aws.run("cloudformation", "delete-stack", "--stack-name", "broken").exitCode())
          .isZero();
      assertThat(aws.run("cloudformation", "delete-stack", "--stack-name", "local").exitCode())
          .isZero();
      await(
          () ->
              first.record().status().equals("DELETE_COMPLETE")
                  && first
                      .account()
                      .stack("broken")
                      .orElseThrow()
                      .record()
                      .status()
                      .equals("DELETE_COMPLETE"),
          "two stacks deleted");
      assertThat(aws.run("s3api", "head-bucket", "--bucket", firstsBucket).exitCode()).isNotZero();
      assertThat(aws.run("s3", "ls", "s3://" + watched + "/").stdout())
          .contains("kept.txt", "after.txt");
      assertThat(
              aws.run("cloudformation", "describe-stacks")
                  .json()
                  .path("Stacks")
                  .findValuesAsText("StackName"))
          .containsExactly("second");
    }
    assertThat(errors).isEmpty();
  }

  @Test
  void aCloudKeptInMemoryRefusesASecondStackInOneLineAndKeepsItsOwn() throws Exception {
    try (HostedStack first =
        HostedStack.start(
            new LocalCloud.Options(
                ShippedTemplate.parsed(),
                EmulatorConfig.inMemory(),
                "local",
                Map.of("ArtifactBucket", "local-artifacts", "ArtifactKey", "s3clean-lambdas.jar"),
                ScaledClock.startingNow(60),
                e -> {},
                (what, e) -> {}),
            ShippedTemplate.text())) {
      AwsCli aws = new AwsCli(first.endpoint(), home);
      AwsCli.Run create =
          aws.run(
              "cloudformation",
              "create-stack",
              "--stack-name",
              "other",
              "--template-body",
              "file://" + TEMPLATE,
              "--capabilities",
              "CAPABILITY_NAMED_IAM");

      assertThat(create.exitCode()).isNotZero();
      assertThat(create.stderr().strip())
          .contains("ValidationError", "keeps its data in memory", "start it with a data directory")
          .doesNotContain("\n");
      assertThat(
              aws.run("cloudformation", "describe-stacks")
                  .json()
                  .path("Stacks")
                  .findValuesAsText("StackName"))
          .containsExactly("local");
      assertThat(first.account().stacks()).hasSize(1);
    }
  }

  private static Map<String, String> outputs(JsonNode stack) {
    Map<String, String> outputs = new java.util.HashMap<>();
    StreamSupport.stream(stack.path("Outputs").spliterator(), false)
        .forEach(
            output ->
                outputs.put(
                    output.path("OutputKey").asText(), output.path("OutputValue").asText()));
    return outputs;
  }

  private static StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
  }
}
