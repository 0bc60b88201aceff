package io.s3clean.tracking;

import static io.s3clean.logging.JsonLog.fields;

import io.s3clean.alarm.ThresholdWatch;
import io.s3clean.event.MessageParser;
import io.s3clean.event.ObjectEvent;
import io.s3clean.event.ParsedBatch;
import io.s3clean.event.QueueMessage;
import io.s3clean.ledger.AppliedEvent;
import io.s3clean.ledger.Ledger;
import io.s3clean.ledger.LedgerPlan;
import io.s3clean.ledger.LedgerUnavailableException;
import io.s3clean.ledger.SkippedEvent;
import io.s3clean.logging.JsonLog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Applies a batch of tracking-queue messages to the ledger. Events are grouped per bucket and
 * applied in as few transactions as fit; a group that cannot be recorded fails only its own
 * messages, which the queue delivers again (applying them twice is harmless).
 */
public final class SizeTracker {
  private final MessageParser parser;
  private final Ledger ledger;
  private final JsonLog log;
  private final int eventsPerApply;
  private final TotalSizeMetric metric;
  private final ThresholdWatch watch;

  public SizeTracker(Ledger ledger, JsonLog log, TotalSizeMetric metric, ThresholdWatch watch) {
    this(ledger, log, metric, watch, Ledger.MAX_EVENTS_PER_APPLY);
  }

  /**
   * @param eventsPerApply how many events share one transaction; 1 is the per-event baseline
   */
  public SizeTracker(
      Ledger ledger,
      JsonLog log,
      TotalSizeMetric metric,
      ThresholdWatch watch,
      int eventsPerApply) {
    if (eventsPerApply < 1 || eventsPerApply > Ledger.MAX_EVENTS_PER_APPLY) {
      throw new IllegalArgumentException(
          "eventsPerApply must be 1.." + Ledger.MAX_EVENTS_PER_APPLY);
    }
    this.parser = new MessageParser();
    this.ledger = ledger;
    this.log = log;
    this.eventsPerApply = eventsPerApply;
    this.metric = metric;
    this.watch = watch;
  }

  /**
   * @return the ids of the messages to deliver again
   */
  public Set<String> track(List<QueueMessage> messages) {
    ParsedBatch batch = ParsedBatch.parse(messages, parser, log);
    Set<String> failed = new LinkedHashSet<>(batch.failedMessageIds());
    for (Group group : groups(batch.parsed())) {
      if (failed.containsAll(group.messageIds)) {
        continue;
      }
      try {
        LedgerPlan plan = ledger.apply(group.bucket, group.events);
        report(plan);
        watchThreshold(group.bucket, plan);
      } catch (LedgerUnavailableException e) {
        log.error(
            "ledger_unavailable",
            fields(
                "bucket", group.bucket, "message_ids", group.messageIds, "error", e.getMessage()));
        failed.addAll(group.messageIds);
      }
    }
    return failed;
  }

  private void watchThreshold(String bucket, LedgerPlan plan) {
    List<AppliedEvent> applied = plan.applied();
    if (!applied.isEmpty()) {
      boolean grew = applied.stream().anyMatch(a -> a.sizeDelta() > 0);
      watch.changed(bucket, grew, applied.get(applied.size() - 1).totalSize(), log);
    }
  }

  private void report(LedgerPlan plan) {
    for (AppliedEvent applied : plan.applied()) {
      ObjectEvent event = applied.event();
      Map<String, Object> line =
          fields(
              "bucket", event.bucket(),
              "key", event.key(),
              "event_type", event.eventName(),
              "sequencer", event.sequencer().normalized(),
              "size_delta", applied.sizeDelta(),
              "total_size", applied.totalSize(),
              "seq", applied.seq());
      if (event.versionId() != null) {
        line.put("version_id", event.versionId());
      }
      line.putAll(metric.fields(applied));
      log.info("size_tracked", line);
    }
    for (SkippedEvent skipped : plan.skipped()) {
      ObjectEvent event = skipped.event();
      Map<String, Object> line =
          fields(
              "bucket", event.bucket(),
              "key", event.key(),
              "event_type", event.eventName(),
              "reason", skipped.reason().name().toLowerCase(Locale.ROOT),
              "sequencer", event.sequencer().normalized(),
              "stored_sequencer", skipped.storedSequencer().normalized());
      if (event.versionId() != null) {
        line.put("version_id", event.versionId());
      }
      log.info("event_skipped", line);
    }
  }

  /**
   * One ledger apply: events of one bucket, never splitting a message unless it alone is too big.
   */
  private record Group(String bucket, List<ObjectEvent> events, Set<String> messageIds) {}

  private List<Group> groups(List<ParsedBatch.Parsed> parsed) {
    Map<String, List<Group>> byBucket = new LinkedHashMap<>();
    for (ParsedBatch.Parsed message : parsed) {
      for (ObjectEvent event : message.events()) {
        List<Group> groups = byBucket.computeIfAbsent(event.bucket(), b -> new ArrayList<>());
        Group last = groups.isEmpty() ? null : groups.get(groups.size() - 1);
        boolean startNew =
            last == null
                || (last.events.size() >= eventsPerApply)
                || (!last.messageIds.contains(message.messageId())
                    && last.events.size() + countFor(message, event.bucket()) > eventsPerApply);
        if (startNew) {
          last = new Group(event.bucket(), new ArrayList<>(), new LinkedHashSet<>());
          groups.add(last);
        }
        last.events.add(event);
        last.messageIds.add(message.messageId());
      }
    }
    List<Group> all = new ArrayList<>();
    byBucket.values().forEach(all::addAll);
    return all;
  }

  private static long countFor(ParsedBatch.Parsed message, String bucket) {
    return message.events().stream().filter(e -> e.bucket().equals(bucket)).count();
  }
}
