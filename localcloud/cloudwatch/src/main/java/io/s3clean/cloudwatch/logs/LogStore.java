package io.s3clean.cloudwatch.logs;

import java.nio.charset.StandardCharsets;
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
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * CloudWatch Logs for the embedded cloud: log groups of log streams of events stamped by the
 * simulation clock. Listeners see every appended event in this process (metric filters and Embedded
 * Metric Format hook in there); {@link #read} and {@link #follow} also work from another process on
 * the same directory.
 */
public final class LogStore implements AutoCloseable {
  private static final Comparator<LogEvent> BY_TIME = Comparator.comparing(LogEvent::timestamp);

  private final LogStorage storage;
  private final Clock clock;
  private final List<Consumer<LogEvent>> listeners = new CopyOnWriteArrayList<>();
  private final List<Follower> followers = new CopyOnWriteArrayList<>();

  /**
   * When groups ("group") and streams ("group\nstream") were created, as far as this object saw.
   */
  private final Map<String, Instant> created = new ConcurrentHashMap<>();

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
    created.putIfAbsent(logGroup, now());
  }

  /** CreateLogStream: an empty stream in a group, which is created if need be. */
  public void createLogStream(String logGroup, String logStream) {
    storage.createStream(requireName(logGroup, "log group"), requireName(logStream, "log stream"));
    created.putIfAbsent(logGroup, now());
    created.putIfAbsent(streamKey(logGroup, logStream), now());
  }

  public boolean hasLogGroup(String logGroup) {
    return storage.groups().contains(logGroup);
  }

  public boolean hasLogStream(String logGroup, String logStream) {
    return storage.streams(logGroup).contains(logStream);
  }

  /**
   * DeleteLogGroup: the group, its streams and their events are gone.
   *
   * @return false when there was no such group
   */
  public boolean deleteLogGroup(String logGroup) {
    created.keySet().removeIf(key -> key.equals(logGroup) || key.startsWith(logGroup + "\n"));
    return storage.deleteGroup(logGroup);
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
    return store(event);
  }

  /**
   * PutLogEvents: appends an event stamped by its writer ({@code timestamp}, to the millisecond),
   * ingested at the clock's time. Listeners (metric filters) see it as any other event.
   */
  public LogEvent put(String logGroup, String logStream, Instant timestamp, String message) {
    return store(
        new LogEvent(
            requireName(logGroup, "log group"),
            requireName(logStream, "log stream"),
            timestamp.truncatedTo(ChronoUnit.MILLIS),
            Objects.requireNonNull(message, "message"),
            now()));
  }

  private LogEvent store(LogEvent event) {
    created.putIfAbsent(event.logGroup(), event.ingestionTime());
    created.putIfAbsent(streamKey(event.logGroup(), event.logStream()), event.ingestionTime());
    storage.append(event);
    for (Consumer<LogEvent> listener : listeners) {
      listener.accept(event);
    }
    return event;
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private static String streamKey(String logGroup, String logStream) {
    return logGroup + "\n" + logStream;
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

  /** A stream's events in time order; events with equal timestamps stay in the order written. */
  public List<LogEvent> events(String logGroup, String logStream) {
    List<LogEvent> events = new ArrayList<>(storage.readFrom(logGroup, logStream, 0).events());
    events.sort(BY_TIME);
    return events;
  }

  /**
   * What DescribeLogGroups says of a group: when it was created and the bytes of its messages. A
   * group this object did not see created (another process wrote it) dates from its first event.
   */
  public record LogGroupInfo(String name, Instant creationTime, long storedBytes) {}

  /**
   * What DescribeLogStreams says of a stream; the event times are null for an empty stream.
   * storedBytes counts the stream's message bytes (AWS has reported zero since 2019).
   */
  public record LogStreamInfo(
      String name,
      Instant creationTime,
      Instant firstEventTimestamp,
      Instant lastEventTimestamp,
      Instant lastIngestionTime,
      long storedBytes) {}

  public Optional<LogGroupInfo> describeLogGroup(String logGroup) {
    if (!hasLogGroup(logGroup)) {
      return Optional.empty();
    }
    long bytes = 0;
    Instant first = null;
    for (LogStreamInfo stream : describeLogStreams(logGroup)) {
      bytes += stream.storedBytes();
      if (first == null || stream.creationTime().isBefore(first)) {
        first = stream.creationTime();
      }
    }
    Instant creation = created.getOrDefault(logGroup, first == null ? now() : first);
    return Optional.of(new LogGroupInfo(logGroup, creation, bytes));
  }

  /** The group's streams, by name; empty when there is no such group. */
  public List<LogStreamInfo> describeLogStreams(String logGroup) {
    List<LogStreamInfo> streams = new ArrayList<>();
    for (String stream : storage.streams(logGroup)) {
      Instant first = null;
      Instant last = null;
      Instant ingested = null;
      long bytes = 0;
      for (LogEvent event : storage.readFrom(logGroup, stream, 0).events()) {
        first = first == null || event.timestamp().isBefore(first) ? event.timestamp() : first;
        last = last == null || event.timestamp().isAfter(last) ? event.timestamp() : last;
        ingested =
            ingested == null || event.ingestionTime().isAfter(ingested)
                ? event.ingestionTime()
                : ingested;
        bytes += event.message().getBytes(StandardCharsets.UTF_8).length;
      }
      Instant creation =
          created.getOrDefault(streamKey(logGroup, stream), first == null ? now() : first);
      streams.add(new LogStreamInfo(stream, creation, first, last, ingested, bytes));
    }
    streams.sort(Comparator.comparing(LogStreamInfo::name));
    return streams;
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
   * Like {@code aws logs tail --follow}: hands {@code sink} the events already there, then new ones
   * as they are written (also by another process), polling every {@code pollInterval} of real time
   * until the returned follower is closed.
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
        LogStorage.Chunk chunk =
            storage.readFrom(logGroup, stream, positions.getOrDefault(stream, 0L));
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
