package io.s3clean.cloudwatch.logs;

/** A registered listener; closing it stops the calls. */
public interface Subscription extends AutoCloseable {
  @Override
  void close();
}
