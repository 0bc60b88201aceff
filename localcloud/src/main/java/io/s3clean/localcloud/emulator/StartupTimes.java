package io.s3clean.localcloud.emulator;

import java.time.Duration;

/**
 * How long each emulator took to start, and the whole. They start in parallel, so the whole is
 * close to the slowest, not the sum.
 */
public record StartupTimes(Duration dynamoDb, Duration sqs, Duration s3, Duration total) {

  @Override
  public String toString() {
    return String.format(
        "dynamodb %d ms, sqs %d ms, s3 %d ms, all %d ms",
        dynamoDb.toMillis(), sqs.toMillis(), s3.toMillis(), total.toMillis());
  }
}
