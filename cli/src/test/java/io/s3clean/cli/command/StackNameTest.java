package io.s3clean.cli.command;

import static io.s3clean.cli.testing.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.s3clean.cli.ExitCodes;
import io.s3clean.cli.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * On the local target, a stack name whose buckets S3 would refuse is the first and only line of any
 * command: before the embedded cloud starts, before "deploying it", before any file is written.
 * (The AWS target's case is in AwsTargetMotoTest.)
 */
class StackNameTest {
  @TempDir Path dataDir;

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      xn--demo     | deploy       | its bucket xn--demo-<account>-<region>-watched starts with xn--, which S3 reserves (Punycode, internationalised domain names)
      xn--demo     | run-scenario | its bucket xn--demo-<account>-<region>-watched starts with xn--, which S3 reserves (Punycode, internationalised domain names)
      sthree       | deploy       | its bucket sthree-<account>-<region>-watched starts with sthree-, which S3 reserves
      amzn-s3-demo | status       | its bucket amzn-s3-demo-<account>-<region>-watched starts with amzn-s3-demo-, which S3 reserves for its documentation's examples
      """)
  void aStackNameWhoseBucketsS3WouldRefuseIsOneLineAndExit252BeforeAnythingIsCreated(
      String stack, String command, String problem) throws Exception {
    List<String> args =
        new ArrayList<>(List.of("--data-dir", dataDir.toString(), "--stack-name", stack, command));
    if (command.equals("run-scenario")) {
      args.addAll(List.of("--plot-file", dataDir.resolve("plot.png").toString()));
    }

    CliRun run = run(args.toArray(String[]::new));

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.BAD_PARAMETER);
    assertThat(run.err())
        .isEqualTo(
            "s3clean: --stack-name '"
                + stack
                + "' cannot name S3 buckets: "
                + problem
                + " (S3 user guide, \"General purpose bucket naming rules\")"
                + System.lineSeparator());
    assertThat(run.out()).isEmpty();
    try (var created = Files.list(dataDir)) {
      assertThat(created).as("no local stack, no data").isEmpty();
    }
  }
}
