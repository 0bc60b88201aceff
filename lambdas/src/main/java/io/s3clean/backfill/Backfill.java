package io.s3clean.backfill;

import io.s3clean.event.VersionedKey;
import io.s3clean.ledger.BucketState;
import io.s3clean.ledger.Ledger;
import io.s3clean.ledger.LedgerBusyException;
import io.s3clean.ledger.LedgerPlan;
import io.s3clean.ledger.LedgerReader;
import io.s3clean.ledger.ObjectNames;
import io.s3clean.ledger.StoredObject;
import io.s3clean.ledger.dynamodb.BackfillCheckpoints;
import io.s3clean.ledger.dynamodb.BackfillCheckpoints.Checkpoint;
import io.s3clean.reconcile.TrackedKeys;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Consumer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Counts what a bucket already holds into its ledger while live events keep arriving: lists the
 * bucket page by page (ListObjectVersions, or ListObjectsV2 for a bucket never versioned), writes
 * each page's versions by {@link BackfillPlanner}'s rule in the ledger's own conditioned
 * transactions, and notes after each page how far it got, so that a backfill cut off resumes there.
 */
public final class Backfill {
  /**
   * How long the backfill waits for one chunk to get through while the tracker keeps committing in
   * between, before it stops (a run again resumes where it stopped).
   */
  private static final Duration PATIENCE = Duration.ofMinutes(2);

  private final S3Client s3;
  private final Ledger ledger;
  private final LedgerReader reader;
  private final BackfillCheckpoints checkpoints;
  private final String bucket;
  private final TrackedKeys tracked;
  private final Clock clock;
  private final Consumer<String> progress;
  private final Runnable beforeWrite;

  /**
   * @param beforeWrite runs between reading the ledger and writing a chunk: tests put live changes
   *     there
   */
  public Backfill(
      S3Client s3,
      Ledger ledger,
      LedgerReader reader,
      BackfillCheckpoints checkpoints,
      String bucket,
      TrackedKeys tracked,
      Clock clock,
      Consumer<String> progress,
      Runnable beforeWrite) {
    this.s3 = s3;
    this.ledger = ledger;
    this.reader = reader;
    this.checkpoints = checkpoints;
    this.bucket = bucket;
    this.tracked = tracked;
    this.clock = clock;
    this.progress = progress;
    this.beforeWrite = beforeWrite;
  }

  /**
   * @param restart list from the start even if an earlier backfill got further (writing what is
   *     absent is safe to repeat)
   * @return how far it got: the whole listing, unless it failed
   */
  public Checkpoint run(boolean restart) {
    String filters = tracked.prefix() + "|" + tracked.suffix();
    // a checkpoint of other filters covered other keys: its marker says nothing of these
    Checkpoint at =
        restart
            ? Checkpoint.start(filters)
            : checkpoints
                .read(bucket)
                .filter(saved -> saved.tracked().equals(filters))
                .orElse(Checkpoint.start(filters));
    if (at.done()) {
      progress.accept(
          "The backfill of " + bucket + " finished before (" + at.listed() + " versions listed)");
      return at;
    }
    if (!at.keyMarker().isEmpty()) {
      progress.accept("Resuming the backfill of " + bucket + " after " + at.keyMarker());
    }
    boolean versioned = versioned();
    while (!at.done()) {
      Page page = versioned ? versionsAfter(at) : objectsAfter(at);
      if (!versioned && versioned()) {
        // versioning turned on during the run: an object listed as current may now be a version,
        // not the null version, so the page is listed again, version by version
        versioned = true;
        page = versionsAfter(at);
      }
      long written = writePage(page.listed());
      at =
          new Checkpoint(
              filters,
              page.nextKeyMarker(),
              page.nextVersionIdMarker(),
              at.listed() + page.listed().size(),
              at.written() + written,
              page.last());
      checkpoints.write(bucket, at);
      progress.accept(
          "Backfill of "
              + bucket
              + ": "
              + at.listed()
              + " versions listed, "
              + at.written()
              + " counted, "
              + (at.listed() - at.written())
              + " already tracked");
    }
    return at;
  }

  private boolean versioned() {
    return s3.getBucketVersioning(r -> r.bucket(bucket)).status() != null;
  }

  /**
   * Writes what of a page's versions the ledger does not hold, chunk by chunk; returns how many
   * that was. Each chunk is read and written in one conditioned transaction, which a commit of the
   * tracker in between cancels: the chunks shrink while that happens, down to one version, so that
   * the window between read and write fits between the tracker's commits, and grow back once they
   * get through.
   */
  private long writePage(List<BackfillPlanner.Listed> listed) {
    long written = 0;
    int from = 0;
    int size = Ledger.MAX_EVENTS_PER_APPLY;
    int failures = 0;
    long lastWritten = System.nanoTime();
    while (from < listed.size()) {
      List<BackfillPlanner.Listed> chunk =
          listed.subList(from, Math.min(listed.size(), from + size));
      OptionalInt wrote = write(chunk);
      if (wrote.isPresent()) {
        written += wrote.getAsInt();
        from += chunk.size();
        size = Math.min(Ledger.MAX_EVENTS_PER_APPLY, size * 2);
        failures = 0;
        lastWritten = System.nanoTime();
        continue;
      }
      if (System.nanoTime() - lastWritten > PATIENCE.toNanos()) {
        throw new LedgerBusyException(
            "the ledger of "
                + bucket
                + " kept changing during the backfill (no chunk got through for "
                + PATIENCE.toMinutes()
                + " minutes); run it again: it resumes where it stopped");
      }
      // the tracker committed in between: let it through, then try a smaller chunk
      size = Math.max(1, size / 2);
      pause(++failures);
    }
    return written;
  }

  /**
   * Writes what of {@code listed} the ledger does not hold, if the ledger did not change since it
   * was read; returns how many that was, or nothing when it changed.
   */
  private OptionalInt write(List<BackfillPlanner.Listed> listed) {
    BucketState state = reader.state(bucket);
    Map<String, StoredObject> stored = new HashMap<>();
    reader
        .findAll(
            listed.stream()
                .map(version -> new LedgerReader.ObjectRef(bucket, version.object()))
                .toList())
        .forEach((ref, item) -> stored.put(ObjectNames.toObjectName(ref.object()), item));
    LedgerPlan plan = BackfillPlanner.plan(bucket, state, stored, listed, clock.instant());
    if (!plan.changesAnything()) {
      return OptionalInt.of(0);
    }
    beforeWrite.run();
    return ledger.writeIfUnchanged(plan)
        ? OptionalInt.of(plan.applied().size())
        : OptionalInt.empty();
  }

  private static void pause(int attempt) {
    try {
      Thread.sleep(
          java.util.concurrent.ThreadLocalRandom.current()
              .nextLong(10, 20L * Math.min(attempt, 10)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during the backfill", e);
    }
  }

  /** One page of a listing and where the next one starts. */
  private record Page(
      List<BackfillPlanner.Listed> listed,
      String nextKeyMarker,
      String nextVersionIdMarker,
      boolean last) {}

  private Page versionsAfter(Checkpoint at) {
    ListObjectVersionsResponse response =
        s3.listObjectVersions(
            r -> {
              r.bucket(bucket).prefix(tracked.prefix());
              if (!at.keyMarker().isEmpty()) {
                r.keyMarker(at.keyMarker());
              }
              if (!at.versionIdMarker().isEmpty()) {
                r.versionIdMarker(at.versionIdMarker());
              }
            });
    List<BackfillPlanner.Listed> listed = new ArrayList<>();
    for (ObjectVersion version : response.versions()) {
      if (tracked.tracks(version.key())) {
        listed.add(
            new BackfillPlanner.Listed(
                new VersionedKey(version.key(), version.versionId()), version.size()));
      }
    }
    boolean last = !Boolean.TRUE.equals(response.isTruncated());
    return new Page(
        listed,
        last ? "" : response.nextKeyMarker(),
        last ? "" : response.nextVersionIdMarker(),
        last);
  }

  private Page objectsAfter(Checkpoint at) {
    ListObjectsV2Response response =
        s3.listObjectsV2(
            r -> {
              r.bucket(bucket).prefix(tracked.prefix());
              if (!at.keyMarker().isEmpty()) {
                r.startAfter(at.keyMarker());
              }
            });
    List<BackfillPlanner.Listed> listed = new ArrayList<>();
    String lastKey = at.keyMarker();
    for (S3Object object : response.contents()) {
      lastKey = object.key();
      if (tracked.tracks(object.key())) {
        listed.add(new BackfillPlanner.Listed(VersionedKey.of(object.key()), object.size()));
      }
    }
    boolean last = !Boolean.TRUE.equals(response.isTruncated());
    return new Page(listed, last ? "" : lastKey, "", last);
  }
}
