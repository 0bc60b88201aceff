package io.s3clean.cloudwatch.alarm;

/**
 * Where alarm actions go: the embedded cloud's Lambda service. One call of {@link #invoke} is one
 * invocation attempt with CloudWatch's alarm event as the payload; a thrown exception is a failed
 * attempt, which {@link ActionDispatcher} retries as Lambda retries asynchronous invocations, with
 * the function's own settings.
 */
@FunctionalInterface
public interface AlarmActionTarget {
  void invoke(String functionArn, String payloadJson) throws Exception;

  /** The function's asynchronous invocation settings; Lambda's defaults unless it has its own. */
  default AsyncInvocationConfig asyncInvocation(String functionArn) {
    return AsyncInvocationConfig.DEFAULT;
  }

  /** An event Lambda gave up on; without an on-failure destination it is simply dropped. */
  default void discarded(DiscardedEvent event) {}
}
