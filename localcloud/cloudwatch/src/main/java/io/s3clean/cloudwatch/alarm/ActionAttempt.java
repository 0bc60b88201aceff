package io.s3clean.cloudwatch.alarm;

import java.time.Instant;

/** One attempt to run an alarm action; {@code error} is null when it succeeded. */
public record ActionAttempt(
    String alarmName,
    String functionArn,
    int attempt,
    Instant startedAt,
    Instant finishedAt,
    String error) {

  public boolean succeeded() {
    return error == null;
  }
}
