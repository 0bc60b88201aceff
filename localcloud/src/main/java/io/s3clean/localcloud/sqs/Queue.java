package io.s3clean.localcloud.sqs;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.locks.Condition;

/**
 * One standard queue's state, changed only under the engine's lock. Messages are kept by id in the
 * order they were sent; those that can be received wait in {@code ready}, delayed or in-flight ones
 * in {@code schedule} by the time they become visible, and all of them in {@code byAge} by the time
 * they were sent, the order their retention runs out in.
 */
final class Queue {
  final String name;
  final String arn;
  final long createdSeconds;
  long lastModifiedSeconds;
  private Map<String, String> settings;

  /** What every send and receive reads of the settings, parsed once when they change. */
  int visibilityTimeout;

  int delaySeconds;
  int retentionSeconds;
  int maximumMessageSize;
  int receiveWaitSeconds;

  /** null without a redrive policy */
  QueueSettings.Redrive redrive;

  final Map<String, String> tags = new TreeMap<>();

  /** Signalled when a message may have become receivable, so long polls look again. */
  final Condition arrived;

  final LinkedHashMap<String, StoredMessage> messages = new LinkedHashMap<>();
  private final ArrayDeque<StoredMessage> ready = new ArrayDeque<>();
  private final PriorityQueue<Scheduled> schedule =
      new PriorityQueue<>((a, b) -> Long.compare(a.visibleAtMillis, b.visibleAtMillis));

  /** Every message by its sent time, the order retention ends in (moved ones keep theirs). */
  private PriorityQueue<StoredMessage> byAge = new PriorityQueue<>(Queue::olderFirst);

  long lastPurgeMillis = Long.MIN_VALUE;

  private record Scheduled(long visibleAtMillis, StoredMessage message, long version) {}

  Queue(
      String name,
      String arn,
      long createdSeconds,
      Map<String, String> settings,
      Condition arrived) {
    this.name = name;
    this.arn = arn;
    this.createdSeconds = createdSeconds;
    this.lastModifiedSeconds = createdSeconds;
    this.arrived = arrived;
    settings(settings);
  }

  /** The settable attributes as they were given. */
  Map<String, String> settings() {
    return settings;
  }

  /** Replaces the settable attributes (checked already) and what is read of them. */
  void settings(Map<String, String> given) {
    settings = given;
    visibilityTimeout = number("VisibilityTimeout");
    delaySeconds = number("DelaySeconds");
    retentionSeconds = number("MessageRetentionPeriod");
    maximumMessageSize = number("MaximumMessageSize");
    receiveWaitSeconds = number("ReceiveMessageWaitTimeSeconds");
    redrive = QueueSettings.redrive(given.get("RedrivePolicy"));
  }

  private int number(String name) {
    return Integer.parseInt(settings.get(name).strip());
  }

  /** Adds a message, receivable at its {@code visibleAtMillis}. */
  void add(StoredMessage message, long nowMillis) {
    keep(message);
    place(message, nowMillis);
  }

  /**
   * Adds a message read back from the log, replacing one of the same id (a record replayed twice),
   * and places it nowhere yet: a replay changes a message's state many times, and each place would
   * leave it once more in the ready line. {@link #placeAll} follows the replay.
   */
  void restore(StoredMessage message) {
    remove(message.id);
    keep(message);
  }

  private void keep(StoredMessage message) {
    messages.put(message.id, message);
    byAge.add(message);
  }

  /** After a replay: every message where its state says, once. */
  void placeAll(long nowMillis) {
    messages.values().forEach(message -> place(message, nowMillis));
  }

  private static int olderFirst(StoredMessage a, StoredMessage b) {
    return Long.compare(a.sentMillis, b.sentMillis);
  }

  /** Puts a message where its state says: ready, or scheduled for when it becomes visible. */
  void place(StoredMessage message, long nowMillis) {
    message.version++;
    if (message.visibleAtMillis <= nowMillis) {
      ready.add(message);
    } else {
      schedule.add(new Scheduled(message.visibleAtMillis, message, message.version));
    }
  }

  /** The next message that can be received now, taken out of the ready line, or null. */
  StoredMessage nextReceivable(long nowMillis) {
    reveal(nowMillis);
    StoredMessage message;
    while ((message = ready.poll()) != null) {
      if (!message.gone && message.visibleAtMillis <= nowMillis) {
        return message;
      }
    }
    return null;
  }

  /** Milliseconds until the next scheduled message becomes visible, or Long.MAX_VALUE. */
  long untilNextVisible(long nowMillis) {
    Scheduled next;
    while ((next = schedule.peek()) != null && next.version != next.message.version) {
      schedule.poll();
    }
    return next == null ? Long.MAX_VALUE : Math.max(0, next.visibleAtMillis - nowMillis);
  }

  private void reveal(long nowMillis) {
    Scheduled next;
    while ((next = schedule.peek()) != null && next.visibleAtMillis <= nowMillis) {
      schedule.poll();
      if (next.version == next.message.version && !next.message.gone) {
        ready.add(next.message);
      }
    }
  }

  /** Removes a message, wherever it waits. */
  StoredMessage remove(String id) {
    StoredMessage message = messages.remove(id);
    if (message != null) {
      message.gone = true;
    }
    return message;
  }

  /** Removes what has outlived the retention period, oldest first. */
  void expire(long nowMillis, java.util.function.Consumer<StoredMessage> removed) {
    long oldest = nowMillis - retentionSeconds * 1000L;
    StoredMessage message;
    while ((message = byAge.peek()) != null && message.sentMillis <= oldest) {
      byAge.poll();
      if (!message.gone && messages.get(message.id) == message) {
        remove(message.id);
        removed.accept(message);
      }
    }
    // deleted messages wait in the heap until their retention ends: drop them once they are most of
    // it
    if (byAge.size() > 64 + 2 * messages.size()) {
      PriorityQueue<StoredMessage> live = new PriorityQueue<>(Queue::olderFirst);
      live.addAll(messages.values());
      byAge = live;
    }
  }

  void clear() {
    messages.values().forEach(m -> m.gone = true);
    messages.clear();
    ready.clear();
    schedule.clear();
    byAge.clear();
  }
}
