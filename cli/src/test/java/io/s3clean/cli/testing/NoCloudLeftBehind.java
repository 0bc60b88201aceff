package io.s3clean.cli.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class that leaves an embedded cloud running: every s3clean process this JVM started
 * (a background cloud is a child of the process that started it) must be gone when the class ends.
 * A leftover is killed, so one failure does not spill into the next class. Registered for every
 * class of this module through the service loader (junit-platform.properties turns autodetection
 * on).
 */
public final class NoCloudLeftBehind implements AfterAllCallback {
  private static final java.time.Duration GRACE = java.time.Duration.ofSeconds(10);

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    check(context.getDisplayName(), GRACE);
  }

  /**
   * Throws, naming {@code who}, when an s3clean process this JVM started is still alive after a
   * grace period.
   */
  static void check(String who, java.time.Duration grace) throws Exception {
    long deadline = System.currentTimeMillis() + grace.toMillis();
    List<ProcessHandle> left = clouds();
    while (!left.isEmpty() && System.currentTimeMillis() < deadline) {
      // a stop in progress (SIGTERM sent, the cloud closing) gets a moment
      Thread.sleep(100);
      left = clouds();
    }
    if (!left.isEmpty()) {
      String named =
          left.stream()
              .map(p -> p.pid() + " (" + arguments(p) + ")")
              .collect(Collectors.joining(", "));
      for (ProcessHandle process : left) {
        process.destroyForcibly();
        process.onExit().get(30, TimeUnit.SECONDS);
      }
      throw new AssertionError(who + " left s3clean processes running: " + named);
    }
  }

  private static List<ProcessHandle> clouds() {
    return ProcessHandle.current()
        .descendants()
        .filter(ProcessHandle::isAlive)
        .filter(p -> arguments(p).contains("io.s3clean.cli.S3cleanCommand"))
        .collect(Collectors.toList());
  }

  /** The whole command line: /proc has it entire where ProcessHandle's view is cut short. */
  private static String arguments(ProcessHandle process) {
    try {
      byte[] cmdline =
          Files.readAllBytes(Path.of("/proc", String.valueOf(process.pid()), "cmdline"));
      String all = new String(cmdline, StandardCharsets.UTF_8).replace('\0', ' ');
      int main = all.indexOf("io.s3clean.cli.S3cleanCommand");
      return main < 0 ? "" : all.substring(main);
    } catch (IOException e) {
      return process.info().commandLine().orElse("");
    }
  }
}
