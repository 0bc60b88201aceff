package io.s3clean.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3clean.cli.S3cleanCommand;
import io.s3clean.cli.Targets;
import io.s3clean.cli.testing.CliRun;
import io.s3clean.cli.testing.ProcessExit;
import io.s3clean.localcloud.RunningCloud;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * A cloud that lives on in the background: `local start --detach` returns once it answers, `local
 * status` sees it, AWS tools reach it, `local stop` ends it at once, and an idle timeout ends it by
 * itself. The background cloud runs this module's own classes in a process of its own.
 */
class LocalLifecycleTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;
  private final List<String> stacks = new ArrayList<>();

  @Test
  void aDetachedCloudAnswersUntilLocalStopEndsIt() throws Exception {
    Process starter = detach("lifecycle", "5m");
    assertThat(starter.waitFor(180, TimeUnit.SECONDS)).as("local start --detach returned").isTrue();
    String started = new String(starter.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(starter.exitValue()).as(started).isZero();
    RunningCloud running = RunningCloud.find(dataDir.resolve("lifecycle")).orElseThrow();

    CliRun status = local("lifecycle", "--output", "json", "local", "status");
    JsonNode state = JSON.readTree(status.out());
    assertThat(state.path("state").asText()).isEqualTo("running");
    assertThat(state.path("pid").asLong()).isEqualTo(running.pid());
    try (StsClient sts =
        StsClient.builder()
            .endpointOverride(URI.create(state.path("endpoint").asText()))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
            .build()) {
      assertThat(sts.getCallerIdentity().account()).isEqualTo("000000000000");
    }

    CliRun stop = local("lifecycle", "local", "stop");

    assertThat(stop.exitCode()).as(stop.toString()).isZero();
    assertThat(ProcessExit.within(running.pid(), Duration.ofSeconds(30))).isTrue();
    assertThat(
            JSON.readTree(local("lifecycle", "--output", "json", "local", "status").out())
                .path("state")
                .asText())
        .isEqualTo("stopped");
    assertThat(local("lifecycle", "local", "stop").err())
        .contains("no embedded cloud is running for stack lifecycle");
  }

  @Test
  void aDetachedCloudWithoutRequestsStopsItselfAfterItsIdleTimeout() throws Exception {
    Process starter = detach("idle", "3s");
    assertThat(starter.waitFor(180, TimeUnit.SECONDS)).isTrue();
    assertThat(starter.exitValue()).isZero();
    ProcessHandle cloud =
        RunningCloud.find(dataDir.resolve("idle")).orElseThrow().process().orElseThrow();

    cloud.onExit().get(60, TimeUnit.SECONDS);

    assertThat(cloud.isAlive()).isFalse();
    assertThat(RunningCloud.find(dataDir.resolve("idle"))).isEmpty();
    assertThat(Files.readString(dataDir.resolve("idle").resolve("cloud.log")))
        .contains("no request for 3s: stopping");
  }

  @Test
  void aNegativeIdleTimeoutIsRefusedInOneLine() {
    CliRun run =
        CliRun.run(
            CliRun.NO_TARGET,
            "--data-dir",
            dataDir.toString(),
            "local",
            "start",
            "--idle-timeout",
            "-PT1S");

    assertThat(run.exitCode()).isEqualTo(252);
    assertThat(run.err().strip()).isEqualTo("s3clean: --idle-timeout must not be negative");
  }

  /** `s3clean local start --detach` in a JVM of its own, as a user's shell runs it. */
  private Process detach(String stack, String idleTimeout) throws IOException {
    stacks.add(stack);
    String java = ProcessHandle.current().info().command().orElseThrow();
    return new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            S3cleanCommand.class.getName(),
            "--data-dir",
            dataDir.toString(),
            "--stack-name",
            stack,
            "local",
            "start",
            "--detach",
            "--port",
            "0",
            "--idle-timeout",
            idleTimeout)
        .redirectErrorStream(true)
        .start();
  }

  private CliRun local(String stack, String... args) {
    List<String> all =
        new ArrayList<>(List.of("--data-dir", dataDir.toString(), "--stack-name", stack));
    all.addAll(List.of(args));
    return CliRun.run(Targets::open, all.toArray(String[]::new));
  }

  /** Tests leave nothing running. */
  @AfterEach
  void stopWhatIsLeft() {
    for (String stack : stacks) {
      Optional<RunningCloud> left = RunningCloud.find(dataDir.resolve(stack));
      left.flatMap(RunningCloud::process)
          .ifPresent(
              process -> {
                process.destroyForcibly();
                process.onExit().join();
              });
    }
  }
}
