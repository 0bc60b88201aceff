package io.s3clean.cloudwatch.logs;

import java.time.Instant;

/**
 * One log event: CloudWatch Logs keeps a millisecond timestamp (when the event happened, as the
 * writer says), the message text and the ingestion time (when CloudWatch Logs received it).
 */
public record LogEvent(
    String logGroup, String logStream, Instant timestamp, String message, Instant ingestionTime) {

  /** An event ingested as it happened, as the Lambda service writes a function's lines. */
  public LogEvent(String logGroup, String logStream, Instant timestamp, String message) {
    this(logGroup, logStream, timestamp, message, timestamp);
  }
}
