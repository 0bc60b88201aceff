package io.s3clean.clock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Simulated time running {@code scale} times faster than real time: simulated instant = start +
 * real elapsed x scale. At scale 60 one simulated minute passes in one real second, so a scenario
 * of alarm minutes runs in seconds while every timestamp and window stays the one AWS would see at
 * scale 1.
 *
 * <p>Elapsed time is read from a monotonic source, so wall-clock adjustments never move the
 * simulation backwards.
 */
public final class ScaledClock extends SimClock {
  private final Instant start;
  private final double scale;
  private final LongSupplier nanoTime;
  private final long startNanos;

  ScaledClock(Instant start, double scale, LongSupplier nanoTime) {
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw new IllegalArgumentException("time scale must be a positive number, was " + scale);
    }
    this.start = start;
    this.scale = scale;
    this.nanoTime = nanoTime;
    this.startNanos = nanoTime.getAsLong();
  }

  /** Starts at the real current time and runs {@code scale} times faster. */
  public static ScaledClock startingNow(double scale) {
    return startingAt(Clock.systemUTC().instant(), scale);
  }

  /** Starts at {@code start} and runs {@code scale} times faster than real time. */
  public static ScaledClock startingAt(Instant start, double scale) {
    return new ScaledClock(start, scale, System::nanoTime);
  }

  /** Real time: scale 1, starting now. */
  public static ScaledClock realTime() {
    return startingNow(1);
  }

  public double scale() {
    return scale;
  }

  @Override
  public Instant instant() {
    long realElapsed = nanoTime.getAsLong() - startNanos;
    return start.plusNanos(Math.round(realElapsed * scale));
  }

  /** The real time that {@code simulated} of this clock's time takes. */
  public Duration toReal(Duration simulated) {
    return Duration.ofNanos((long) Math.ceil(simulated.toNanos() / scale));
  }

  /** The simulated time that passes in {@code real} time. */
  public Duration toSimulated(Duration real) {
    return Duration.ofNanos(Math.round(real.toNanos() * scale));
  }

  @Override
  public void sleepUntil(Instant target) throws InterruptedException {
    // Sleep in a loop: Thread.sleep may wake early, and rounding may leave us a nanosecond short.
    while (true) {
      Duration left = Duration.between(instant(), target);
      if (left.isNegative() || left.isZero()) {
        return;
      }
      TimeUnit.NANOSECONDS.sleep(Math.max(1, toReal(left).toNanos()));
    }
  }

  @Override
  public String toString() {
    return "ScaledClock[start=" + start + ", scale=" + scale + "]";
  }
}
