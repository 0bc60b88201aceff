package io.s3clean.cli;

import java.time.Duration;

/** Waiting between polls, where Ctrl-C (an interrupt) ends the command with exit status 130. */
public final class Sleep {
  private Sleep() {}

  public static void sleep(Duration duration) {
    try {
      Thread.sleep(Math.max(0, duration.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCodes.INTERRUPTED, "interrupted", e);
    }
  }
}
