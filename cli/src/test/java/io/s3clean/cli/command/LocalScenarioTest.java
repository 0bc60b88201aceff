package io.s3clean.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3clean.cli.ExitCodes;
import io.s3clean.cli.S3cleanCommand;
import io.s3clean.cli.Targets;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The newcomer's path: run-scenario on a fresh data directory deploys the stack and proves the timeline. */
class LocalScenarioTest {
  @TempDir
  Path dataDir;

  @Test
  void runScenarioOnAFreshDataDirectoryDeploysAndPassesAndIsSafeToRerun() throws Exception {
    Path plot = dataDir.resolve("plot.png");

    Run first = run("--data-dir", dataDir.toString(), "run-scenario", "--plot-file", plot.toString());
    Run second = run("--data-dir", dataDir.toString(), "--output", "json", "run-scenario", "--plot-file", plot.toString());

    assertThat(first.code).as(first.err).isEqualTo(ExitCodes.OK);
    assertThat(first.out).contains("timeline   0, 18, 46, 18, 20, 2", "remaining  assignment3.txt", "result     PASSED");
    assertThat(first.err).contains("no local stack s3clean yet: deploying it", "uploaded assignment1.txt (18 B)");
    assertThat(second.code).as(second.err).isEqualTo(ExitCodes.OK);
    assertThat(second.out).contains("\"passed\":true", "\"timeline\":[0, 18, 46, 18, 20, 2]");
    assertThat(second.err).contains("removing 1 object(s) left by an earlier run: [assignment3.txt]");
    BufferedImage image = ImageIO.read(Files.newInputStream(plot));
    assertThat(image.getWidth()).isEqualTo(1200);
  }

  @Test
  void localEnvWithoutARunningCloudSaysHowToStartOne() {
    Run run = run("--data-dir", dataDir.toString(), "local", "env");

    assertThat(run.code).isEqualTo(ExitCodes.BAD_ENVIRONMENT);
    assertThat(run.err).isEqualTo("s3clean: no embedded cloud is running for stack s3clean; start one with: s3clean local start\n");
  }

  @Test
  void aBadStackNameIsOneLineAndABadParameterExit() {
    Run run = run("--data-dir", dataDir.toString(), "--stack-name", "Not_Valid", "run-scenario");

    assertThat(run.code).isEqualTo(ExitCodes.BAD_PARAMETER);
    assertThat(run.err).startsWith("s3clean: --stack-name 'Not_Valid' must start with a lower-case letter")
        .doesNotContain("Exception").hasLineCount(1);
  }

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = S3cleanCommand.commandLine(Targets::open);
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    int code = cmd.execute(args);
    return new Run(code, out.toString(), err.toString());
  }
}
