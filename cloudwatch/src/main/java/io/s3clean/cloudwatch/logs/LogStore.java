package io.s3clean.cloudwatch.logs;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * CloudWatch Logs for the embedded cloud: log groups of log streams of events stamped by the
 * simulation clock. Listeners see every appended event in this process (metric filters and
 * Embedded Metric Format hook in there); {@link #read} and {@link #follow} also work from another
 * process on the same directory.
 */
public final class LogStore implements AutoCloseable {
  private static final Comparator<LogEvent> BY_TIME = Comparator.comparing(LogEvent::timestamp);

  private final LogStorage storage;
  private final Clock clock;
  private final List<Consumer<LogEvent>> listeners = new CopyOnWriteArrayList<>();
  private final List<Follower> followers = new CopyOnWriteArrayList<>();

  private LogStore(LogStorage storage, Clock clock) {
    this.storage = storage;
    this.clock = clock;
  }

  /** Logs that live as long as this object. */
  public static LogStore inMemory(Clock clock) {
    return new LogStore(new MemoryLogStorage(), clock);
  }

  /** Logs kept as JSON lines under {@code directory}, one file per stream. */
  public static LogStore open(Path directory, Clock clock) {
    return new LogStore(new FileLogStorage(directory), clock);
  }

  public void createLogGroup(String logGroup) {
    storage.createGroup(requireName(logGroup, "log group"));
  }

  /**
   * Appends {@code message} to a stream, creating the group and stream as Lambda does on first
   * write, with the clock's time (to the millisecond, as CloudWatch Logs keeps it).
   */
  public LogEvent append(String logGroup, String logStream, String message) {
    LogEvent event =
        new LogEvent(
            requireName(logGroup, "log group"),
            requireName(logStream, "log stream"),
            clock.instant().truncatedTo(ChronoUnit.MILLIS),
            Objects.requireNonNull(message, "message"));
    storage.append(event);
    for (Consumer<LogEvent> listener : listeners) {
      listener.accept(event);
    }
    return event;
  }

  /** Calls {@code listener} with every event appended from now on, in the appending thread. */
  public Subscription addListener(Consumer<LogEvent> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  public List<String> logGroups() {
    return storage.groups();
  }

  public List<String> logStreams(String logGroup) {
    return storage.streams(logGroup);
  }

  /** The group's events at or after {@code since} whose message passes {@code filter}, by time. */
  public List<LogEvent> read(String logGroup, Instant since, Predicate<String> filter) {
    List<LogEvent> events = new ArrayList<>();
    for (String stream : storage.streams(logGroup)) {
      for (LogEvent event : storage.readFrom(logGroup, stream, 0).events()) {
        if (!event.timestamp().isBefore(since) && filter.test(event.message())) {
          events.add(event);
        }
      }
    }
    events.sort(BY_TIME);
    return events;
  }

  /**
   * Like {@code aws logs tail --follow}: hands {@code sink} the events already there, then new
   * ones as they are written (also by another process), polling every {@code pollInterval} of
   * real time until the returned follower is closed.
   */
  public Follower follow(
      String logGroup,
      Instant since,
      Predicate<String> filter,
      Consumer<LogEvent> sink,
      Duration pollInterval) {
    Follower follower = new Follower(logGroup, since, filter, sink, pollInterval);
    followers.add(follower);
    follower.thread.start();
    return follower;
  }

  /** A running {@link #follow}. */
  public final class Follower implements AutoCloseable {
    private final String logGroup;
    private final Instant since;
    private final Predicate<String> filter;
    private final Consumer<LogEvent> sink;
    private final Duration pollInterval;
    private final Map<String, Long> positions = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    private Follower(
        String logGroup,
        Instant since,
        Predicate<String> filter,
        Consumer<LogEvent> sink,
        Duration pollInterval) {
      this.logGroup = logGroup;
      this.since = since;
      this.filter = filter;
      this.sink = sink;
      this.pollInterval = pollInterval;
      this.thread = new Thread(this::run, "logs-follow " + logGroup);
      thread.setDaemon(true);
    }

    private void run() {
      while (running) {
        poll();
        try {
          Thread.sleep(pollInterval.toMillis());
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    private void poll() {
      List<LogEvent> fresh = new ArrayList<>();
      for (String stream : storage.streams(logGroup)) {
        LogStorage.Chunk chunk = storage.readFrom(logGroup, stream, positions.getOrDefault(stream,
            0L));
        positions.put(stream, chunk.next());
        for (LogEvent event : chunk.events()) {
          if (!event.timestamp().isBefore(since) && filter.test(event.message())) {
            fresh.add(event);
          }
        }
      }
      fresh.sort(BY_TIME);
      fresh.forEach(sink);
    }

    @Override
    public void close() {
      running = false;
      thread.interrupt();
      followers.remove(this);
    }
  }

  @Override
  public void close() {
    followers.forEach(Follower::close);
    storage.close();
  }

  private static String requireName(String name, String what) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("a " + what + " needs a name");
    }
    return name;
  }
}
