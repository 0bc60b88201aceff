package io.s3clean.cli.testing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The check that every test class of this module ends with no cloud running can fail. */
class NoCloudLeftBehindTest {
  @Test
  void aLeftoverS3cleanProcessFailsTheCheckAndIsKilled() throws Exception {
    // a child whose command line names s3clean's main class, as a background cloud's does
    Process leftover =
        new ProcessBuilder("bash", "-c", "sleep 60; true", "io.s3clean.cli.S3cleanCommand").start();

    assertThatThrownBy(() -> NoCloudLeftBehind.check("this test", Duration.ZERO))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("this test left s3clean processes running: " + leftover.pid());
    assertThatCode(() -> NoCloudLeftBehind.check("this test", Duration.ZERO))
        .doesNotThrowAnyException();
    assertThatCode(leftover::waitFor).doesNotThrowAnyException();
  }
}
