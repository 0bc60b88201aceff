package io.s3clean.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * Ctrl-C that ends a command cleanly. The JVM answers SIGINT by running shutdown hooks and exiting
 * with 130; without help the command would stop mid-line. The hook installed here interrupts the
 * command's thread instead, which ends its wait, prints its last line and "interrupted" (exit 130,
 * see {@link FailureHandler}), and only then lets the JVM finish: the hook waits for the command to
 * return, up to a grace period, so a stuck command cannot hold the exit forever.
 */
final class Interrupts {
  static final Duration GRACE = Duration.ofSeconds(3);

  private Interrupts() {}

  static int runInterruptibly(IntSupplier command) {
    Thread commandThread = Thread.currentThread();
    CountDownLatch returned = new CountDownLatch(1);
    Thread onShutdown =
        new Thread(
            () -> {
              if (returned.getCount() > 0) {
                commandThread.interrupt();
                try {
                  returned.await(GRACE.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
            },
            "s3clean-interrupt");
    Runtime.getRuntime().addShutdownHook(onShutdown);
    try {
      return command.getAsInt();
    } finally {
      returned.countDown();
    }
  }
}
