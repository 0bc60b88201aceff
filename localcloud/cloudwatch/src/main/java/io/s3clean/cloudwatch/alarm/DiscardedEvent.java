package io.s3clean.cloudwatch.alarm;

import java.time.Instant;

/**
 * An asynchronous invocation that Lambda gives up on: every attempt failed ({@code
 * RetriesExhausted}) or the next retry would have been older than the maximum event age ({@code
 * EventAgeExceeded}). It goes to the function's on-failure destination, if it has one.
 */
public record DiscardedEvent(
    String functionArn,
    String payloadJson,
    String condition,
    int attempts,
    String lastError,
    Instant discardedAt) {
  public static final String RETRIES_EXHAUSTED = "RetriesExhausted";
  public static final String EVENT_AGE_EXCEEDED = "EventAgeExceeded";
}
