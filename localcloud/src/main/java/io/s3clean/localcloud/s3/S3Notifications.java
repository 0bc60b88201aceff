package io.s3clean.localcloud.s3;

import io.s3clean.engines.ObjectChangeListener;
import io.s3clean.engines.S3EventName;
import io.s3clean.event.S3EventMessages;
import io.s3clean.localcloud.fault.FaultInjector;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * S3 event notifications for the emulated buckets, which raise none themselves: every committed
 * put, copy or delete, whatever client made it, becomes an S3 event record in AWS's shape, sent to
 * the topics whose rules match. Delivery is asynchronous, as on AWS: the request has long returned.
 * With a {@link FaultInjector} some notifications are delivered twice or held back until later ones
 * of the same key have gone out, as S3's at-least-once, unordered delivery allows.
 */
public final class S3Notifications implements ObjectChangeListener, AutoCloseable {
  private static final String SUBJECT = "Amazon S3 Notification";

  private final String region;
  private final Clock clock;
  private final Publisher publisher;
  private final Map<String, List<TopicNotification>> configurations = new ConcurrentHashMap<>();
  private final AtomicLong lastSequencer = new AtomicLong();
  private final ExecutorService delivery =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread thread = new Thread(r, "s3-notifications");
            thread.setDaemon(true);
            return thread;
          });

  /**
   * Notifications in raise order, waiting for the delivery thread, which hands them on in batches.
   */
  private final LinkedBlockingQueue<Pending> pending = new LinkedBlockingQueue<>();

  /** Copies waiting out their hold time; {@link #drain} waits for them too. */
  private final ScheduledExecutorService held =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "s3-notifications-held");
            thread.setDaemon(true);
            return thread;
          });

  private final AtomicInteger holding = new AtomicInteger();
  private final BiConsumer<String, Throwable> onFailure;
  private final FaultInjector faults;
  private final List<Consumer<S3EventMessages.Change>> raisedListeners =
      new CopyOnWriteArrayList<>();
  private final List<Consumer<S3EventMessages.Change>> notifiedListeners =
      new CopyOnWriteArrayList<>();

  /** Where notifications go: an SNS topic's publish. */
  @FunctionalInterface
  public interface Publisher {
    void publish(String topicArn, String subject, String message);

    /** Several notifications for one topic, in order, as SNS's PublishBatch takes up to 10. */
    default void publishBatch(String topicArn, String subject, List<String> messages) {
      messages.forEach(message -> publish(topicArn, subject, message));
    }
  }

  /** Most notifications handed to a topic in one call, as SNS's PublishBatch. */
  private static final int BATCH = 10;

  private record Pending(String topicArn, String message, Runnable delivered) {}

  public S3Notifications(
      String region, Clock clock, Publisher publisher, BiConsumer<String, Throwable> onFailure) {
    this(region, clock, publisher, onFailure, FaultInjector.NONE);
  }

  public S3Notifications(
      String region,
      Clock clock,
      Publisher publisher,
      BiConsumer<String, Throwable> onFailure,
      FaultInjector faults) {
    this.region = region;
    this.clock = clock;
    this.publisher = publisher;
    this.onFailure = onFailure;
    this.faults = faults;
  }

  /**
   * Applies a bucket's notification configuration; like S3, sends each destination a test event.
   */
  public void configure(String bucket, List<TopicNotification> notifications) {
    configurations.put(bucket, List.copyOf(notifications));
    Set<String> topics = new LinkedHashSet<>();
    notifications.forEach(n -> topics.add(n.topicArn()));
    String testEvent = S3EventMessages.testEvent(bucket, clock.instant());
    topics.forEach(topic -> deliver(topic, testEvent));
  }

  /**
   * Applies a configuration kept from an earlier run, as it stood: no test event, which S3 sends
   * only when a configuration is set.
   */
  public void restore(String bucket, List<TopicNotification> notifications) {
    configurations.put(bucket, List.copyOf(notifications));
  }

  /** Forgets a deleted bucket's configuration, as S3 does with the bucket. */
  public void bucketDeleted(String bucket) {
    configurations.remove(bucket);
  }

  /** A bucket's notification configuration, empty for none. */
  public List<TopicNotification> configuration(String bucket) {
    return configurations.getOrDefault(bucket, List.of());
  }

  /**
   * Hears every event notification as S3 raises it, on the request's thread, before delivery and
   * before any injected fault: the record an audit of the pipeline starts from.
   */
  public void addRaisedListener(Consumer<S3EventMessages.Change> listener) {
    raisedListeners.add(listener);
  }

  /**
   * Hears each event a configuration of its bucket matches (its prefix, suffix and event type),
   * once however many topics it goes to: an event S3 notifies, as a meter counts them.
   */
  public void addNotifiedListener(Consumer<S3EventMessages.Change> listener) {
    notifiedListeners.add(listener);
  }

  @Override
  public void onObjectCreated(
      String bucket, String key, long size, String eTag, S3EventName eventName, String versionId) {
    raise(bucket, key, eventName, size, eTag, versionId);
  }

  @Override
  public void onObjectRemoved(String bucket, String key, S3EventName eventName, String versionId) {
    raise(bucket, key, eventName, null, null, versionId);
  }

  private void raise(
      String bucket, String key, S3EventName eventName, Long size, String eTag, String versionId) {
    List<TopicNotification> notifications = configurations.getOrDefault(bucket, List.of());
    if (notifications.isEmpty()) {
      return;
    }
    // Taken on the request thread, so the order of sequencers is the order S3 committed the
    // changes.
    String sequencer = nextSequencer();
    S3EventMessages.Change change =
        new S3EventMessages.Change(
            region,
            bucket,
            key,
            eventName.awsName(),
            size,
            eTag,
            sequencer,
            clock.instant(),
            versionId);
    raisedListeners.forEach(listener -> listener.accept(change));
    String event = S3EventMessages.s3Event(change);
    Set<String> topics = new LinkedHashSet<>();
    notifications.stream()
        .filter(n -> n.matches(key, eventName.awsName()))
        .forEach(n -> topics.add(n.topicArn()));
    if (topics.isEmpty()) {
      return;
    }
    notifiedListeners.forEach(listener -> listener.accept(change));
    for (Duration hold : faults.s3Deliveries()) {
      Runnable publish =
          () ->
              topics.forEach(
                  topic -> deliver(topic, event, () -> faults.published(bucket, key, sequencer)));
      if (hold.isZero()) {
        publish.run();
      } else {
        holding.incrementAndGet();
        held.schedule(
            () -> {
              publish.run();
              holding.decrementAndGet();
            },
            hold.toNanos(),
            TimeUnit.NANOSECONDS);
      }
    }
  }

  /**
   * Hex of a strictly increasing number, so every key's sequencers increase too, across restarts.
   */
  private String nextSequencer() {
    long micros = System.currentTimeMillis() * 1000;
    long next = lastSequencer.updateAndGet(last -> Math.max(last + 1, micros));
    return String.format("%016X", next);
  }

  private void deliver(String topicArn, String message) {
    deliver(topicArn, message, () -> {});
  }

  /**
   * Queues a notification; the delivery thread takes whatever is waiting, in order, up to {@value
   * #BATCH} at a time, so a backlog costs one SNS call per batch rather than per event.
   */
  private void deliver(String topicArn, String message, Runnable delivered) {
    pending.add(new Pending(topicArn, message, delivered));
    delivery.execute(this::publishWaiting);
  }

  private void publishWaiting() {
    List<Pending> batch = new ArrayList<>(BATCH);
    pending.drainTo(batch, BATCH);
    int from = 0;
    while (from < batch.size()) {
      String topicArn = batch.get(from).topicArn();
      int to = from;
      while (to < batch.size() && batch.get(to).topicArn().equals(topicArn)) {
        to++;
      }
      List<Pending> group = batch.subList(from, to);
      try {
        publisher.publishBatch(topicArn, SUBJECT, group.stream().map(Pending::message).toList());
        group.forEach(p -> p.delivered().run());
      } catch (RuntimeException e) {
        onFailure.accept("S3 notification to " + topicArn + " failed", e);
      }
      from = to;
    }
  }

  /**
   * Waits until every notification raised so far, held-back copies included, has been handed to its
   * topic.
   */
  public void drain() {
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (holding.get() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      // Every queued notification has a publishWaiting task at or before this one.
      delivery.submit(() -> {}).get(5, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("S3 notifications did not drain", e);
    }
  }

  @Override
  public void close() {
    held.shutdown();
    delivery.shutdown();
    try {
      delivery.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
