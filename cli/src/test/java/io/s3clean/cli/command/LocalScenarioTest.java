package io.s3clean.cli.command;

import static io.s3clean.cli.testing.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.s3clean.cli.ExitCodes;
import io.s3clean.cli.testing.CliRun;
import io.s3clean.localcloud.RunningCloud;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The newcomer's path: run-scenario on a fresh data directory deploys the stack and proves the
 * timeline.
 */
class LocalScenarioTest {
  @TempDir Path dataDir;

  @Test
  void runScenarioOnAFreshDataDirectoryDeploysAndPassesAndIsSafeToRerun() throws Exception {
    Path plot = dataDir.resolve("plot.png");

    CliRun first =
        run("--data-dir", dataDir.toString(), "run-scenario", "--plot-file", plot.toString());
    CliRun second =
        run(
            "--data-dir",
            dataDir.toString(),
            "--output",
            "json",
            "run-scenario",
            "--plot-file",
            plot.toString());

    assertThat(first.exitCode()).as(first.err()).isEqualTo(ExitCodes.OK);
    assertThat(first.out())
        .contains(
            "timeline   0, 18, 46, 18, 20, 2", "remaining  assignment3.txt", "result     PASSED");
    assertThat(first.err())
        .contains("no local stack s3clean yet: deploying it", "uploaded assignment1.txt (18 B)")
        .endsWith("'s3clean local stop' ends it now\n");
    assertThat(first.err()).containsOnlyOnce("starting the embedded cloud in the background");
    assertThat(second.exitCode()).as(second.err()).isEqualTo(ExitCodes.OK);
    assertThat(second.out()).contains("\"passed\":true", "\"timeline\":[0, 18, 46, 18, 20, 2]");
    assertThat(second.err())
        .contains("removing 1 object(s) left by an earlier run: [assignment3.txt]")
        .doesNotContain("starting the embedded cloud", "CREATE_IN_PROGRESS");
    BufferedImage image = ImageIO.read(Files.newInputStream(plot));
    assertThat(image.getWidth()).isEqualTo(1200);
  }

  /** Tests leave nothing running: the first run's background cloud is stopped as a user would. */
  @AfterEach
  void stopTheCloud() {
    run("--data-dir", dataDir.toString(), "local", "stop");
    assertThat(RunningCloud.find(dataDir.resolve("s3clean"))).isEmpty();

    CliRun aws = run("--data-dir", dataDir.toString(), "--target", "aws", "local", "env");
    assertThat(aws.exitCode()).isEqualTo(ExitCodes.BAD_PARAMETER);
    assertThat(aws.err())
        .isEqualTo(
            "s3clean: 'local env' points AWS tools at the embedded cloud; drop --target aws\n");
  }

  @Test
  void localEnvWithoutAStackSaysHowToDeployOneAndStartsNothing() {
    CliRun run = run("--data-dir", dataDir.toString(), "local", "env");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_ENVIRONMENT);
    assertThat(run.err())
        .isEqualTo(
            "s3clean: no local stack s3clean to point AWS tools at; deploy it with:"
                + " s3clean deploy (which starts the embedded cloud)\n");
    assertThat(RunningCloud.find(dataDir.resolve("s3clean"))).isEmpty();
  }

  @Test
  void aBadStackNameIsOneLineAndABadParameterExit() {
    CliRun run = run("--data-dir", dataDir.toString(), "--stack-name", "Not_Valid", "run-scenario");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_PARAMETER);
    assertThat(run.err())
        .startsWith("s3clean: --stack-name 'Not_Valid' must start with a lower-case letter")
        .doesNotContain("Exception")
        .hasLineCount(1);
  }
}
