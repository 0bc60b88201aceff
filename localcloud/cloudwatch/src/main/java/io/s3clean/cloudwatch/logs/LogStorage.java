package io.s3clean.cloudwatch.logs;

import java.util.List;

/** Where a {@link LogStore} keeps its events: in memory, or one JSON-lines file per stream. */
interface LogStorage extends AutoCloseable {

  void createGroup(String group);

  /** Creates an empty stream in {@code group} (and the group); nothing when it exists. */
  void createStream(String group, String stream);

  void append(LogEvent event);

  /** Removes a group with its streams and events; false when there is no such group. */
  boolean deleteGroup(String group);

  List<String> groups();

  List<String> streams(String group);

  /**
   * The events of a stream from {@code position} on, and the position after them. Positions are
   * opaque; 0 is the start of the stream.
   */
  Chunk readFrom(String group, String stream, long position);

  record Chunk(List<LogEvent> events, long next) {}

  @Override
  void close();
}
