package io.s3clean.cli.command;

import io.s3clean.cli.target.StackTarget;
import io.s3clean.cli.target.StackTarget.StackInfo;
import io.s3clean.ledger.dynamodb.DynamoLedger;
import io.s3clean.ledger.dynamodb.DynamoLedgerReader;
import io.s3clean.reconcile.BucketListing;
import io.s3clean.reconcile.Difference;
import io.s3clean.reconcile.LedgerRepair;
import io.s3clean.reconcile.LedgerSnapshot;
import io.s3clean.reconcile.RepairPlanner;
import io.s3clean.reconcile.TrackedKeys;
import io.s3clean.reconcile.UnfinishedUploads;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Compares the watched bucket with the ledger's live items and lists every difference; with {@code
 * --apply}, repairs them (see {@link LedgerRepair} for why that is safe while the tracker runs) and
 * records each repair in the history as a {@code Reconcile} event.
 */
@Command(
    name = "reconcile",
    mixinStandardHelpOptions = true,
    description = "List the differences between the bucket and the ledger; --apply repairs them.")
public final class ReconcileCommand extends BaseCommand {
  @Option(
      names = "--apply",
      description = "Repair the ledger: items, state row, and a history record per repair.")
  boolean apply;

  @Override
  public Integer call() {
    global().stackName();
    try (StackTarget target = openTarget()) {
      StackInfo stack = requireStack(target);
      String bucket = stack.typed().watchedBucket();
      String objectTable = stack.typed().objectTable();
      TrackedKeys tracked = TrackedKeys.of(stack.parameters());
      DynamoLedgerReader reader = new DynamoLedgerReader(target.dynamoDb(), objectTable);

      BucketListing listing = BucketListing.of(target.s3(), bucket, tracked);
      LedgerSnapshot ledger = LedgerSnapshot.read(reader, bucket);
      List<Difference> differences = Difference.between(listing, ledger.tracked(tracked));
      boolean stateRowOff =
          RepairPlanner.stateCorrection(bucket, ledger, target.clock().instant()).isPresent();

      Map<String, Object> report = new LinkedHashMap<>();
      report.put("bucket", bucket);
      report.put("ledger_total", ledger.state().totalSize());
      report.put("bucket_total", listing.totalSize());
      report.put(
          "state_row",
          stateRowOff ? "differs from its items' total " + ledger.liveTotal() : "consistent");
      report.put("differences", differences.stream().map(ReconcileCommand::row).toList());
      UnfinishedUploads uploads = UnfinishedUploads.of(target.s3(), bucket, tracked);
      if (uploads.uploads() > 0) {
        // billed, never in the ledger, and no difference to repair: S3 raises no event for parts
        report.put(
            "unfinished_uploads",
            new LinkedHashMap<>(Map.of("uploads", uploads.uploads(), "bytes", uploads.bytes())));
      }
      if (!uploads.describe().isEmpty()) {
        progress(uploads.describe() + ".");
      }
      if (apply && (!differences.isEmpty() || stateRowOff)) {
        LedgerRepair.Outcome outcome =
            new LedgerRepair(
                    target.s3(),
                    new DynamoLedger(target.dynamoDb(), objectTable, stack.typed().historyTable()),
                    reader,
                    bucket,
                    target.clock(),
                    this::progress)
                .repair(differences);
        Map<String, Object> applied = new LinkedHashMap<>();
        applied.put("repaired", outcome.repaired());
        applied.put("agreed_meanwhile", outcome.agreedMeanwhile());
        applied.put("state_row_corrected", outcome.stateRowCorrected());
        applied.put("ledger_total", outcome.state().totalSize());
        report.put("applied", applied);
      }
      results().document(report);
      summarise(differences, stateRowOff);
    }
    return 0;
  }

  private void summarise(List<Difference> differences, boolean stateRowOff) {
    if (differences.isEmpty() && !stateRowOff) {
      progress("The ledger agrees with the bucket");
    } else if (!apply) {
      progress(
          differences.size()
              + " difference(s)"
              + (stateRowOff ? " and an inconsistent state row" : "")
              + "; `s3clean reconcile --apply` repairs them (events still on their way also show here for a few seconds)");
    }
  }

  private static Map<String, Object> row(Difference difference) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("key", difference.key());
    if (!difference.object().isNullVersion()) {
      row.put("version_id", difference.object().versionId());
    }
    row.put("difference", Difference.label(difference.kind()));
    row.put(
        "ledger_size",
        difference.ledger().isPresent()
            ? OptionalLong.of(difference.ledgerSize())
            : OptionalLong.empty());
    row.put("bucket_size", difference.bucketSize());
    row.put("delta", difference.delta());
    return row;
  }
}
