package io.s3clean.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3clean.cli.target.AwsTarget;
import io.s3clean.cli.testing.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Values are checked before any target is opened: a bad one is exit 252 and one line naming the
 * option, what it takes and what it got; something picocli cannot parse at all stays exit 2.
 */
class CommandLineValidationTest {

  @ParameterizedTest(name = "deploy {0} {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      --threshold        | abc         | --threshold must be a whole number, not 'abc'
      --threshold        | 0           | --threshold must be at least 1, not 0
      --threshold        | 2.5         | --threshold must be a whole number, not '2.5'
      --alarm-period     | 45          | --alarm-period must be one of 60, 120, 180, 300, 600, 900, 1800, 3600, not '45'
      --cleanup-policy   | all         | --cleanup-policy must be one of until-below, one, not 'all'
      --batch-size       | 0           | --batch-size must be at least 1, not 0
      --batch-size       | 10001       | --batch-size must be at most 10000, not 10001
      --batching-window  | 31          | --batching-window must be at most 30, not 31
      --tracking-concurrency | 1       | --tracking-concurrency must be at least 2, not 1
      --notification-email | ops.example.com | --notification-email must be an email address, not 'ops.example.com'
      """)
  void aBadDeployValueIsRefusedBeforeAnythingIsDeployed(
      String option, String value, String message) {
    CliRun run = CliRun.run(CliRun.NO_TARGET, "deploy", option, value);

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.BAD_PARAMETER);
    assertThat(run.err()).isEqualTo("s3clean: " + message + System.lineSeparator());
  }

  @Test
  void aLargeBatchWithABatchingWindowIsFine() {
    CliRun run =
        CliRun.run(
            (options, progress) -> {
              throw new CliException(ExitCodes.BAD_ENVIRONMENT, "validation passed");
            },
            "deploy",
            "--batch-size",
            "25",
            "--batching-window",
            "5",
            "--alarm-period",
            "120",
            "--cleanup-policy",
            "one",
            "--tracking-concurrency",
            "4");

    assertThat(run.err()).isEqualTo("s3clean: validation passed" + System.lineSeparator());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"--prefix", "--suffix"})
  void aKeyFilterLongerThanS3TakesIsRefusedByTheTemplatesMaxLength(String option) {
    CliRun run = CliRun.run(CliRun.NO_TARGET, "deploy", option, "k".repeat(1025));

    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_PARAMETER);
    assertThat(run.err())
        .isEqualTo(
            "s3clean: "
                + option
                + " must be at most 1024 characters long"
                + System.lineSeparator());
  }

  @ParameterizedTest(name = "--stack-name {0}")
  @CsvSource({"S3clean", "s3_clean", "1s3clean", "s3clean-with-a-name-of-28-ch"})
  void aStackNameThatCannotNameABucketIsRefused(String name) {
    CliRun run = CliRun.run(CliRun.NO_TARGET, "--stack-name", name, "status");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_PARAMETER);
    assertThat(run.err())
        .isEqualTo(
            "s3clean: --stack-name '"
                + name
                + "' must start with a lower-case letter and hold"
                + " at most 27 lower-case letters, digits and hyphens (it becomes part of S3 bucket names)"
                + System.lineSeparator());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      logs nosuch                       | Invalid value for positional parameter at index 0 (FUNCTION): 'nosuch' is not a function; use one of size-tracking, event-logging, cleaner, plotting
      logs cleaner --since 10x          | Invalid value for option '--since': '10x' is not a duration such as 30s, 10m, 2h or 1d
      logs cleaner --interval 50ms      | --interval must be at least 100ms, not 50ms
      watch-alarm --until MAYBE         | Invalid value for option '--until': expected one of [OK, ALARM, INSUFFICIENT_DATA] (case-sensitive) but was 'MAYBE'
      watch-alarm --interval 0s         | --interval must be at least 100ms, not 0s
      history --width 50                | --width must be between 200 and 4000 pixels, not 50
      history --height 5000             | --height must be between 200 and 4000 pixels, not 5000
      history --last 0                  | --last must be at least 1, not 0
      history --plot x.png --csv        | --plot and --csv exclude each other
      destroy                           | destroy deletes stack s3clean and every object in its buckets; pass --yes to confirm (there is no terminal to ask on)
      """)
  void aBadValueOfAnyCommandIsOneLineAndExit252(String commandLine, String message) {
    CliRun run = CliRun.run(CliRun.NO_TARGET, commandLine.split(" "));

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.BAD_PARAMETER);
    assertThat(run.err()).isEqualTo("s3clean: " + message + System.lineSeparator());
  }

  @Test
  void anEndpointThatIsNotAnHttpUrlIsABadParameter() {
    CliRun run =
        CliRun.run(
            AwsTarget::open,
            "--target",
            "aws",
            "--region",
            "us-east-1",
            "--endpoint-url",
            "localhost:5000",
            "status");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_PARAMETER);
    assertThat(run.err())
        .isEqualTo(
            "s3clean: --endpoint-url 'localhost:5000' is not an http(s) URL"
                + System.lineSeparator());
  }

  @Test
  void aMissingArgumentIsAUsageError() {
    CliRun run = CliRun.run(CliRun.NO_TARGET, "logs");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).startsWith("Missing required parameter: 'FUNCTION'");
  }

  @Test
  void everyCommandIsListedInTheHelp() {
    CliRun run = CliRun.run(CliRun.NO_TARGET, "--help");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(run.out())
        .contains(
            "deploy",
            "status",
            "history",
            "watch-alarm",
            "reconcile",
            "backfill",
            "logs",
            "destroy");
  }
}
