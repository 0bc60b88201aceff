package io.s3clean.localcloud.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The notification configurations set through the S3 API, kept as files in the cloud's data
 * directory so that a restart finds them again (a template's are set again by its deployment).
 */
public final class NotificationStore {
  private final Optional<Path> directory;

  /**
   * @param directory where they are kept; empty to keep none
   */
  public NotificationStore(Optional<Path> directory) {
    this.directory = directory;
  }

  public synchronized void save(String bucket, List<TopicNotification> topics) {
    directory.ifPresent(
        dir -> {
          try {
            Files.createDirectories(dir);
            Path temporary = dir.resolve(bucket + ".xml.tmp");
            Files.writeString(
                temporary, NotificationConfigurations.toXml(topics), StandardCharsets.UTF_8);
            Files.move(
                temporary,
                dir.resolve(bucket + ".xml"),
                StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  public synchronized void delete(String bucket) {
    directory.ifPresent(
        dir -> {
          try {
            Files.deleteIfExists(dir.resolve(bucket + ".xml"));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /** Every kept configuration by bucket; their topics were checked when they were set. */
  public synchronized Map<String, List<TopicNotification>> all() {
    Map<String, List<TopicNotification>> all = new LinkedHashMap<>();
    if (directory.isEmpty() || !Files.isDirectory(directory.get())) {
      return all;
    }
    try (Stream<Path> files = Files.list(directory.get())) {
      for (Path file : files.filter(f -> f.toString().endsWith(".xml")).sorted().toList()) {
        String name = file.getFileName().toString();
        all.put(
            name.substring(0, name.length() - ".xml".length()),
            NotificationConfigurations.parse(
                Files.readString(file, StandardCharsets.UTF_8), topic -> true));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return all;
  }
}
