package io.s3clean.cli.command;

import static io.s3clean.cli.testing.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3clean.cli.ExitCodes;
import io.s3clean.cli.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The template's Rules, checked by {@code deploy} on the values the stack would run with, before
 * the embedded cloud starts or anything is created: given on the command line, else kept from the
 * last deploy, else the template's default. (The AWS target's cases are in AwsTargetMotoTest.)
 */
class DeployRulesTest {
  static final String BATCH_RULE =
      "BatchSize above 10 needs MaximumBatchingWindowInSeconds of at least 1:"
          + " Lambda refuses an SQS event source mapping with a larger batch and no batching window";

  @TempDir Path dataDir;

  @Test
  void aBatchAboveTenWithoutAWindowIsRefusedInOneLineBeforeTheEmbeddedCloudStarts()
      throws Exception {
    CliRun run = run("--data-dir", dataDir.toString(), "deploy", "--batch-size", "11");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.BAD_PARAMETER);
    assertThat(run.err())
        .isEqualTo(
            "s3clean: BatchSize 11 (--batch-size) with MaximumBatchingWindowInSeconds 0"
                + " (template default): "
                + BATCH_RULE
                + System.lineSeparator());
    try (var created = Files.list(dataDir)) {
      assertThat(created).as("nothing under the data directory").isEmpty();
    }
  }

  @Test
  void aRedeployThatDropsTheWindowUnderTheBatchSizeKeptFromTheLastDeployIsRefused()
      throws Exception {
    CliRun first =
        run(
            "--data-dir",
            dataDir.toString(),
            "deploy",
            "--batch-size",
            "50",
            "--batching-window",
            "5");
    assertThat(first.exitCode()).as(first.err()).isEqualTo(ExitCodes.OK);

    CliRun again = run("--data-dir", dataDir.toString(), "deploy", "--batching-window", "0");

    assertThat(again.exitCode()).as(again.err()).isEqualTo(ExitCodes.BAD_PARAMETER);
    assertThat(again.err())
        .isEqualTo(
            "s3clean: BatchSize 50 (kept from the previous deploy) with"
                + " MaximumBatchingWindowInSeconds 0 (--batching-window): "
                + BATCH_RULE
                + System.lineSeparator());
    JsonNode kept =
        new ObjectMapper()
            .readTree(
                dataDir
                    .resolve("s3clean")
                    .resolve("data")
                    .resolve("cloudformation")
                    .resolve("s3clean.json")
                    .toFile());
    assertThat(kept.path("parameters").path("BatchSize").asText()).isEqualTo("50");
    assertThat(kept.path("parameters").path("MaximumBatchingWindowInSeconds").asText())
        .isEqualTo("5");
    assertThat(run("--data-dir", dataDir.toString(), "local", "stop").exitCode())
        .isEqualTo(ExitCodes.OK);
  }
}
