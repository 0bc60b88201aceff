package io.s3clean.localcloud.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.s3clean.dynamodb.testing.AwsCli;
import io.s3clean.localcloud.LocalCloud;
import io.s3clean.localcloud.LocalClouds;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * IAM at the endpoint: a request signed with a function role's credentials meets the role's policy
 * whatever client sends it, a plain SDK client or the AWS CLI; the account's own keys are not
 * checked. The size tracker's role may read with BatchGetItem and write with PutItem on the object
 * table, and nothing in S3.
 */
class EndpointIamTest {
  private static LocalCloud cloud;
  private static Credentials tracker;

  @TempDir static Path home;

  @BeforeAll
  static void start() {
    cloud = LocalClouds.shipped(Map.of(), 60);
    try (StsClient sts =
        StsClient.builder()
            .endpointOverride(cloud.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(account())
            .build()) {
      String role =
          String.valueOf(cloud.stack().resources().get("SizeTrackingRole").attributes().get("Arn"));
      tracker = sts.assumeRole(r -> r.roleArn(role).roleSessionName("test")).credentials();
    }
  }

  @AfterAll
  static void stop() {
    cloud.close();
  }

  private static StaticCredentialsProvider account() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
  }

  private static StaticCredentialsProvider asTracker() {
    return StaticCredentialsProvider.create(
        AwsSessionCredentials.create(
            tracker.accessKeyId(), tracker.secretAccessKey(), tracker.sessionToken()));
  }

  @Test
  void aPlainSdkClientWithTheRolesCredentialsMayDoWhatThePolicyAllowsAndNothingElse() {
    String table = cloud.stack().output("ObjectTableName");
    Map<String, AttributeValue> item =
        Map.of("bucket_name", AttributeValue.fromS("b"), "object_name", AttributeValue.fromS("k"));
    URI endpoint = cloud.endpoint();
    try (DynamoDbClient dynamo =
            DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(asTracker())
                .build();
        S3Client s3 =
            S3Client.builder()
                .endpointOverride(endpoint)
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(asTracker())
                .build()) {
      dynamo.putItem(r -> r.tableName(table).item(item));

      assertThatThrownBy(() -> dynamo.deleteItem(r -> r.tableName(table).key(item)))
          .isInstanceOf(DynamoDbException.class)
          .hasMessageContaining(
              "User: arn:aws:sts::000000000000:assumed-role/local-SizeTrackingRole-")
          .hasMessageContaining(
              "is not authorized to perform: dynamodb:DeleteItem on resource: "
                  + "arn:aws:dynamodb:us-east-1:000000000000:table/"
                  + table)
          .satisfies(
              e ->
                  assertThat(((DynamoDbException) e).awsErrorDetails().errorCode())
                      .isEqualTo("AccessDeniedException"));
      assertThatThrownBy(
              () ->
                  s3.putObject(
                      r -> r.bucket(cloud.stack().output("WatchedBucketName")).key("x"),
                      RequestBody.fromString("x")))
          .isInstanceOf(S3Exception.class)
          .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(403))
          .satisfies(
              e ->
                  assertThat(((S3Exception) e).awsErrorDetails().errorCode())
                      .isEqualTo("AccessDenied"));
    }
    // the item the role was refused to delete is still there, read with the account's keys
    try (DynamoDbClient dynamo =
        DynamoDbClient.builder()
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .credentialsProvider(account())
            .build()) {
      assertThat(dynamo.getItem(r -> r.tableName(table).key(item)).hasItem()).isTrue();
    }
  }

  @Test
  void theAwsCliWithTheRolesCredentialsIsRefusedWhatThePolicyDoesNotAllow() {
    AwsCli aws =
        new AwsCli(cloud.endpoint(), home.resolve("cli"))
            .withCredentials(
                tracker.accessKeyId(), tracker.secretAccessKey(), tracker.sessionToken());

    AwsCli.Run list =
        aws.run("s3api", "list-objects-v2", "--bucket", cloud.stack().output("WatchedBucketName"));
    AwsCli.Run scan =
        aws.run("dynamodb", "scan", "--table-name", cloud.stack().output("ObjectTableName"));
    AwsCli.Run publish =
        aws.run(
            "sns", "publish", "--topic-arn", cloud.stack().output("TopicArn"), "--message", "x");

    assertThat(list.exitCode()).as("%s", list).isNotZero();
    assertThat(list.stderr()).contains("AccessDenied", "s3:ListBucket");
    assertThat(scan.exitCode()).as("%s", scan).isNotZero();
    assertThat(scan.stderr()).contains("AccessDeniedException", "dynamodb:Scan");
    assertThat(publish.exitCode()).as("%s", publish).isNotZero();
    assertThat(publish.stderr()).contains("AuthorizationError", "sns:Publish");
    // the account's own keys are not a role's: the same listing passes
    assertThat(
            new AwsCli(cloud.endpoint(), home.resolve("cli"))
                .run(
                    "s3api",
                    "list-objects-v2",
                    "--bucket",
                    cloud.stack().output("WatchedBucketName"))
                .exitCode())
        .isZero();
  }

  @Test
  void assumingARoleNoFunctionHasIsRefused() {
    try (StsClient sts =
        StsClient.builder()
            .endpointOverride(cloud.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(account())
            .build()) {
      assertThatThrownBy(
              () ->
                  sts.assumeRole(
                      r ->
                          r.roleArn("arn:aws:iam::000000000000:role/nobody")
                              .roleSessionName("test")))
          .hasMessageContaining("'arn:aws:iam::000000000000:role/nobody' is none of them");
    }
  }

  @Test
  void temporaryCredentialsOfNoRoleAreRefusedNotTakenForTheAccountsOwn() {
    try (S3Client s3 =
        S3Client.builder()
            .endpointOverride(cloud.endpoint())
            .forcePathStyle(true)
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsSessionCredentials.create("ASIAGONEGONEGONEGONE", "secret", "token")))
            .build()) {
      assertThatThrownBy(
              () -> s3.listObjectsV2(r -> r.bucket(cloud.stack().output("WatchedBucketName"))))
          .isInstanceOf(S3Exception.class)
          .hasMessageContaining("is the key of no function's role");
    }
  }
}
