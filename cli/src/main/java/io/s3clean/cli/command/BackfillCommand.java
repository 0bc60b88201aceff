package io.s3clean.cli.command;

import io.s3clean.backfill.Backfill;
import io.s3clean.cli.target.StackTarget;
import io.s3clean.cli.target.StackTarget.StackInfo;
import io.s3clean.ledger.dynamodb.BackfillCheckpoints;
import io.s3clean.ledger.dynamodb.DynamoLedger;
import io.s3clean.ledger.dynamodb.DynamoLedgerReader;
import io.s3clean.reconcile.TrackedKeys;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Counts what the watched bucket already holds into the ledger, safely while the stack tracks live
 * changes (the rule is {@link io.s3clean.backfill.BackfillPlanner}'s), page by page with progress
 * on stderr; a run cut off resumes where it stopped.
 */
@Command(
    name = "backfill",
    mixinStandardHelpOptions = true,
    description =
        "Count what the bucket already holds into the ledger, while live changes go on; resumes where a run stopped.")
public final class BackfillCommand extends BaseCommand {
  @Option(
      names = "--restart",
      description = "List the bucket from its start even if an earlier backfill got further.")
  boolean restart;

  @Override
  public Integer call() {
    global().stackName();
    try (StackTarget target = openTarget()) {
      results().document(run(target, requireStack(target), restart, this::progress));
    }
    return 0;
  }

  /**
   * Backfills the stack's watched bucket: what this command does, and what a deploy that adopts a
   * bucket does right after.
   *
   * @return the result document
   */
  static Map<String, Object> run(
      StackTarget target, StackInfo stack, boolean restart, Consumer<String> progress) {
    String bucket = stack.typed().watchedBucket();
    String objectTable = stack.typed().objectTable();
    long started = System.nanoTime();
    BackfillCheckpoints.Checkpoint done =
        new Backfill(
                target.s3(),
                new DynamoLedger(target.dynamoDb(), objectTable, stack.typed().historyTable()),
                new DynamoLedgerReader(target.dynamoDb(), objectTable),
                new BackfillCheckpoints(target.dynamoDb(), objectTable),
                bucket,
                TrackedKeys.of(stack.parameters()),
                target.clock(),
                progress,
                () -> {})
            .run(restart);
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("bucket", bucket);
    result.put("versions_listed", done.listed());
    result.put("counted", done.written());
    result.put("already_tracked", done.listed() - done.written());
    long total = new DynamoLedgerReader(target.dynamoDb(), objectTable).state(bucket).totalSize();
    result.put("ledger_total", total);
    // the alarm judges the total the backfill counted now, not at the bucket's next change
    target.publishTotal(stack, total);
    result.put("seconds", took.toMillis() / 1000.0);
    return result;
  }
}
