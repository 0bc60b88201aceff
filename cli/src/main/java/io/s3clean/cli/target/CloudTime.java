package io.s3clean.cli.target;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3clean.clock.ScaledClock;
import io.s3clean.clock.SimClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

/**
 * The embedded cloud's time across stops and starts: it stands still while the cloud is stopped and
 * goes on from there, so that history, logs, metrics and alarm evaluations never see time run
 * backwards (a fresh clock at 60x would start far behind the one that stopped).
 */
final class CloudTime {
  static final String FILE = "clock.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private CloudTime() {}

  /** The clock a cloud starts with: where the last run's stopped, or now for a new stack. */
  static SimClock resume(Path stackDir, double scale) {
    Path file = stackDir.resolve(FILE);
    if (Files.isRegularFile(file)) {
      try {
        JsonNode saved = JSON.readTree(file.toFile());
        return ScaledClock.startingAt(Instant.parse(saved.path("time").asText()), scale);
      } catch (IOException | RuntimeException e) {
        // an unreadable file: start on the wall clock, as a new stack does
      }
    }
    return ScaledClock.startingNow(scale);
  }

  /** Notes what the cloud's clock reads, for the next start. */
  static void save(Path stackDir, Instant time) {
    try {
      Files.createDirectories(stackDir);
      Path temporary = stackDir.resolve(FILE + ".tmp");
      Files.writeString(temporary, JSON.createObjectNode().put("time", time.toString()).toString());
      Files.move(
          temporary,
          stackDir.resolve(FILE),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the cloud's time in " + stackDir, e);
    }
  }
}
