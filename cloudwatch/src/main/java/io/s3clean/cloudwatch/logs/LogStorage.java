package io.s3clean.cloudwatch.logs;

import java.util.List;

/** Where a {@link LogStore} keeps its events: in memory, or one JSON-lines file per stream. */
interface LogStorage extends AutoCloseable {

  void createGroup(String group);

  void append(LogEvent event);

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
