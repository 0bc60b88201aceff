package io.s3clean.cloudwatch.logs;

import java.time.Instant;

/** One log event: CloudWatch Logs keeps a millisecond timestamp and the message text. */
public record LogEvent(String logGroup, String logStream, Instant timestamp, String message) {}
