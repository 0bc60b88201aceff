package io.s3clean.cleanup;

import static io.s3clean.logging.JsonLog.fields;

import io.s3clean.ledger.LedgerReader;
import io.s3clean.ledger.StoredObject;
import io.s3clean.logging.JsonLog;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Deletes the largest objects of one bucket until its total is below the threshold.
 *
 * <p>Two facts shape it. The alarm acts only on a transition, so one run must finish the job. And
 * the ledger learns of a deletion only when its event has passed through the pipeline, so a run
 * that follows another (a retry, a duplicate delivery) would see the old total: each candidate is
 * therefore checked in the bucket, and one already gone counts as removed instead of deleting more.
 */
public final class Cleaner {
  private final String bucket;
  private final long threshold;
  private final CleanupPolicy policy;
  private final LedgerReader ledger;
  private final ObjectStore store;
  private final CleanupNotifier notifier;
  private final JsonLog log;

  public Cleaner(String bucket, long threshold, CleanupPolicy policy, LedgerReader ledger,
      ObjectStore store, CleanupNotifier notifier, JsonLog log) {
    this.bucket = bucket;
    this.threshold = threshold;
    this.policy = policy;
    this.ledger = ledger;
    this.store = store;
    this.notifier = notifier;
    this.log = log;
  }

  public CleanupReport clean(AlarmTrigger trigger) {
    long total = ledger.state(bucket).totalSize();
    if (!trigger.inAlarm()) {
      return finish(trigger, CleanupReport.Outcome.NOT_IN_ALARM, total, total, List.of(), List.of());
    }
    if (total < threshold) {
      return finish(trigger, CleanupReport.Outcome.BELOW_THRESHOLD, total, total, List.of(), List.of());
    }
    long expected = total;
    List<CleanupReport.Removed> deleted = new ArrayList<>();
    List<CleanupReport.Removed> alreadyRemoved = new ArrayList<>();
    Iterator<LedgerReader.SizedKey> candidates = ledger.largestFirst(bucket).iterator();
    while (expected >= threshold && !onePolicyDone(deleted, alreadyRemoved) && candidates.hasNext()) {
      LedgerReader.SizedKey candidate = candidates.next();
      // The size index lags the table: only the table says whether the ledger still counts it.
      Optional<StoredObject> stored = ledger.find(bucket, candidate.key());
      if (stored.isEmpty() || !stored.get().live()) {
        continue;
      }
      long counted = stored.get().size();
      OptionalLong actual = store.sizeOf(bucket, candidate.key());
      if (actual.isEmpty()) {
        expected -= counted;
        alreadyRemoved.add(new CleanupReport.Removed(candidate.key(), counted));
        continue;
      }
      store.delete(bucket, candidate.key());
      // Even if the bucket holds a newer version than the ledger knows, once both events are
      // through the pipeline the ledger has lost exactly what it counts now.
      expected -= counted;
      deleted.add(new CleanupReport.Removed(candidate.key(), actual.getAsLong()));
      log.info("object_deleted", fields("bucket", bucket, "key", candidate.key(), "size", actual.getAsLong()));
    }
    CleanupReport.Outcome outcome = expected < threshold || onePolicyDone(deleted, alreadyRemoved)
        ? CleanupReport.Outcome.CLEANED
        : CleanupReport.Outcome.NO_MORE_CANDIDATES;
    CleanupReport report = finish(trigger, outcome, total, expected, deleted, alreadyRemoved);
    if (!deleted.isEmpty()) {
      notifier.cleaned(report);
    }
    return report;
  }

  private boolean onePolicyDone(List<?> deleted, List<?> alreadyRemoved) {
    return policy == CleanupPolicy.ONE && !(deleted.isEmpty() && alreadyRemoved.isEmpty());
  }

  private CleanupReport finish(AlarmTrigger trigger, CleanupReport.Outcome outcome, long total, long expected,
      List<CleanupReport.Removed> deleted, List<CleanupReport.Removed> alreadyRemoved) {
    CleanupReport report = new CleanupReport(bucket, trigger.alarmName(), outcome, threshold, total, expected,
        List.copyOf(deleted), List.copyOf(alreadyRemoved));
    log.info("cleanup_finished", fields(
        "bucket", bucket,
        "alarm", trigger.alarmName(),
        "alarm_state", trigger.state(),
        "outcome", outcome.name(),
        "policy", policy.configName(),
        "threshold", threshold,
        "total_before", total,
        "expected_total", expected,
        "deleted", deleted,
        "already_removed", alreadyRemoved));
    return report;
  }
}
