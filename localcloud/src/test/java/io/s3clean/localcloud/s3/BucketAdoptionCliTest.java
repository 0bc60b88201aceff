package io.s3clean.localcloud.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.s3clean.adoption.Adoption;
import io.s3clean.adoption.AdoptionRefusedException;
import io.s3clean.adoption.BucketNotifications;
import io.s3clean.adoption.Destination;
import io.s3clean.adoption.Subscription;
import io.s3clean.aws.S3BucketAccess;
import io.s3clean.dynamodb.testing.AwsCli;
import io.s3clean.localcloud.HostedStack;
import io.s3clean.localcloud.LocalCloud;
import io.s3clean.localcloud.LocalClouds;
import io.s3clean.localcloud.StackWaits;
import io.s3clean.localcloud.emulator.EmulatorConfig;
import io.s3clean.template.ShippedTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The template adopting a bucket it did not make, with the real AWS CLI's {@code aws
 * cloudformation}: the cloud's stack updated to adopt a bucket keeps the bucket's own notification
 * configuration beside its own and tracks the bucket, and updated back it leaves the bucket, its
 * objects and its configuration as they were. A bucket that cannot be adopted (it does not exist,
 * it is in another region, its configuration overlaps the stack's) fails a new stack with the
 * reason, and the rollback leaves the bucket as it was.
 */
class BucketAdoptionCliTest {
  private static final Path TEMPLATE = Path.of("..", "cloudformation", "template.yaml");

  @TempDir static Path home;
  private static HostedStack hosted;
  private static StackCli cli;
  private static String ownersTopic;

  @BeforeAll
  static void start() {
    assertThat(AwsCli.majorVersion()).as("the AWS CLI on PATH").isPresent();
    // a hosted stack with a data directory: the endpoint then takes the account's other stacks
    hosted = HostedStack.start(options(), ShippedTemplate.text());
    cli = new StackCli(hosted.cloud(), new AwsCli(hosted.endpoint(), home));
    // a topic that is not the adopting stack's (the embedded SNS makes topics only from templates)
    ownersTopic = hosted.cloud().stack().output("NotifyTopicArn");
  }

  private static LocalCloud.Options options() {
    return LocalClouds.shippedOn(EmulatorConfig.persistentAt(home.resolve("data")));
  }

  @AfterAll
  static void stop() {
    hosted.close();
  }

  @Test
  void anAdoptedBucketKeepsItsConfigurationIsTrackedAndIsLeftAsItWas() throws Exception {
    String bucket = "owners-photos";
    cli.ok("s3api", "create-bucket", "--bucket", bucket);
    put(bucket, "incoming/before.jpg", 5);
    // the owner's own configuration: creations under incoming/, which the stack's tracked/ prefix
    // does not overlap
    putNotification(
        bucket, ownersConfiguration("incoming-photos", "s3:ObjectCreated:*", "incoming/"));
    JsonNode before = notifications(bucket);

    // the cloud's own stack turns to the owner's bucket: its own bucket goes, the adoption comes
    String adopting =
        update(
            "ParameterKey=ExistingBucketName,ParameterValue=" + bucket,
            "ParameterKey=KeyPrefixFilter,ParameterValue=tracked/");
    assertThat(adopting).as("%s", failures("local")).isEqualTo("UPDATE_COMPLETE");
    String objectTable = outputs("local").get("ObjectTableName");
    JsonNode adopted = notifications(bucket);
    put(bucket, "tracked/a.bin", 12);
    put(bucket, "incoming/after.jpg", 7);
    long tracked = cli.awaitTotal(objectTable, bucket, 12);

    assertThat(outputs("local")).containsEntry("WatchedBucketName", bucket);
    assertThat(ids(adopted))
        .containsExactly(
            "incoming-photos",
            "s3clean-local-ObjectCreated",
            "s3clean-local-ObjectRemoved",
            "s3clean-local-LifecycleExpiration");
    assertThat(adopted.at("/TopicConfigurations/1/Filter/Key/FilterRules/0/Value").asText())
        .isEqualTo("tracked/");
    assertThat(tracked).as("only the stack's prefix is tracked").isEqualTo(12);

    // deleting the stack: the adoption's Delete takes away the stack's configurations only
    assertThat(deleteAndStartAgain()).isEqualTo("DELETE_COMPLETE");

    assertThat(notifications(bucket))
        .as("the owner's configuration, alone again")
        .isEqualTo(before);
    assertThat(keys(bucket))
        .containsExactly("incoming/after.jpg", "incoming/before.jpg", "tracked/a.bin");
  }

  @Test
  void aStackWhoseAdoptedBucketIsGoneIsDeletedAllTheSame() throws Exception {
    String bucket = "short-lived";
    cli.ok("s3api", "create-bucket", "--bucket", bucket);
    assertThat(update("ParameterKey=ExistingBucketName,ParameterValue=" + bucket))
        .as("%s", failures("local"))
        .isEqualTo("UPDATE_COMPLETE");

    cli.ok("s3api", "delete-bucket", "--bucket", bucket);

    assertThat(deleteAndStartAgain()).as("%s", failures("local")).isEqualTo("DELETE_COMPLETE");
  }

  /**
   * Deletes the cloud's own stack, then starts a new one of the name on the same data: the buckets
   * no stack made live in the first stack's S3, and are served again.
   *
   * @return the status the deletion ended in
   */
  private static String deleteAndStartAgain() throws Exception {
    cli.ok("cloudformation", "delete-stack", "--stack-name", "local");
    String deleted = settled("local");
    hosted.close();
    hosted = HostedStack.start(options(), ShippedTemplate.text());
    cli = new StackCli(hosted.cloud(), new AwsCli(hosted.endpoint(), home));
    return deleted;
  }

  /** Updates the cloud's own stack with these values (the others its defaults); its end status. */
  private static String update(String... parameters) throws Exception {
    return operation(
        "update-stack", "local", "ParameterKey=ThresholdBytes,ParameterValue=1000000", parameters);
  }

  /**
   * Creates the stack and waits until it settles (the AWS CLI's own waiters poll every 30 s).
   *
   * @return its status then
   */
  private static String deploy(String stack, String bucket) throws Exception {
    return operation(
        "create-stack", stack, "ParameterKey=ExistingBucketName,ParameterValue=" + bucket);
  }

  /** Creates or updates a stack of the shipped template, then waits until it settles. */
  private static String operation(String operation, String stack, String parameter, String... more)
      throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "cloudformation",
                operation,
                "--stack-name",
                stack,
                "--template-body",
                "file://" + TEMPLATE.toAbsolutePath(),
                "--capabilities",
                "CAPABILITY_IAM",
                "--parameters",
                "ParameterKey=ArtifactBucket,ParameterValue=local-artifacts",
                "ParameterKey=ArtifactKey,ParameterValue=s3clean-lambdas.jar",
                parameter));
    args.addAll(List.of(more));
    cli.ok(args.toArray(String[]::new));
    return settled(stack);
  }

  @Test
  void aBucketWhoseConfigurationOverlapsTheStacksFailsTheStackNamingItAndIsLeftAsItWas()
      throws Exception {
    String bucket = "owners-logs";
    cli.ok("s3api", "create-bucket", "--bucket", bucket);
    putNotification(
        bucket, ownersConfiguration("owner-removals", "s3:ObjectRemoved:Delete", "logs/"));
    JsonNode before = notifications(bucket);

    String reason = failedDeploy("conflicted", bucket);

    assertThat(reason)
        .contains(
            "bucket 'owners-logs' already has configuration 'owner-removals'"
                + " (s3:ObjectRemoved:Delete, prefix 'logs/' to "
                + ownersTopic
                + ")");
    assertThat(notifications(bucket)).isEqualTo(before);
  }

  @Test
  void aBucketThatDoesNotExistFailsTheStack() throws Exception {
    assertThat(failedDeploy("nobucket", "no-such-bucket"))
        .contains("bucket 'no-such-bucket' does not exist");
    assertThat(cli.run("s3api", "head-bucket", "--bucket", "no-such-bucket").exitCode())
        .isNotZero();
  }

  @Test
  void aBucketOfAnotherRegionFailsTheStackAndIsLeftAsItWas() throws Exception {
    String bucket = "owners-dublin";
    cli.ok(
        "s3api",
        "create-bucket",
        "--bucket",
        bucket,
        "--create-bucket-configuration",
        "LocationConstraint=eu-west-1");

    String reason = failedDeploy("elsewhere", bucket);

    assertThat(
            cli.ok("s3api", "get-bucket-location", "--bucket", bucket)
                .path("LocationConstraint")
                .asText())
        .isEqualTo("eu-west-1");
    assertThat(reason).contains("bucket 'owners-dublin' is in eu-west-1, not us-east-1");
    assertThat(notifications(bucket).path("TopicConfigurations").size()).isZero();
  }

  /**
   * The adoption's overlap rule against the embedded S3's, which applies it on its own side: over
   * random configurations, the adoption refuses exactly what S3 refuses once both are put.
   */
  @Test
  void theAdoptionRefusesExactlyTheConfigurationsS3Refuses() {
    String bucket = "owners-random";
    cli.ok("s3api", "create-bucket", "--bucket", bucket);
    List<String> events =
        List.of(
            "s3:ObjectCreated:*",
            "s3:ObjectCreated:Put",
            "s3:ObjectRemoved:DeleteMarkerCreated",
            "s3:ObjectRestore:*",
            "s3:LifecycleExpiration:Delete",
            "s3:ObjectTagging:Put");
    List<String> affixes = List.of("", "a", "ab", "b", "ab/", "a/b");
    java.util.Random random = new java.util.Random(16);
    String ourTopic = hosted.cloud().stack().output("TopicArn");
    int refusals = 0;
    try (S3Client s3 = endpointS3()) {
      S3BucketAccess access = new S3BucketAccess(s3);
      for (int round = 0; round < 60; round++) {
        String event = events.get(random.nextInt(events.size()));
        String theirPrefix = affixes.get(random.nextInt(affixes.size()));
        String theirSuffix = affixes.get(random.nextInt(affixes.size()));
        Subscription ours =
            new Subscription(
                "s3clean-random",
                ourTopic,
                affixes.get(random.nextInt(affixes.size())),
                affixes.get(random.nextInt(affixes.size())));
        Destination theirs =
            new Destination(
                "theirs",
                Destination.Kind.TOPIC,
                ownersTopic,
                List.of(event),
                theirPrefix,
                theirSuffix);
        access.replace(bucket, new BucketNotifications(List.of(theirs), false), true);

        boolean adoptionRefuses;
        try {
          new Adoption(access).check(bucket, "us-east-1", ours);
          adoptionRefuses = false;
        } catch (AdoptionRefusedException e) {
          adoptionRefuses = true;
        }
        List<Destination> both = new ArrayList<>(List.of(theirs));
        both.addAll(ours.destinations());
        boolean s3Refuses;
        try {
          access.replace(bucket, new BucketNotifications(both, false), true);
          s3Refuses = false;
        } catch (AdoptionRefusedException e) {
          assertThat(e.getMessage()).contains("Configurations overlap");
          s3Refuses = true;
        }

        assertThat(adoptionRefuses)
            .as(
                "%s over %s/%s, the stack's %s/%s",
                event, theirPrefix, theirSuffix, ours.prefix(), ours.suffix())
            .isEqualTo(s3Refuses);
        refusals += s3Refuses ? 1 : 0;
      }
    }
    assertThat(refusals).as("both answers occur").isBetween(5, 55);
  }

  private static S3Client endpointS3() {
    return S3Client.builder()
        .endpointOverride(hosted.endpoint())
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .build();
  }

  @Test
  void aBucketMadeWithTheLegacyConstraintEuIsInEuWest1() {
    cli.ok(
        "s3api",
        "create-bucket",
        "--bucket",
        "owners-legacy",
        "--create-bucket-configuration",
        "LocationConstraint=EU");

    assertThat(
            cli.ok("s3api", "get-bucket-location", "--bucket", "owners-legacy")
                .path("LocationConstraint")
                .asText())
        .as("S3 answers the constraint as it was given")
        .isEqualTo("EU");
    try (S3Client s3 = endpointS3()) {
      assertThat(new S3BucketAccess(s3).region("owners-legacy")).hasValue("eu-west-1");
      assertThat(new S3BucketAccess(s3).region("owners-photos-nowhere")).isEmpty();
    }
  }

  /**
   * Deploys a stack that must fail; returns the reason its adoption gave, its stack rolled back.
   */
  private String failedDeploy(String stack, String bucket) throws Exception {
    String status = deploy(stack, bucket);
    JsonNode events =
        cli.ok("cloudformation", "describe-stack-events", "--stack-name", stack)
            .path("StackEvents");
    assertThat(status).isEqualTo("ROLLBACK_COMPLETE");
    for (JsonNode event : events) {
      if (event.path("LogicalResourceId").asText().equals("AdoptedBucketNotification")
          && event.path("ResourceStatus").asText().equals("CREATE_FAILED")) {
        return event.path("ResourceStatusReason").asText();
      }
    }
    throw new AssertionError("no CREATE_FAILED of the adoption among " + events);
  }

  /** The stack's status once no operation is in progress on it; DELETE_COMPLETE once gone. */
  private static String settled(String stack) throws Exception {
    return StackWaits.settled(cli.aws(), stack);
  }

  /** What failed in the stack's operations, and why. */
  private static List<String> failures(String stack) {
    List<String> failures = new ArrayList<>();
    cli.ok("cloudformation", "describe-stack-events", "--stack-name", stack)
        .path("StackEvents")
        .forEach(
            event -> {
              if (event.path("ResourceStatus").asText().endsWith("_FAILED")) {
                failures.add(
                    event.path("LogicalResourceId").asText()
                        + ": "
                        + event.path("ResourceStatusReason").asText());
              }
            });
    return failures;
  }

  private static Map<String, String> outputs(String stack) {
    Map<String, String> outputs = new HashMap<>();
    cli.ok("cloudformation", "describe-stacks", "--stack-name", stack)
        .at("/Stacks/0/Outputs")
        .forEach(o -> outputs.put(o.path("OutputKey").asText(), o.path("OutputValue").asText()));
    return outputs;
  }

  private static String ownersConfiguration(String id, String event, String prefix) {
    return "{\"TopicConfigurations\":[{\"Id\":\""
        + id
        + "\",\"TopicArn\":\""
        + ownersTopic
        + "\",\"Events\":[\""
        + event
        + "\"],\"Filter\":{\"Key\":{\"FilterRules\":[{\"Name\":\"prefix\",\"Value\":\""
        + prefix
        + "\"}]}}}]}";
  }

  private static void putNotification(String bucket, String json) throws Exception {
    cli.putNotification(bucket, json, home);
  }

  private static JsonNode notifications(String bucket) {
    return cli.ok("s3api", "get-bucket-notification-configuration", "--bucket", bucket);
  }

  private static List<String> ids(JsonNode configuration) {
    List<String> ids = new ArrayList<>();
    configuration.path("TopicConfigurations").forEach(c -> ids.add(c.path("Id").asText()));
    return ids;
  }

  private static List<String> keys(String bucket) {
    List<String> keys = new ArrayList<>();
    cli.ok("s3api", "list-objects-v2", "--bucket", bucket)
        .path("Contents")
        .forEach(o -> keys.add(o.path("Key").asText()));
    return keys;
  }

  private static void put(String bucket, String key, int size) throws Exception {
    Path body = Files.write(home.resolve("body-" + size), new byte[size]);
    cli.ok("s3api", "put-object", "--bucket", bucket, "--key", key, "--body", body.toString());
  }
}
