package io.s3clean.cleanup;

import static io.s3clean.logging.JsonLog.fields;

import io.s3clean.alarm.AlarmControl;
import io.s3clean.event.VersionedKey;
import io.s3clean.ledger.LedgerReader;
import io.s3clean.ledger.StoredObject;
import io.s3clean.logging.JsonLog;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Deletes the largest objects of one bucket until its total is below the threshold.
 *
 * <p>Three facts shape it. The alarm acts only on a transition, so a run that leaves the bucket at
 * or over the threshold (a failure, no candidates left, the {@code one} policy) re-arms the alarm:
 * its next evaluation alarms again and the cleaner runs again, once per period, while the bucket
 * stays over. Each run logs the total it leaves ({@code total_size}), which a metric filter
 * publishes, so that the metric does not fall silent while the bucket is over. And the ledger
 * learns of a deletion only when its event has passed through the pipeline, so a run that follows
 * another (a retry, a duplicate delivery) would see the old total: each candidate is therefore
 * checked in the bucket, and one already gone counts as removed instead of deleting more.
 */
public final class Cleaner {
  private final String bucket;
  private final long threshold;
  private final CleanupPolicy policy;
  private final LedgerReader ledger;
  private final ObjectStore store;
  private final CleanupNotifier notifier;
  private final AlarmControl alarm;
  private final JsonLog log;

  public Cleaner(
      String bucket,
      long threshold,
      CleanupPolicy policy,
      LedgerReader ledger,
      ObjectStore store,
      CleanupNotifier notifier,
      AlarmControl alarm,
      JsonLog log) {
    this.bucket = bucket;
    this.threshold = threshold;
    this.policy = policy;
    this.ledger = ledger;
    this.store = store;
    this.notifier = notifier;
    this.alarm = alarm;
    this.log = log;
  }

  public CleanupReport clean(AlarmTrigger trigger) {
    if (!trigger.inAlarm()) {
      long total = ledger.state(bucket).totalSize();
      return finish(
          trigger, CleanupReport.Outcome.NOT_IN_ALARM, total, total, List.of(), List.of());
    }
    Progress progress = new Progress();
    CleanupReport report;
    try {
      report = run(trigger, progress);
    } catch (RuntimeException e) {
      Map<String, Object> line =
          fields(
              "bucket",
              bucket,
              "alarm",
              trigger.alarmName(),
              "error",
              String.valueOf(e.getMessage()),
              "deleted",
              progress.deleted);
      if (progress.expected != null) {
        line.put("total_size", progress.expected);
      }
      log.error("cleanup_failed", line);
      try {
        rearm(trigger, "s3clean: the cleanup of " + bucket + " failed (" + e.getMessage() + ")");
      } catch (RuntimeException rearmFailure) {
        e.addSuppressed(rearmFailure);
      }
      throw e;
    }
    if (report.expectedTotal() >= threshold) {
      rearm(
          trigger,
          "s3clean: "
              + bucket
              + " is still at "
              + report.expectedTotal()
              + " bytes after a cleanup ("
              + report.outcome()
              + "), at or over the threshold of "
              + threshold);
    }
    return report;
  }

  /** What a run has learnt and done so far, for the log line of a run that fails part way. */
  private static final class Progress {
    Long expected;
    final List<CleanupReport.Removed> deleted = new ArrayList<>();
  }

  /** Re-arms the alarm, so that its next evaluation, still breaching, invokes the cleaner again. */
  private void rearm(AlarmTrigger trigger, String reason) {
    alarm.rearm(
        trigger.alarmName(),
        reason + "; re-armed so that the next evaluation runs the cleaner again");
    log.info("alarm_rearmed", fields("bucket", bucket, "alarm", trigger.alarmName()));
  }

  private CleanupReport run(AlarmTrigger trigger, Progress progress) {
    long total = ledger.state(bucket).totalSize();
    progress.expected = total;
    if (total < threshold) {
      return finish(
          trigger, CleanupReport.Outcome.BELOW_THRESHOLD, total, total, List.of(), List.of());
    }
    List<CleanupReport.Removed> deleted = progress.deleted;
    List<CleanupReport.Removed> alreadyRemoved = new ArrayList<>();
    Iterator<LedgerReader.SizedKey> candidates = ledger.largestFirst(bucket).iterator();
    while (progress.expected >= threshold
        && !onePolicyDone(deleted, alreadyRemoved)
        && candidates.hasNext()) {
      LedgerReader.SizedKey candidate = candidates.next();
      // The size index lags the table: only the table says whether the ledger still counts it.
      VersionedKey object = candidate.object();
      Optional<StoredObject> stored = ledger.find(bucket, object);
      if (stored.isEmpty() || !stored.get().live()) {
        continue;
      }
      long counted = stored.get().size();
      OptionalLong actual = store.sizeOf(bucket, object);
      if (actual.isEmpty()) {
        progress.expected -= counted;
        alreadyRemoved.add(new CleanupReport.Removed(object.key(), counted, object.versionId()));
        continue;
      }
      // a version by its id, never a delete marker, which would free nothing
      store.delete(bucket, object);
      // Even if the bucket holds a newer version than the ledger knows, once both events are
      // through the pipeline the ledger has lost exactly what it counts now.
      progress.expected -= counted;
      deleted.add(new CleanupReport.Removed(object.key(), actual.getAsLong(), object.versionId()));
      Map<String, Object> line =
          fields("bucket", bucket, "key", object.key(), "size", actual.getAsLong());
      if (!object.isNullVersion()) {
        line.put("version_id", object.versionId());
      }
      log.info("object_deleted", line);
    }
    long expected = progress.expected;
    CleanupReport.Outcome outcome =
        expected < threshold || onePolicyDone(deleted, alreadyRemoved)
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

  private CleanupReport finish(
      AlarmTrigger trigger,
      CleanupReport.Outcome outcome,
      long total,
      long expected,
      List<CleanupReport.Removed> deleted,
      List<CleanupReport.Removed> alreadyRemoved) {
    CleanupReport report =
        new CleanupReport(
            bucket,
            trigger.alarmName(),
            outcome,
            threshold,
            total,
            expected,
            List.copyOf(deleted),
            List.copyOf(alreadyRemoved));
    log.info(
        "cleanup_finished",
        fields(
            "bucket", bucket,
            "alarm", trigger.alarmName(),
            "alarm_state", trigger.state(),
            "outcome", outcome.name(),
            "policy", policy.configName(),
            "threshold", threshold,
            "total_before", total,
            "expected_total", expected,
            "deleted", deleted,
            "already_removed", alreadyRemoved,
            // what the bucket holds once this run's deletions are through the pipeline: the metric
            // filter on the cleaner's log group publishes it, so a bucket left over is not silent
            "total_size", expected));
    return report;
  }
}
