package io.s3clean.localcloud.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.s3clean.dynamodb.testing.AwsCli;
import io.s3clean.localcloud.LocalCloud;
import io.s3clean.localcloud.LocalClouds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bucket's notification configuration set with the real AWS CLI: a bucket the stack did not make,
 * pointed at the stack's event topic, is tracked like the stack's own; S3's refusals (an overlap, a
 * topic that does not exist) come back in S3's words and change nothing.
 */
class BucketNotificationCliTest {
  @TempDir static Path home;
  private static LocalCloud cloud;
  private static StackCli cli;

  @BeforeAll
  static void start() {
    assertThat(AwsCli.majorVersion()).as("the AWS CLI on PATH").isPresent();
    cloud = LocalClouds.shipped(Map.of("ThresholdBytes", "1000000"), 60);
    cli = new StackCli(cloud, new AwsCli(cloud.endpoint(), home));
  }

  @AfterAll
  static void stop() {
    cloud.close();
  }

  @Test
  void aBucketPointedAtTheStacksTopicIsTrackedAndRefusalsChangeNothing() throws Exception {
    String bucket = "owners-own-bucket";
    String topic = cloud.stack().output("TopicArn");
    cli.ok("s3api", "create-bucket", "--bucket", bucket);
    cli.putNotification(
        bucket,
        "{\"TopicConfigurations\":[{\"Id\":\"s3clean\",\"TopicArn\":\""
            + topic
            + "\",\"Events\":[\"s3:ObjectCreated:*\",\"s3:ObjectRemoved:*\"]}]}",
        home);
    JsonNode stored = cli.ok("s3api", "get-bucket-notification-configuration", "--bucket", bucket);
    Path body = Files.write(home.resolve("twelve"), new byte[12]);
    cli.ok("s3api", "put-object", "--bucket", bucket, "--key", "a.bin", "--body", body.toString());

    assertThat(stored.at("/TopicConfigurations/0/TopicArn").asText()).isEqualTo(topic);
    assertThat(stored.at("/TopicConfigurations/0/Events").toString())
        .contains("s3:ObjectCreated:*", "s3:ObjectRemoved:*");
    assertThat(cli.awaitTotal(bucket, 12)).isEqualTo(12);

    Path overlapping =
        Files.writeString(
            home.resolve("overlap.json"),
            "{\"TopicConfigurations\":["
                + "{\"TopicArn\":\""
                + topic
                + "\",\"Events\":[\"s3:ObjectCreated:*\"]},"
                + "{\"TopicArn\":\""
                + topic
                + "\",\"Events\":[\"s3:ObjectCreated:Put\"]}]}");
    AwsCli.Run overlap =
        cli.run(
            "s3api",
            "put-bucket-notification-configuration",
            "--bucket",
            bucket,
            "--notification-configuration",
            "file://" + overlapping);
    Path missing =
        Files.writeString(
            home.resolve("missing.json"),
            "{\"TopicConfigurations\":[{\"TopicArn\":\"arn:aws:sns:us-east-1:000000000000:nowhere\","
                + "\"Events\":[\"s3:ObjectCreated:*\"]}]}");
    AwsCli.Run nowhere =
        cli.run(
            "s3api",
            "put-bucket-notification-configuration",
            "--bucket",
            bucket,
            "--notification-configuration",
            "file://" + missing);

    assertThat(overlap.exitCode()).isNotZero();
    assertThat(overlap.stderr()).contains("InvalidArgument", "Configurations overlap");
    assertThat(nowhere.exitCode()).isNotZero();
    assertThat(nowhere.stderr()).contains("Unable to validate the following destination");
    assertThat(
            cli.ok("s3api", "get-bucket-notification-configuration", "--bucket", bucket)
                .at("/TopicConfigurations/0/Id")
                .asText())
        .isEqualTo("s3clean");
  }
}
