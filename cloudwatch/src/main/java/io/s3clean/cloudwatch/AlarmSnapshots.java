package io.s3clean.cloudwatch;

import io.s3clean.cloudwatch.alarm.AlarmDescription;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Each alarm's describe view as a JSON file under the data directory ({@code alarms/<name>.json}),
 * rewritten atomically on every transition and action outcome, so a CLI in another process can
 * show state, reason and history while the embedded cloud runs.
 */
public final class AlarmSnapshots {
  private final Path directory;

  AlarmSnapshots(Path dataDirectory) {
    this.directory = dataDirectory.resolve("alarms");
  }

  synchronized void write(AlarmDescription alarm) {
    String name = URLEncoder.encode(alarm.definition().alarmName(), StandardCharsets.UTF_8);
    try {
      Files.createDirectories(directory);
      Path temporary = directory.resolve(name + ".json.tmp");
      Files.writeString(temporary, alarm.toJson(), StandardCharsets.UTF_8);
      Files.move(temporary, directory.resolve(name + ".json"),
          StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the state of alarm " + name, e);
    }
  }

  /** The JSON describe views under {@code dataDirectory}, by alarm name. */
  public static List<String> readAll(Path dataDirectory) {
    Path directory = dataDirectory.resolve("alarms");
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".json"))
          .sorted()
          .map(AlarmSnapshots::read)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + directory, e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
