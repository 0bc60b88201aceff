package io.s3clean.cloudwatch.logs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Events kept in memory; a position is an index into the stream. */
final class MemoryLogStorage implements LogStorage {
  private final Map<String, Map<String, List<LogEvent>>> groups = new LinkedHashMap<>();

  @Override
  public synchronized void createGroup(String group) {
    groups.computeIfAbsent(group, g -> new LinkedHashMap<>());
  }

  @Override
  public synchronized void createStream(String group, String stream) {
    groups
        .computeIfAbsent(group, g -> new LinkedHashMap<>())
        .computeIfAbsent(stream, s -> new ArrayList<>());
  }

  @Override
  public synchronized boolean deleteGroup(String group) {
    return groups.remove(group) != null;
  }

  @Override
  public synchronized void append(LogEvent event) {
    groups
        .computeIfAbsent(event.logGroup(), g -> new LinkedHashMap<>())
        .computeIfAbsent(event.logStream(), s -> new ArrayList<>())
        .add(event);
  }

  @Override
  public synchronized List<String> groups() {
    return List.copyOf(groups.keySet());
  }

  @Override
  public synchronized List<String> streams(String group) {
    return List.copyOf(groups.getOrDefault(group, Map.of()).keySet());
  }

  @Override
  public synchronized Chunk readFrom(String group, String stream, long position) {
    List<LogEvent> events = groups.getOrDefault(group, Map.of()).getOrDefault(stream, List.of());
    int from = (int) Math.min(position, events.size());
    return new Chunk(List.copyOf(events.subList(from, events.size())), events.size());
  }

  @Override
  public void close() {}
}
