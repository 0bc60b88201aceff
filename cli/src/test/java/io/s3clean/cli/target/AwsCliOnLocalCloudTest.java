package io.s3clean.cli.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.s3clean.cli.testing.CliRun;
import io.s3clean.ledger.LedgerReader;
import io.s3clean.ledger.dynamodb.DynamoLedgerReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What 's3clean local env' promises: the real AWS CLI's uploads land in the watched bucket and are
 * tracked.
 */
class AwsCliOnLocalCloudTest {
  @TempDir Path dataDir;

  @Test
  void anUploadByTheAwsCliWithLocalEnvIsTracked() throws Exception {
    assumeTrue(onPath("aws"), "the AWS CLI is not installed on this machine");
    try (CloudHost target =
        new CloudHost(
            "s3clean", dataDir.resolve("s3clean"), 60, line -> {}, EmbeddedClouds::start)) {
      // given a running embedded cloud with a threshold the upload stays under
      StackTarget.StackInfo stack = target.deploy(Map.of("ThresholdBytes", "1000000"), line -> {});
      target.publish();
      CliRun env = CliRun.run("--data-dir", dataDir.toString(), "local", "env");
      Path file = Files.writeString(dataDir.resolve("hello.txt"), "hello from the AWS CLI");

      // when
      ProcessBuilder upload =
          new ProcessBuilder(
              "aws",
              "s3",
              "cp",
              file.toString(),
              "s3://" + stack.typed().watchedBucket() + "/hello there.txt",
              "--only-show-errors");
      exports(env.out()).forEach((k, v) -> upload.environment().put(k, v));
      upload.environment().put("AWS_CONFIG_FILE", dataDir.resolve("none").toString());
      upload.environment().put("AWS_SHARED_CREDENTIALS_FILE", dataDir.resolve("none").toString());
      Process process = upload.redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as(output).isZero();

      // then
      LedgerReader ledger = new DynamoLedgerReader(target.dynamoDb(), stack.typed().objectTable());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (ledger.find(stack.typed().watchedBucket(), "hello there.txt").isEmpty()
          && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(ledger.find(stack.typed().watchedBucket(), "hello there.txt"))
          .get()
          .satisfies(o -> assertThat(o.size()).isEqualTo(22));
    }
  }

  private static Map<String, String> exports(String script) {
    Map<String, String> env = new java.util.HashMap<>();
    for (String line : script.split("\n")) {
      if (line.startsWith("export ")) {
        String[] kv = line.substring("export ".length()).split("=", 2);
        env.put(kv[0], kv[1]);
      }
    }
    // one endpoint for every service, as the AWS CLI and the SDKs read it
    assertThat(env)
        .containsKeys("AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_REGION")
        .doesNotContainKey("AWS_ENDPOINT_URL_S3");
    return env;
  }

  private static boolean onPath(String command) {
    return List.of(System.getenv().getOrDefault("PATH", "").split(":")).stream()
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
  }
}
