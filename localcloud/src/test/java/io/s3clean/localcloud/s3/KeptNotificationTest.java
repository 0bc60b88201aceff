package io.s3clean.localcloud.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3clean.dynamodb.testing.AwsCli;
import io.s3clean.localcloud.HostedStack;
import io.s3clean.localcloud.LocalCloud;
import io.s3clean.localcloud.LocalClouds;
import io.s3clean.localcloud.emulator.EmulatorConfig;
import io.s3clean.template.ShippedTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A notification configuration set through the S3 API outlives a restart of the cloud, as S3 keeps
 * it: the bucket it points at the stack's topic is still tracked after the restart.
 */
class KeptNotificationTest {
  @TempDir Path home;

  @Test
  void aBucketsNotificationSetThroughTheApiIsThereAfterARestart() throws Exception {
    LocalCloud.Options options =
        LocalClouds.shippedOn(EmulatorConfig.persistentAt(home.resolve("data")));
    String bucket = "kept-notifications";
    String topic;
    try (HostedStack stack = HostedStack.start(options, ShippedTemplate.text())) {
      StackCli cli = new StackCli(stack.cloud(), new AwsCli(stack.endpoint(), home));
      topic = stack.cloud().stack().output("TopicArn");
      cli.ok("s3api", "create-bucket", "--bucket", bucket);
      Path config =
          Files.writeString(
              home.resolve("notification.json"),
              "{\"TopicConfigurations\":[{\"Id\":\"kept\",\"TopicArn\":\""
                  + topic
                  + "\",\"Events\":[\"s3:ObjectCreated:*\"]}]}");
      cli.ok(
          "s3api",
          "put-bucket-notification-configuration",
          "--bucket",
          bucket,
          "--notification-configuration",
          "file://" + config);
    }

    try (HostedStack stack = HostedStack.start(options.asRestart(), ShippedTemplate.text())) {
      StackCli cli = new StackCli(stack.cloud(), new AwsCli(stack.endpoint(), home));
      Path body = Files.write(home.resolve("seven"), new byte[7]);
      cli.ok(
          "s3api", "put-object", "--bucket", bucket, "--key", "a.bin", "--body", body.toString());

      assertThat(
              cli.ok("s3api", "get-bucket-notification-configuration", "--bucket", bucket)
                  .at("/TopicConfigurations/0/TopicArn")
                  .asText())
          .isEqualTo(topic);
      assertThat(cli.awaitTotal(bucket, 7)).isEqualTo(7);
    }
  }
}
