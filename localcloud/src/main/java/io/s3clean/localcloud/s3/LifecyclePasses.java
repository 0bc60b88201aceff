package io.s3clean.localcloud.s3;

import io.s3clean.clock.ScaledClock;
import io.s3clean.clock.SimClock;
import io.s3clean.engines.lifecycle.S3Lifecycle;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BiConsumer;

/**
 * Runs the S3 engine's lifecycle pass on the cloud's clock, as S3 applies lifecycle rules
 * asynchronously: every {@link #EVERY} of cloud time (ten real seconds at the CLI's time scale of
 * 60), so an object is expired soon after midnight makes it due, where S3 takes up to a day.
 */
public final class LifecyclePasses implements AutoCloseable {
  /** Cloud time between two passes. */
  public static final Duration EVERY = Duration.ofMinutes(10);

  private final Thread thread;

  /**
   * @param onError told of a pass that failed; the next pass runs anyway
   */
  public LifecyclePasses(
      S3Lifecycle lifecycle, SimClock clock, BiConsumer<String, Throwable> onError) {
    this.thread =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                try {
                  clock.sleep(EVERY);
                  Instant now = clock.instant();
                  Instant machineNow = Instant.now();
                  double scale = clock instanceof ScaledClock scaled ? scaled.scale() : 1;
                  // S3Proxy stamps versions with the machine's time; the rules count cloud days
                  lifecycle.expire(
                      now,
                      stamped ->
                          now.minusNanos(
                              Math.round(Duration.between(stamped, machineNow).toNanos() * scale)));
                } catch (InterruptedException e) {
                  return;
                } catch (RuntimeException e) {
                  onError.accept("S3 lifecycle pass", e);
                }
              }
            },
            "s3-lifecycle");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void close() throws InterruptedException {
    thread.interrupt();
    thread.join(5_000);
  }
}
