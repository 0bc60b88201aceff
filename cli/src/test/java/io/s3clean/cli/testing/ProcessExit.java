package io.s3clean.cli.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Whether a process ends soon. {@code local stop} returns once the cloud is closed (its note gone,
 * its port and data free); the JVM's own exit follows a moment later.
 */
public final class ProcessExit {
  private ProcessExit() {}

  public static boolean within(long pid, Duration wait) throws Exception {
    var process = ProcessHandle.of(pid);
    if (process.isEmpty()) {
      return true;
    }
    try {
      process.get().onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    }
  }
}
