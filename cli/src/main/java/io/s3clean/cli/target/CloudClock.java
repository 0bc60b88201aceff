package io.s3clean.cli.target;

import io.s3clean.localcloud.endpoint.AwsEndpoint;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * The time of the cloud the CLI talks to. The embedded cloud's endpoint says in each answer what
 * time its scaled clock reads and how fast it runs (x-s3clean-clock, x-s3clean-clock-scale); this
 * clock follows the latest answer. AWS sends neither, so there it is the wall clock.
 */
final class CloudClock extends Clock implements ExecutionInterceptor {
  /** What the cloud said, and when (wall clock, monotonic) it said it. */
  private record Reading(Instant cloud, long nanos, double scale) {}

  private volatile Reading reading;

  @Override
  public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
    observe(context.httpResponse());
  }

  void observe(SdkHttpResponse response) {
    Optional<String> time = response.firstMatchingHeader(AwsEndpoint.CLOCK_HEADER);
    Optional<String> scale = response.firstMatchingHeader(AwsEndpoint.SCALE_HEADER);
    if (time.isPresent() && scale.isPresent()) {
      try {
        reading =
            new Reading(
                Instant.parse(time.get()), System.nanoTime(), Double.parseDouble(scale.get()));
      } catch (RuntimeException malformed) {
        // a header we cannot read leaves the last good reading in place
      }
    }
  }

  @Override
  public Instant instant() {
    Reading last = reading;
    if (last == null) {
      return Instant.now();
    }
    long elapsed = System.nanoTime() - last.nanos();
    return last.cloud().plus(Duration.ofNanos((long) (elapsed * last.scale())));
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    if (ZoneOffset.UTC.normalized().equals(zone.normalized())) {
      return this;
    }
    throw new UnsupportedOperationException("the cloud's clock is UTC only");
  }
}
