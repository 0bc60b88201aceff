package io.s3clean.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine driven by the real AWS CLI (v1, botocore), a client nobody here wrote: its requests
 * are built from botocore's own service model, and its error output is what an operator reads.
 * No configuration file is read; credentials and region come from the environment only.
 */
class AwsCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TABLE = "cli-objects";

  @TempDir static Path home;
  private static DynamoDbServer engine;
  private static int cliMajorVersion;

  /** What the CLI printed and how it exited. */
  record Run(int exitCode, String stdout, String stderr) {
    JsonNode json() {
      try {
        return JSON.readTree(stdout);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON on stdout: " + stdout + "\nstderr: " + stderr, e);
      }
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\nstdout: " + stdout + "\nstderr: " + stderr;
    }
  }

  @BeforeAll
  static void start() {
    assumeTrue(cliInstalled(), "no `aws` (AWS CLI) on PATH; CI machines have awscli 1.x");
    engine = DynamoDbServer.start(DynamoDbServer.Options.inMemory());
    Run created = aws("dynamodb", "create-table",
        "--table-name", TABLE,
        "--billing-mode", "PAY_PER_REQUEST",
        "--attribute-definitions",
        "AttributeName=bucket,AttributeType=S", "AttributeName=key,AttributeType=S",
        "AttributeName=size,AttributeType=N",
        "--key-schema", "AttributeName=bucket,KeyType=HASH", "AttributeName=key,KeyType=RANGE",
        "--global-secondary-indexes",
        "[{\"IndexName\":\"BySize\",\"KeySchema\":[{\"AttributeName\":\"bucket\",\"KeyType\":\"HASH\"},"
            + "{\"AttributeName\":\"size\",\"KeyType\":\"RANGE\"}],\"Projection\":{\"ProjectionType\":\"ALL\"}}]");
    assertThat(created.exitCode()).as("%s", created).isZero();
    assertThat(created.json().at("/TableDescription/TableName").asText()).isEqualTo(TABLE);
    assertThat(created.json().at("/TableDescription/GlobalSecondaryIndexes/0/IndexName").asText())
        .isEqualTo("BySize");

    for (Map.Entry<String, Integer> object : Map.of("a.txt", 30, "b.txt", 10, "c.txt", 20).entrySet()) {
      Run put = aws("dynamodb", "put-item", "--table-name", TABLE, "--item",
          "{\"bucket\":{\"S\":\"photos\"},\"key\":{\"S\":\"" + object.getKey() + "\"},"
              + "\"size\":{\"N\":\"" + object.getValue() + "\"}}");
      assertThat(put.exitCode()).as("%s", put).isZero();
    }
  }

  @AfterAll
  static void stop() {
    if (engine != null) {
      engine.close();
    }
  }

  @Test
  void aCancelledTransactionExits254AndShowsTheCancellationReasons() {
    // GIVEN a transaction whose second action's condition fails (a.txt is 30 bytes, not < 5)
    String actions = "["
        + "{\"Put\":{\"TableName\":\"" + TABLE + "\",\"Item\":{\"bucket\":{\"S\":\"photos\"},"
        + "\"key\":{\"S\":\"d.txt\"},\"size\":{\"N\":\"1\"}}}},"
        + "{\"ConditionCheck\":{\"TableName\":\"" + TABLE + "\",\"Key\":{\"bucket\":{\"S\":\"photos\"},"
        + "\"key\":{\"S\":\"a.txt\"}},\"ConditionExpression\":\"#s < :max\","
        + "\"ExpressionAttributeNames\":{\"#s\":\"size\"},"
        + "\"ExpressionAttributeValues\":{\":max\":{\"N\":\"5\"}}}}]";

    // WHEN
    Run run = aws("dynamodb", "transact-write-items", "--transact-items", actions);

    // THEN the service's error, with one reason per action, and nothing written. CLI v2 exits 254
    // on an error from the service; v1 (awscli 1.x, on this machine) exits 255 on every error,
    // its clidriver having no other code for one.
    assertThat(run.exitCode()).as("%s", run).isEqualTo(cliMajorVersion == 1 ? 255 : 254);
    assertThat(run.stderr())
        .contains("TransactionCanceledException")
        .contains("ConditionalCheckFailed")
        .contains("None");
    Run get = aws("dynamodb", "get-item", "--table-name", TABLE, "--key",
        "{\"bucket\":{\"S\":\"photos\"},\"key\":{\"S\":\"d.txt\"}}");
    assertThat(get.exitCode()).as("%s", get).isZero();
    assertThat(get.stdout().isBlank() || !get.json().has("Item")).as("%s", get).isTrue();
  }

  @Test
  void aQueryOnTheIndexWithNoScanIndexForwardComesLargestFirst() {
    // WHEN
    Run run = aws("dynamodb", "query", "--table-name", TABLE, "--index-name", "BySize",
        // BUCKET and SIZE are DynamoDB reserved words: named through #placeholders.
        "--key-condition-expression", "#b = :b",
        "--expression-attribute-names", "{\"#b\":\"bucket\"}",
        "--expression-attribute-values", "{\":b\":{\"S\":\"photos\"}}",
        "--no-scan-index-forward");

    // THEN
    assertThat(run.exitCode()).as("%s", run).isZero();
    List<String> keys = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    for (JsonNode item : run.json().path("Items")) {
      keys.add(item.at("/key/S").asText());
      sizes.add(Integer.parseInt(item.at("/size/N").asText()));
    }
    assertThat(sizes).as("%s", run).containsExactly(30, 20, 10);
    assertThat(keys).containsExactly("a.txt", "c.txt", "b.txt");
    assertThat(run.json().path("Count").asInt()).isEqualTo(3);
  }

  /** Whether `aws --version` answers; notes the major version ("aws-cli/1.45.11 Python/..."). */
  private static boolean cliInstalled() {
    try {
      Process probe = new ProcessBuilder("aws", "--version").redirectErrorStream(true).start();
      String version = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!probe.waitFor(60, TimeUnit.SECONDS) || probe.exitValue() != 0) {
        return false;
      }
      java.util.regex.Matcher major =
          java.util.regex.Pattern.compile("aws-cli/(\\d+)\\.").matcher(version);
      cliMajorVersion = major.find() ? Integer.parseInt(major.group(1)) : 2;
      return true;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Runs {@code aws <args> --endpoint-url <engine> --output json} with a bare environment. */
  private static Run aws(String... args) {
    List<String> command = new ArrayList<>(List.of("aws"));
    command.addAll(Arrays.asList(args));
    command.addAll(List.of("--endpoint-url", engine.endpoint().toString(), "--output", "json"));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    // Nothing from the developer's own AWS set-up may reach the CLI.
    env.keySet().removeIf(name -> name.startsWith("AWS_"));
    env.put("AWS_ACCESS_KEY_ID", "test");
    env.put("AWS_SECRET_ACCESS_KEY", "test");
    env.put("AWS_DEFAULT_REGION", "us-east-1");
    env.put("AWS_CONFIG_FILE", "/dev/null");
    env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    env.put("AWS_PAGER", "");
    env.put("HOME", home.toString());
    try {
      Files.createDirectories(home);
      Process process = builder.start();
      process.getOutputStream().close();
      CompletableFuture<String> stdout = read(process.getInputStream());
      CompletableFuture<String> stderr = read(process.getErrorStream());
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("aws " + String.join(" ", args) + " did not finish in 120 s");
      }
      return new Run(process.exitValue(), stdout.join(), stderr.join());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static CompletableFuture<String> read(InputStream stream) {
    return CompletableFuture.supplyAsync(() -> {
      try (stream) {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      // A thread of its own: two blocking readers on a small common pool could wait on each other.
    }, runnable -> new Thread(runnable, "aws-cli-output").start());
  }
}
