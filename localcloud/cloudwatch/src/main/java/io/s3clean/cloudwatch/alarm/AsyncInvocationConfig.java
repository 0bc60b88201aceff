package io.s3clean.cloudwatch.alarm;

import java.time.Duration;

/**
 * Lambda's settings for a function's asynchronous invocations ({@code
 * AWS::Lambda::EventInvokeConfig}): how many times a failed event is retried (0 to 2) and how long
 * it may wait in Lambda's queue (60 seconds to 6 hours). An alarm action is such an invocation.
 */
public record AsyncInvocationConfig(int maximumRetryAttempts, Duration maximumEventAge) {
  /** What Lambda does for a function without an EventInvokeConfig. */
  public static final AsyncInvocationConfig DEFAULT =
      new AsyncInvocationConfig(2, Duration.ofHours(6));

  public AsyncInvocationConfig {
    if (maximumRetryAttempts < 0 || maximumRetryAttempts > 2) {
      throw new IllegalArgumentException(
          "MaximumRetryAttempts is 0, 1 or 2, not " + maximumRetryAttempts);
    }
    if (maximumEventAge.compareTo(Duration.ofSeconds(60)) < 0
        || maximumEventAge.compareTo(Duration.ofHours(6)) > 0) {
      throw new IllegalArgumentException(
          "MaximumEventAgeInSeconds is between 60 and 21600, not " + maximumEventAge.toSeconds());
    }
  }
}
