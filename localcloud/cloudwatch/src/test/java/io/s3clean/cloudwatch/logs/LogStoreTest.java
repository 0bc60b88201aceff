package io.s3clean.cloudwatch.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3clean.clock.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LogStoreTest {
  private static final Instant START = Instant.parse("2026-11-23T10:15:00.123456Z");
  private static final String GROUP = "/aws/lambda/size-tracking";
  private static final String STREAM = "2026/11/23/[$LATEST]0123456789abcdef0123456789abcdef";

  @TempDir Path dataDirectory;
  private final ManualClock clock = new ManualClock(START);

  private LogStore store(String kind) {
    return kind.equals("memory") ? LogStore.inMemory(clock) : LogStore.open(dataDirectory, clock);
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "files"})
  void eventsCarryTheClocksTimeToTheMillisecondAndReadBackInTimeOrder(String kind) {
    // given
    try (LogStore store = store(kind)) {
      store.append(GROUP, STREAM, "first");
      clock.advance(Duration.ofSeconds(30));
      store.append(GROUP, "other-stream", "second");
      clock.advance(Duration.ofSeconds(30));
      store.append(GROUP, STREAM, "third");

      // when
      List<LogEvent> events = store.read(GROUP, Instant.EPOCH, message -> true);

      // then
      assertThat(events).extracting(LogEvent::message).containsExactly("first", "second", "third");
      assertThat(events.get(0).timestamp()).isEqualTo(Instant.parse("2026-11-23T10:15:00.123Z"));
      assertThat(store.logGroups()).containsExactly(GROUP);
      assertThat(store.logStreams(GROUP)).containsExactlyInAnyOrder(STREAM, "other-stream");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "files"})
  void readsFromAnInstantThroughAFilter(String kind) {
    try (LogStore store = store(kind)) {
      store.append(GROUP, STREAM, "ERROR early");
      clock.advance(Duration.ofMinutes(1));
      store.append(GROUP, STREAM, "ERROR late");
      store.append(GROUP, STREAM, "INFO late");

      List<LogEvent> events =
          store.read(GROUP, START.plusSeconds(59), message -> message.startsWith("ERROR"));

      assertThat(events).extracting(LogEvent::message).containsExactly("ERROR late");
    }
  }

  @Test
  void listenersSeeEveryAppendedEventUntilUnsubscribed() {
    try (LogStore store = LogStore.inMemory(clock)) {
      List<String> seen = new ArrayList<>();
      Subscription subscription = store.addListener(event -> seen.add(event.message()));

      store.append(GROUP, STREAM, "one");
      subscription.close();
      store.append(GROUP, STREAM, "two");

      assertThat(seen).containsExactly("one");
    }
  }

  @Test
  void anotherProcessReadsAndFollowsTheFilesWhileTheyAreWritten() throws Exception {
    // given: a writer and an independent reader on the same directory, like the CLI's `logs -f`
    try (LogStore writer = LogStore.open(dataDirectory, clock);
        LogStore reader = LogStore.open(dataDirectory, clock)) {
      writer.append(GROUP, STREAM, "{\"total_size\":18}");
      List<String> followed = new CopyOnWriteArrayList<>();

      // when
      LogStore.Follower follower =
          reader.follow(
              GROUP,
              Instant.EPOCH,
              m -> true,
              e -> followed.add(e.message()),
              Duration.ofMillis(10));
      try {
        writer.append(GROUP, STREAM, "{\"total_size\":46}");
        writer.append(GROUP, "2026/11/23/[$LATEST]ffff", "new stream");

        // then
        awaitSize(followed, 3);
      } finally {
        follower.close();
      }
      assertThat(followed)
          .containsExactlyInAnyOrder("{\"total_size\":18}", "{\"total_size\":46}", "new stream");
      assertThat(reader.read(GROUP, Instant.EPOCH, m -> true)).hasSize(3);
    }
  }

  @Test
  void keepsMessagesWithQuotesTabsAndNewlinesIntact() {
    String message = "REPORT RequestId: 1\tDuration: 1.00 ms\t \"quoted\"\nsecond line";
    try (LogStore store = LogStore.open(dataDirectory, clock)) {
      store.append(GROUP, STREAM, message);
    }
    try (LogStore reopened = LogStore.open(dataDirectory, clock)) {
      assertThat(reopened.read(GROUP, Instant.EPOCH, m -> true))
          .extracting(LogEvent::message)
          .containsExactly(message);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "files"})
  void putEventsKeepTheirWritersTimestampAndTheIngestionTimeAndReadBackInTimeOrder(String kind) {
    // given an empty stream created as CreateLogStream does
    try (LogStore store = store(kind)) {
      store.createLogGroup(GROUP);
      clock.advance(Duration.ofSeconds(5));
      store.createLogStream(GROUP, "manual");
      assertThat(store.hasLogStream(GROUP, "manual")).isTrue();
      assertThat(store.describeLogStreams(GROUP))
          .singleElement()
          .satisfies(
              stream -> {
                assertThat(stream.creationTime())
                    .isEqualTo(Instant.parse("2026-11-23T10:15:05.123Z"));
                assertThat(stream.firstEventTimestamp()).isNull();
              });

      // when two batches arrive, the second with an earlier event
      store.put(GROUP, "manual", Instant.parse("2026-11-23T10:00:00.500Z"), "b");
      store.put(GROUP, "manual", Instant.parse("2026-11-23T09:59:00Z"), "a");

      // then events read back by timestamp, ingested at the clock's time
      assertThat(store.events(GROUP, "manual"))
          .extracting(LogEvent::message)
          .containsExactly("a", "b");
      assertThat(store.events(GROUP, "manual").get(0).ingestionTime())
          .isEqualTo(Instant.parse("2026-11-23T10:15:05.123Z"));
      assertThat(store.describeLogStreams(GROUP))
          .singleElement()
          .satisfies(
              stream -> {
                assertThat(stream.firstEventTimestamp())
                    .isEqualTo(Instant.parse("2026-11-23T09:59:00Z"));
                assertThat(stream.lastEventTimestamp())
                    .isEqualTo(Instant.parse("2026-11-23T10:00:00.500Z"));
                assertThat(stream.lastIngestionTime())
                    .isEqualTo(Instant.parse("2026-11-23T10:15:05.123Z"));
                assertThat(stream.storedBytes()).isEqualTo(2);
              });
      assertThat(store.describeLogGroup(GROUP).orElseThrow().storedBytes()).isEqualTo(2);
    }
    if (kind.equals("files")) {
      try (LogStore reopened = store(kind)) {
        assertThat(reopened.events(GROUP, "manual"))
            .extracting(LogEvent::ingestionTime)
            .containsOnly(Instant.parse("2026-11-23T10:15:05.123Z"));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "files"})
  void deletingAGroupRemovesItsStreamsAndEventsAndOnlyThem(String kind) {
    try (LogStore store = store(kind)) {
      store.append(GROUP, STREAM, "one");
      store.append("/aws/lambda/other", STREAM, "kept");

      assertThat(store.deleteLogGroup(GROUP)).isTrue();
      assertThat(store.deleteLogGroup(GROUP)).isFalse();

      assertThat(store.logGroups()).containsExactly("/aws/lambda/other");
      assertThat(store.hasLogGroup(GROUP)).isFalse();
      assertThat(store.describeLogGroup(GROUP)).isEmpty();
      assertThat(store.read(GROUP, Instant.EPOCH, m -> true)).isEmpty();
      // a group of the same name starts afresh
      store.append(GROUP, STREAM, "two");
      assertThat(store.read(GROUP, Instant.EPOCH, m -> true))
          .extracting(LogEvent::message)
          .containsExactly("two");
    }
  }

  private static void awaitSize(List<?> list, int size) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (list.size() < size && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(list).hasSize(size);
  }
}
