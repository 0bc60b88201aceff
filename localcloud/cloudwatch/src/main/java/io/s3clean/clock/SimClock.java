package io.s3clean.clock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The one source of time for the embedded cloud: log timestamps, metric periods, alarm evaluations,
 * retry delays and the timestamps handlers see. It is a {@link Clock}, so it can be passed to
 * anything that takes one, and it can sleep until a simulated instant, so schedulers wait the right
 * real time whatever the scale.
 *
 * <p>Always UTC: CloudWatch aligns periods to the epoch and formats times in UTC.
 */
public abstract class SimClock extends Clock {

  /** Blocks until this clock reads {@code target} or later. */
  public abstract void sleepUntil(Instant target) throws InterruptedException;

  /** Blocks for {@code simulated} of this clock's time. */
  public void sleep(Duration simulated) throws InterruptedException {
    sleepUntil(instant().plus(simulated));
  }

  @Override
  public final ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public final Clock withZone(ZoneId zone) {
    if (ZoneOffset.UTC.normalized().equals(zone.normalized())) {
      return this;
    }
    throw new UnsupportedOperationException(
        "the simulation clock is UTC only, as CloudWatch periods are; asked for " + zone);
  }
}
