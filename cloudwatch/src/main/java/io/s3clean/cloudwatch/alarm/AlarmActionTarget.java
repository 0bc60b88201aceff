package io.s3clean.cloudwatch.alarm;

/**
 * Where alarm actions go: the embedded cloud's Lambda service. One call is one invocation attempt
 * with CloudWatch's alarm event as the payload; a thrown exception is a failed attempt, which
 * {@link ActionDispatcher} retries as Lambda retries asynchronous invocations.
 */
@FunctionalInterface
public interface AlarmActionTarget {
  void invoke(String functionArn, String payloadJson) throws Exception;
}
