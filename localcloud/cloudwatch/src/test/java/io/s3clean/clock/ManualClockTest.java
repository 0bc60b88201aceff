package io.s3clean.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ManualClockTest {
  private static final Instant START = Instant.parse("2026-11-23T10:15:00Z");

  @Test
  void movesOnlyWhenAdvanced() {
    ManualClock clock = new ManualClock(START);

    clock.advance(Duration.ofSeconds(90));

    assertThat(clock.instant()).isEqualTo(START.plusSeconds(90));
  }

  @Test
  void aSleeperWakesWhenTheClockIsAdvancedPastItsTarget() throws Exception {
    // given
    ManualClock clock = new ManualClock(START);
    CountDownLatch woke = new CountDownLatch(1);
    Thread sleeper =
        new Thread(
            () -> {
              try {
                clock.sleepUntil(START.plusSeconds(60));
                woke.countDown();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    sleeper.start();

    // when / then
    clock.advance(Duration.ofSeconds(59));
    assertThat(woke.await(50, TimeUnit.MILLISECONDS)).isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(woke.await(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void neverRunsBackwards() {
    ManualClock clock = new ManualClock(START);

    assertThatThrownBy(() -> clock.set(START.minusSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
