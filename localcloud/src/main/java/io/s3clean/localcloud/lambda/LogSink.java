package io.s3clean.localcloud.lambda;

import java.time.Instant;

/** Where hosted functions' log events go: CloudWatch Logs on AWS, the embedded log store here. */
@FunctionalInterface
public interface LogSink {
  void write(String logGroup, String logStream, Instant time, String message);
}
