package io.s3clean.localcloud.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.s3clean.dynamodb.testing.AwsCli;
import io.s3clean.localcloud.LocalCloud;
import java.util.ArrayList;
import java.util.List;

/** The real AWS CLI against a cloud's deployed stack, and the ledger as the CLI reads it. */
final class StackCli {
  private final LocalCloud cloud;
  private final AwsCli aws;

  StackCli(LocalCloud cloud, AwsCli aws) {
    this.cloud = cloud;
    this.aws = aws;
  }

  AwsCli aws() {
    return aws;
  }

  AwsCli.Run run(String... args) {
    return aws.run(args);
  }

  /** The command's JSON answer; it must succeed. */
  JsonNode ok(String... args) {
    AwsCli.Run run = aws.run(args);
    assertThat(run.exitCode()).as("%s", run).isZero();
    return run.stdout().isBlank() ? MissingNode.getInstance() : run.json();
  }

  /** PutBucketNotificationConfiguration of {@code json}, written to a file in {@code dir}. */
  void putNotification(String bucket, String json, java.nio.file.Path dir) throws Exception {
    java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve(bucket + ".json"), json);
    ok(
        "s3api",
        "put-bucket-notification-configuration",
        "--bucket",
        bucket,
        "--notification-configuration",
        "file://" + file);
  }

  /** The ledger's total for {@code bucket}, -1 before it has one. */
  long ledgerTotal(String bucket) {
    return ledgerTotal(cloud.stack().typed().objectTable(), bucket);
  }

  /** The total of {@code bucket} in the ledger table {@code objectTable}, -1 before it has one. */
  long ledgerTotal(String objectTable, String bucket) {
    return ok(
            "dynamodb",
            "get-item",
            "--table-name",
            objectTable,
            "--key",
            "{\"bucket_name\":{\"S\":\"" + bucket + "\"},\"object_name\":{\"S\":\"__STATE__\"}}",
            "--consistent-read")
        .at("/Item/total_size/N")
        .asLong(-1);
  }

  /** The bucket's history items as the CLI lists them. */
  List<JsonNode> history(String bucket) {
    List<JsonNode> items = new ArrayList<>();
    ok(
            "dynamodb",
            "query",
            "--table-name",
            cloud.stack().typed().historyTable(),
            "--key-condition-expression",
            "bucket_name = :b",
            "--expression-attribute-values",
            "{\":b\":{\"S\":\"" + bucket + "\"}}")
        .path("Items")
        .forEach(items::add);
    return items;
  }

  /** Waits up to a minute for the ledger's total of {@code bucket} to be {@code expected}. */
  long awaitTotal(String bucket, long expected) throws InterruptedException {
    return awaitTotal(cloud.stack().typed().objectTable(), bucket, expected);
  }

  /** As {@link #awaitTotal(String, long)}, in the ledger table {@code objectTable}. */
  long awaitTotal(String objectTable, String bucket, long expected) throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    long total = ledgerTotal(objectTable, bucket);
    while (total != expected && System.nanoTime() < deadline) {
      Thread.sleep(250);
      total = ledgerTotal(objectTable, bucket);
    }
    return total;
  }
}
