package io.s3clean.cli.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.s3clean.cli.CliException;
import io.s3clean.cli.testing.CliRun;
import io.s3clean.cli.testing.ProcessExit;
import io.s3clean.localcloud.RunningCloud;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The local target is the AWS target over the cloud's one endpoint: it sees what the process
 * running the cloud sees, on its clock, and a command that finds no cloud starts one in the
 * background and says so.
 */
class LocalTargetTest {
  @TempDir Path dataDir;

  @Test
  void seesTheSameBucketAlarmAndLogsAsTheProcessRunningTheCloud() throws Exception {
    Path stackDir = dataDir.resolve("s3clean");
    try (CloudHost running =
        new CloudHost("s3clean", stackDir, 60, line -> {}, EmbeddedClouds::start)) {
      StackTarget.StackInfo stack = running.deploy(Map.of(), line -> {});
      running.publish();
      String bucket = stack.typed().watchedBucket();
      running
          .s3()
          .putObject(r -> r.bucket(bucket).key("seen.txt"), RequestBody.fromBytes(new byte[5]));

      List<String> progress = new ArrayList<>();
      try (LocalTarget attached =
          new LocalTarget(dataDir, "s3clean", 60, 0, Duration.ZERO, progress::add)) {
        String alarm = stack.typed().alarmName();
        // the datapoint is there before the alarm evaluates it, once a (scaled) minute: wait for
        // both
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!(attached.alarm(alarm).latestValue().equals(Optional.of(5.0))
                && attached.alarm(alarm).state().equals("OK"))
            && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }

        assertThat(attached.describe())
            .get()
            .extracting(s -> s.typed().watchedBucket())
            .isEqualTo(bucket);
        assertThat(attached.s3().listObjectsV2(r -> r.bucket(bucket)).contents())
            .extracting(o -> o.key())
            .containsExactly("seen.txt");
        assertThat(attached.alarm(alarm).latestValue()).hasValue(5.0);
        assertThat(attached.alarm(alarm))
            .usingRecursiveComparison()
            .ignoringFields("latestValue")
            .isEqualTo(running.alarm(alarm));
        assertThat(attached.alarmHistory(alarm, Instant.EPOCH))
            .isEqualTo(running.alarmHistory(alarm, Instant.EPOCH));
        assertThat(attached.logs(stack.typed().sizeTrackingLogGroup(), Instant.EPOCH))
            .anyMatch(line -> line.message().contains("\"key\":\"seen.txt\""));
        // its clock is the cloud's, which runs 60 times faster than the wall clock
        assertThat(Duration.between(Instant.now(), attached.clock().instant()).abs())
            .isLessThan(
                Duration.between(Instant.now(), running.clock().instant()).abs().plusSeconds(30));
      }
      assertThat(progress).as("nothing is started beside a running cloud").isEmpty();
    }
  }

  @Test
  void aCommandThatFindsNoCloudStartsOneInTheBackgroundSaysSoAndLocalStopEndsIt() throws Exception {
    CliRun deploy = local("deploy", "--threshold", "30");
    assertThat(deploy.exitCode()).as(deploy.err()).isZero();
    assertThat(deploy.err())
        .contains(
            "starting the embedded cloud in the background",
            "CREATE_COMPLETE",
            "the embedded cloud keeps running in the background as process",
            "'s3clean local stop' ends it now");
    RunningCloud cloud = RunningCloud.find(dataDir.resolve("s3clean")).orElseThrow();

    CliRun stop = local("local", "stop");
    assertThat(stop.exitCode()).as(stop.err()).isZero();
    assertThat(ProcessExit.within(cloud.pid(), Duration.ofSeconds(30))).isTrue();

    // local env finds the stack but no cloud: it starts one, and prints where it answers
    CliRun env = local("local", "env");
    assertThat(env.exitCode()).as(env.err()).isZero();
    RunningCloud forEnv = RunningCloud.find(dataDir.resolve("s3clean")).orElseThrow();
    assertThat(env.out())
        .contains("export AWS_ENDPOINT_URL=" + forEnv.endpoints().get("endpoint") + "\n");
    assertThat(env.err())
        .contains(
            "starting the embedded cloud in the background", "'s3clean local stop' ends it now");
    assertThat(local("local", "stop").exitCode()).isZero();

    // a later command finds the stack but no cloud: it starts one, which re-creates nothing
    CliRun status = local("--output", "json", "status");
    assertThat(status.exitCode()).as(status.err()).isZero();
    assertThat(status.out()).contains("\"threshold\" : 30.0");
    assertThat(status.err())
        .contains("starting the embedded cloud in the background", "embedded cloud restarted")
        .doesNotContain("CREATE_IN_PROGRESS");
    RunningCloud second = RunningCloud.find(dataDir.resolve("s3clean")).orElseThrow();
    assertThat(second.pid()).isNotEqualTo(cloud.pid());

    // and a command with a cloud running uses it, saying nothing about starting one
    CliRun history = local("history");
    assertThat(history.exitCode()).as(history.err()).isZero();
    assertThat(history.err()).doesNotContain("starting", "keeps running");
    assertThat(RunningCloud.find(dataDir.resolve("s3clean")).orElseThrow().pid())
        .isEqualTo(second.pid());
  }

  @Test
  void aCloudStartedAgainAnswersOnTheSamePortSoAnExportedEndpointStillReachesIt() throws Exception {
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort();
    }
    List<String> progress = new ArrayList<>();
    try (LocalTarget target =
        new LocalTarget(dataDir, "s3clean", 60, port, Duration.ZERO, progress::add)) {
      target.deploy(Map.of(), progress::add);
    }
    RunningCloud first = RunningCloud.find(dataDir.resolve("s3clean")).orElseThrow();
    assertThat(first.endpoints().get("endpoint")).isEqualTo("http://127.0.0.1:" + port);
    BackgroundCloud.stop(first, dataDir.resolve("s3clean"), Duration.ofSeconds(60));

    try (LocalTarget target =
        new LocalTarget(dataDir, "s3clean", 60, port, Duration.ZERO, progress::add)) {
      assertThat(target.describe()).isPresent();
    }
    RunningCloud second = RunningCloud.find(dataDir.resolve("s3clean")).orElseThrow();
    assertThat(second.pid()).isNotEqualTo(first.pid());
    assertThat(second.endpoints().get("endpoint")).isEqualTo("http://127.0.0.1:" + port);
  }

  @Test
  void aPortInUseFailsTheStartInOneLineBeforeAnythingElseStarts() throws Exception {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      CliRun start =
          local(
              "local",
              "start",
              "--port",
              String.valueOf(taken.getLocalPort()),
              "--idle-timeout",
              "1s");

      assertThat(start.exitCode()).isEqualTo(io.s3clean.cli.ExitCodes.BAD_ENVIRONMENT);
      assertThat(start.err())
          .endsWith(
              "s3clean: port "
                  + taken.getLocalPort()
                  + " on 127.0.0.1 is in use (another"
                  + " stack's cloud, or another program); choose another with --port or S3CLEAN_PORT\n");
      assertThat(start.err()).doesNotContain("CREATE_IN_PROGRESS", "Exception");
    }
  }

  @Test
  void twoCommandsThatFindNoCloudAtOnceEndUpOnTheSameOne() throws Exception {
    assertThat(local("deploy").exitCode()).isZero();
    BackgroundCloud.stop(
        RunningCloud.find(dataDir.resolve("s3clean")).orElseThrow(),
        dataDir.resolve("s3clean"),
        Duration.ofSeconds(60));

    java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      List<java.util.concurrent.Future<Long>> clouds = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        clouds.add(
            two.submit(
                () -> {
                  try (LocalTarget target =
                      new LocalTarget(dataDir, "s3clean", 60, 0, Duration.ZERO, line -> {})) {
                    assertThat(target.describe()).isPresent();
                    return RunningCloud.find(dataDir.resolve("s3clean")).orElseThrow().pid();
                  }
                }));
      }
      assertThat(clouds.get(0).get(180, java.util.concurrent.TimeUnit.SECONDS))
          .isEqualTo(clouds.get(1).get(180, java.util.concurrent.TimeUnit.SECONDS));
    } finally {
      two.shutdownNow();
    }
  }

  @Test
  void aDeployToAStackThatRunsIsAChangeSetARepeatChangesNothingAndDestroyDeletesItAsOnAws()
      throws Exception {
    assertThat(local("deploy").exitCode()).isZero();
    RunningCloud cloud = RunningCloud.find(dataDir.resolve("s3clean")).orElseThrow();

    CliRun update = local("deploy", "--threshold", "30");
    CliRun repeat = local("deploy", "--threshold", "30");
    CliRun status = local("--output", "json", "status");

    assertThat(update.exitCode()).as(update.err()).isZero();
    assertThat(update.err())
        .contains(
            "Updating stack s3clean through change set",
            "resource change(s); executing",
            "UPDATE_IN_PROGRESS",
            "Stack s3clean is UPDATE_COMPLETE")
        .doesNotContain("stopping", "starting");
    assertThat(repeat.exitCode()).as(repeat.err()).isZero();
    assertThat(repeat.err())
        .contains("No changes to deploy. Stack s3clean is up to date")
        .doesNotContain("UPDATE_IN_PROGRESS");
    assertThat(status.out()).contains("\"threshold\" : 30.0");
    assertThat(RunningCloud.find(dataDir.resolve("s3clean")).orElseThrow().pid())
        .as("the same cloud all along")
        .isEqualTo(cloud.pid());

    CliRun destroy = local("destroy", "--yes");

    assertThat(destroy.exitCode()).as(destroy.err()).isZero();
    assertThat(destroy.err())
        .contains(
            "Deleting stack s3clean",
            "DELETE_IN_PROGRESS",
            "DELETE_COMPLETE",
            "Stack s3clean deleted",
            "stopping the embedded cloud (process " + cloud.pid() + ")",
            "deleted local stack s3clean")
        .doesNotContain("keeps running");
    assertThat(ProcessExit.within(cloud.pid(), Duration.ofSeconds(30))).isTrue();
    assertThat(dataDir.resolve("s3clean")).doesNotExist();
  }

  @Test
  void aStatusWithoutAStackStartsNothing() {
    CliRun status = local("status");

    assertThat(status.exitCode()).isEqualTo(254);
    assertThat(status.err())
        .isEqualTo(
            "s3clean: stack s3clean does not exist on the local target;"
                + " deploy it with `s3clean deploy`\n");
    assertThat(RunningCloud.find(dataDir.resolve("s3clean"))).isEmpty();
  }

  @Test
  void aBadIdleTimeoutIsRefusedInOneLine() {
    assertThat(LocalTarget.idleTimeout(Map.of())).isEqualTo(Duration.ofMinutes(30));
    assertThat(LocalTarget.idleTimeout(Map.of("S3CLEAN_IDLE_TIMEOUT", "5m")))
        .isEqualTo(Duration.ofMinutes(5));
    assertThatThrownBy(() -> LocalTarget.idleTimeout(Map.of("S3CLEAN_IDLE_TIMEOUT", "soon")))
        .isInstanceOf(CliException.class)
        .hasMessage("S3CLEAN_IDLE_TIMEOUT 'soon' is not a duration such as 30m, 90s or 0s");
    assertThatThrownBy(() -> LocalTarget.idleTimeout(Map.of("S3CLEAN_IDLE_TIMEOUT", "-PT1S")))
        .isInstanceOf(CliException.class);
  }

  private CliRun local(String... args) {
    List<String> all = new ArrayList<>(List.of("--data-dir", dataDir.toString()));
    all.addAll(List.of(args));
    return CliRun.run(all.toArray(String[]::new));
  }

  /** Tests leave nothing running. */
  @AfterEach
  void stopWhatIsLeft() {
    RunningCloud.find(dataDir.resolve("s3clean"))
        .flatMap(RunningCloud::process)
        .ifPresent(
            process -> {
              process.destroy();
              process.onExit().join();
            });
  }
}
