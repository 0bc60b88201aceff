package io.s3clean.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScaledClockTest {
  private static final Instant START = Instant.parse("2026-11-23T10:15:00Z");

  @ParameterizedTest(name = "scale {0}: {1} ms real -> {2} ms simulated")
  @CsvSource({"1, 1500, 1500", "60, 1000, 60000", "60, 250, 15000", "0.5, 1000, 500"})
  void simulatedTimeIsStartPlusRealElapsedTimesScale(double scale, long realMs, long simMs) {
    // given
    AtomicLong nanos = new AtomicLong(42);
    ScaledClock clock = new ScaledClock(START, scale, nanos::get);

    // when
    nanos.addAndGet(Duration.ofMillis(realMs).toNanos());

    // then
    assertThat(clock.instant()).isEqualTo(START.plusMillis(simMs));
  }

  @Test
  void convertsBetweenRealAndSimulatedDurations() {
    ScaledClock clock = new ScaledClock(START, 60, () -> 0);

    assertThat(clock.toReal(Duration.ofMinutes(1))).isEqualTo(Duration.ofSeconds(1));
    assertThat(clock.toSimulated(Duration.ofSeconds(2))).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void sleepsTheScaledRealTimeUntilASimulatedInstant() throws InterruptedException {
    // given: one simulated minute is 100 ms real at scale 600
    ScaledClock clock = ScaledClock.startingAt(START, 600);
    Instant target = clock.instant().plus(Duration.ofMinutes(1));
    long before = System.nanoTime();

    // when
    clock.sleepUntil(target);

    // then
    long realMillis = Duration.ofNanos(System.nanoTime() - before).toMillis();
    assertThat(clock.instant()).isAfterOrEqualTo(target);
    assertThat(realMillis).isBetween(90L, 2_000L);
  }

  @ParameterizedTest
  @CsvSource({"0", "-1", "NaN", "Infinity"})
  void rejectsAScaleThatIsNotAPositiveNumber(double scale) {
    assertThatThrownBy(() -> ScaledClock.startingAt(START, scale))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive");
  }

  @Test
  void isUtcOnly() {
    ScaledClock clock = ScaledClock.startingAt(START, 1);

    assertThat(clock.withZone(java.time.ZoneOffset.UTC)).isSameAs(clock);
    assertThatThrownBy(() -> clock.withZone(java.time.ZoneId.of("Europe/Paris")))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
