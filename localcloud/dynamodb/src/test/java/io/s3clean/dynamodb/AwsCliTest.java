package io.s3clean.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3clean.dynamodb.testing.AwsCli;
import io.s3clean.dynamodb.testing.AwsCli.Run;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine driven by the real AWS CLI (v1, botocore), a client nobody here wrote: its requests
 * are built from botocore's own service model, and its error output is what an operator reads. No
 * configuration file is read; credentials and region come from the environment only.
 */
class AwsCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TABLE = "cli-objects";

  @TempDir static Path home;
  private static DynamoDbServer engine;
  private static int cliMajorVersion;
  private static AwsCli cli;

  @BeforeAll
  static void start() {
    Optional<Integer> version = AwsCli.majorVersion();
    assumeTrue(version.isPresent(), "no `aws` (AWS CLI) on PATH; CI machines have awscli 1.x");
    cliMajorVersion = version.get();
    engine = DynamoDbServer.start(DynamoDbServer.Options.inMemory());
    cli = new AwsCli(engine.endpoint(), home);
    Run created =
        aws(
            "dynamodb",
            "create-table",
            "--table-name",
            TABLE,
            "--billing-mode",
            "PAY_PER_REQUEST",
            "--attribute-definitions",
            "AttributeName=bucket,AttributeType=S",
            "AttributeName=key,AttributeType=S",
            "AttributeName=size,AttributeType=N",
            "--key-schema",
            "AttributeName=bucket,KeyType=HASH",
            "AttributeName=key,KeyType=RANGE",
            "--global-secondary-indexes",
            "[{\"IndexName\":\"BySize\",\"KeySchema\":[{\"AttributeName\":\"bucket\",\"KeyType\":\"HASH\"},"
                + "{\"AttributeName\":\"size\",\"KeyType\":\"RANGE\"}],\"Projection\":{\"ProjectionType\":\"ALL\"}}]");
    assertThat(created.exitCode()).as("%s", created).isZero();
    assertThat(created.json().at("/TableDescription/TableName").asText()).isEqualTo(TABLE);
    assertThat(created.json().at("/TableDescription/GlobalSecondaryIndexes/0/IndexName").asText())
        .isEqualTo("BySize");

    for (Map.Entry<String, Integer> object :
        Map.of("a.txt", 30, "b.txt", 10, "c.txt", 20).entrySet()) {
      Run put =
          aws(
              "dynamodb",
              "put-item",
              "--table-name",
              TABLE,
              "--item",
              "{\"bucket\":{\"S\":\"photos\"},\"key\":{\"S\":\""
                  + object.getKey()
                  + "\"},"
                  + "\"size\":{\"N\":\""
                  + object.getValue()
                  + "\"}}");
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
    String actions =
        "["
            + "{\"Put\":{\"TableName\":\""
            + TABLE
            + "\",\"Item\":{\"bucket\":{\"S\":\"photos\"},"
            + "\"key\":{\"S\":\"d.txt\"},\"size\":{\"N\":\"1\"}}}},"
            + "{\"ConditionCheck\":{\"TableName\":\""
            + TABLE
            + "\",\"Key\":{\"bucket\":{\"S\":\"photos\"},"
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
    Run get =
        aws(
            "dynamodb",
            "get-item",
            "--table-name",
            TABLE,
            "--key",
            "{\"bucket\":{\"S\":\"photos\"},\"key\":{\"S\":\"d.txt\"}}");
    assertThat(get.exitCode()).as("%s", get).isZero();
    assertThat(get.stdout().isBlank() || !get.json().has("Item")).as("%s", get).isTrue();
  }

  @Test
  void aQueryOnTheIndexWithNoScanIndexForwardComesLargestFirst() {
    // WHEN
    Run run =
        aws(
            "dynamodb",
            "query",
            "--table-name",
            TABLE,
            "--index-name",
            "BySize",
            // BUCKET and SIZE are DynamoDB reserved words: named through #placeholders.
            "--key-condition-expression",
            "#b = :b",
            "--expression-attribute-names",
            "{\"#b\":\"bucket\"}",
            "--expression-attribute-values",
            "{\":b\":{\"S\":\"photos\"}}",
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

  private static Run aws(String... args) {
    return cli.run(args);
  }
}
