package io.s3clean.localcloud.lambda;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Log events kept in memory per log group, for an embedded cloud without a log store. */
public final class MemoryLogs implements LogSink {
  public record Event(String logStream, Instant time, String message) {}

  private final Map<String, List<Event>> groups = new ConcurrentHashMap<>();

  @Override
  public void write(String logGroup, String logStream, Instant time, String message) {
    groups.computeIfAbsent(logGroup, g -> new CopyOnWriteArrayList<>()).add(new Event(logStream, time, message));
  }

  public List<Event> events(String logGroup) {
    return List.copyOf(groups.getOrDefault(logGroup, List.of()));
  }
}
