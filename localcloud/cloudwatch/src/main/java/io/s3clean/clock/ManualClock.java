package io.s3clean.clock;

import java.time.Duration;
import java.time.Instant;

/**
 * A clock that moves only when told to, so every evaluator can be driven in tests without sleeping.
 * A thread in {@link #sleepUntil} wakes when another thread advances the clock far enough.
 */
public final class ManualClock extends SimClock {
  private Instant now;

  public ManualClock(Instant start) {
    this.now = start;
  }

  @Override
  public synchronized Instant instant() {
    return now;
  }

  public synchronized void advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("time does not run backwards: " + by);
    }
    now = now.plus(by);
    notifyAll();
  }

  public synchronized void set(Instant to) {
    if (to.isBefore(now)) {
      throw new IllegalArgumentException("time does not run backwards: " + now + " -> " + to);
    }
    now = to;
    notifyAll();
  }

  @Override
  public synchronized void sleepUntil(Instant target) throws InterruptedException {
    while (now.isBefore(target)) {
      wait();
    }
  }

  @Override
  public String toString() {
    return "ManualClock[" + instant() + "]";
  }
}
