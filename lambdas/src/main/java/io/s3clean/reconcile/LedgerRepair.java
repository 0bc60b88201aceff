package io.s3clean.reconcile;

import io.s3clean.aws.S3ObjectStore;
import io.s3clean.cleanup.ObjectStore;
import io.s3clean.event.VersionedKey;
import io.s3clean.ledger.BucketState;
import io.s3clean.ledger.Ledger;
import io.s3clean.ledger.LedgerBusyException;
import io.s3clean.ledger.LedgerPlan;
import io.s3clean.ledger.dynamodb.DynamoLedgerReader;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Repairs the ledger while the tracker keeps running. Why a concurrent tracker is never clobbered:
 *
 * <ul>
 *   <li>Each repair is written by {@link Ledger#writeIfUnchanged}, the tracker's own transaction:
 *       the state row is conditioned on the applied count the repair was planned from, each item on
 *       the sequencer it was read with (or on not existing). If the tracker commits in between, the
 *       repair fails whole and is planned again from fresh reads; if the repair commits first, the
 *       tracker's transaction fails on the applied count, and it replans on top of the repair.
 *   <li>Right before planning, each key is read again: its item (strongly consistent) and its
 *       object (HEAD, strongly consistent in S3). A key that agrees by then is left alone, so a
 *       listing made a while ago never overrides a change since.
 *   <li>Repaired items keep the old sequencer (see {@link RepairPlanner}): an S3 event not yet
 *       applied still applies afterwards, with its delta taken from the repaired size.
 * </ul>
 */
public final class LedgerRepair {
  private static final int ATTEMPTS = 10;
  private static final Duration BACKOFF = Duration.ofMillis(200);

  private final ObjectStore bucketObjects;
  private final Ledger ledger;
  private final DynamoLedgerReader reader;
  private final String bucket;
  private final Clock clock;
  private final Consumer<String> progress;
  private final Runnable beforeWrite;

  public LedgerRepair(
      S3Client s3,
      Ledger ledger,
      DynamoLedgerReader reader,
      String bucket,
      Clock clock,
      Consumer<String> progress) {
    this(s3, ledger, reader, bucket, clock, progress, () -> {});
  }

  /**
   * @param beforeWrite runs between reading and writing: tests put a concurrent tracker there
   */
  public LedgerRepair(
      S3Client s3,
      Ledger ledger,
      DynamoLedgerReader reader,
      String bucket,
      Clock clock,
      Consumer<String> progress,
      Runnable beforeWrite) {
    this.bucketObjects = new S3ObjectStore(s3);
    this.ledger = ledger;
    this.reader = reader;
    this.bucket = bucket;
    this.clock = clock;
    this.progress = progress;
    this.beforeWrite = beforeWrite;
  }

  /**
   * What the repair did: keys repaired, keys that agreed by the time they were repaired, and
   * whether the state row was corrected.
   */
  public record Outcome(
      int repaired, int agreedMeanwhile, boolean stateRowCorrected, BucketState state) {}

  public Outcome repair(List<Difference> differences) {
    int repaired = 0;
    int agreed = 0;
    for (int from = 0; from < differences.size(); from += Ledger.MAX_EVENTS_PER_APPLY) {
      List<VersionedKey> keys =
          differences
              .subList(from, Math.min(differences.size(), from + Ledger.MAX_EVENTS_PER_APPLY))
              .stream()
              .map(Difference::object)
              .toList();
      int written = repairKeys(keys);
      repaired += written;
      agreed += keys.size() - written;
    }
    boolean corrected = correctStateRow();
    return new Outcome(repaired, agreed, corrected, reader.state(bucket));
  }

  /** Repairs the keys that still differ, in one transaction; returns how many that was. */
  private int repairKeys(List<VersionedKey> keys) {
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      BucketState state = reader.state(bucket);
      List<Difference> current = new ArrayList<>();
      for (VersionedKey key : keys) {
        Difference.of(key, reader.find(bucket, key), bucketObjects.sizeOf(bucket, key))
            .ifPresent(current::add);
      }
      if (current.isEmpty()) {
        return 0;
      }
      if (write(RepairPlanner.plan(bucket, state, current, clock.instant()))) {
        return current.size();
      }
    }
    throw conflicting();
  }

  private boolean correctStateRow() {
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      Optional<LedgerPlan> correction =
          RepairPlanner.stateCorrection(
              bucket, LedgerSnapshot.read(reader, bucket), clock.instant());
      if (correction.isEmpty()) {
        return false;
      }
      if (write(correction.get())) {
        progress.accept(
            "Corrected the state row of "
                + bucket
                + " to its items' total, "
                + correction.get().after().totalSize()
                + " bytes");
        return true;
      }
    }
    throw conflicting();
  }

  /** False when the ledger changed since the plan was read: the caller reads again. */
  private boolean write(LedgerPlan plan) {
    beforeWrite.run();
    if (ledger.writeIfUnchanged(plan)) {
      return true;
    }
    progress.accept(
        "The ledger changed while repairing (the tracker is running); reading it again");
    pause(BACKOFF);
    return false;
  }

  private LedgerBusyException conflicting() {
    return new LedgerBusyException(
        "the ledger of "
            + bucket
            + " kept changing during the repair ("
            + ATTEMPTS
            + " attempts); run reconcile again");
  }

  /** An interrupt (Ctrl-C) ends the repair, the thread still marked interrupted for its caller. */
  private static void pause(java.time.Duration duration) {
    try {
      Thread.sleep(Math.max(0, duration.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
