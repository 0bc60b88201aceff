package io.s3clean.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3clean.cloudwatch.alarm.AlarmDescription;
import io.s3clean.cloudwatch.alarm.AlarmHistoryItem;
import io.s3clean.cloudwatch.alarm.AlarmState;
import io.s3clean.cloudwatch.alarm.AlarmStateValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Each alarm's describe view as a JSON file under the data directory ({@code alarms/<name>.json}),
 * rewritten atomically on every transition and action outcome, so that a cloud started again over
 * the same directory carries on with each alarm's state and history ({@link #restore}).
 */
public final class AlarmSnapshots {
  private static final ObjectMapper JSON = new ObjectMapper();
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
      Files.move(
          temporary,
          directory.resolve(name + ".json"),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the state of alarm " + name, e);
    }
  }

  /**
   * What a snapshot keeps of an alarm: its state, its history oldest first, when it was last
   * evaluated.
   */
  public record Restored(
      AlarmStateValue state, List<AlarmHistoryItem> history, Instant lastEvaluated) {}

  /** The state a previous run left for {@code alarmName}, if it left a readable snapshot. */
  Optional<Restored> restore(String alarmName) {
    Path file = directory.resolve(URLEncoder.encode(alarmName, StandardCharsets.UTF_8) + ".json");
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      JsonNode root = JSON.readTree(file.toFile());
      AlarmStateValue state =
          new AlarmStateValue(
              AlarmState.valueOf(root.path("StateValue").asText()),
              root.path("StateReason").asText(),
              root.hasNonNull("StateReasonData") ? root.path("StateReasonData").asText() : null,
              Instant.parse(root.path("StateUpdatedTimestamp").asText()));
      List<AlarmHistoryItem> history = new ArrayList<>();
      for (JsonNode item : root.path("History")) {
        history.add(
            new AlarmHistoryItem(
                Instant.parse(item.path("Timestamp").asText()),
                alarmName,
                item.path("HistoryItemType").asText(),
                item.path("HistorySummary").asText(),
                item.path("HistoryData").asText()));
      }
      // the snapshot lists history newest first, as DescribeAlarmHistory does
      Collections.reverse(history);
      Instant evaluated =
          root.hasNonNull("LastEvaluated")
              ? Instant.parse(root.path("LastEvaluated").asText())
              : null;
      return Optional.of(new Restored(state, history, evaluated));
    } catch (IOException | RuntimeException e) {
      // a snapshot this version cannot read is no state to restore: the alarm starts afresh
      return Optional.empty();
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
