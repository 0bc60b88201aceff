package io.s3clean.cloudwatch.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One directory per log group and one JSON-lines file per stream ({@code
 * {"timestamp":millis,"message":"..."}}, with {@code ingestionTime} when it differs), flushed per
 * event, so another process can read and follow the logs while the embedded cloud writes them.
 * Names are URL-encoded into file names ({@code /aws/lambda/f} becomes {@code
 * %2Faws%2Flambda%2Ff}). A position is a byte offset; only complete lines are read, so a
 * half-written line is picked up on the next read.
 */
final class FileLogStorage implements LogStorage {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SUFFIX = ".jsonl";

  private final Path root;
  private final Map<Path, Writer> writers = new HashMap<>();

  FileLogStorage(Path root) {
    this.root = root;
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the log directory " + root, e);
    }
  }

  private Path groupDirectory(String group) {
    return root.resolve(encode(group));
  }

  private Path streamFile(String group, String stream) {
    return groupDirectory(group).resolve(encode(stream) + SUFFIX);
  }

  @Override
  public synchronized void createGroup(String group) {
    try {
      Files.createDirectories(groupDirectory(group));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create log group " + group, e);
    }
  }

  @Override
  public synchronized void createStream(String group, String stream) {
    Path file = streamFile(group, stream);
    try {
      Files.createDirectories(file.getParent());
      if (!Files.exists(file)) {
        Files.createFile(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create log stream " + stream + " in " + group, e);
    }
  }

  @Override
  public synchronized boolean deleteGroup(String group) {
    Path directory = groupDirectory(group);
    if (!Files.isDirectory(directory)) {
      return false;
    }
    writers
        .entrySet()
        .removeIf(
            entry -> {
              if (!entry.getKey().startsWith(directory)) {
                return false;
              }
              try {
                entry.getValue().close();
              } catch (IOException e) {
                // every line was flushed; the file goes next
              }
              return true;
            });
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path path : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete log group " + group, e);
    }
    return true;
  }

  @Override
  public synchronized void append(LogEvent event) {
    Path file = streamFile(event.logGroup(), event.logStream());
    ObjectNode line = JSON.createObjectNode();
    line.put("timestamp", event.timestamp().toEpochMilli());
    line.put("message", event.message());
    if (!event.ingestionTime().equals(event.timestamp())) {
      line.put("ingestionTime", event.ingestionTime().toEpochMilli());
    }
    try {
      Writer writer = writers.get(file);
      if (writer == null) {
        Files.createDirectories(file.getParent());
        writer =
            Files.newBufferedWriter(
                file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        writers.put(file, writer);
      }
      writer.write(JSON.writeValueAsString(line));
      writer.write('\n');
      writer.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + file, e);
    }
  }

  @Override
  public List<String> groups() {
    return names(root, false);
  }

  @Override
  public List<String> streams(String group) {
    return names(groupDirectory(group), true);
  }

  private static List<String> names(Path directory, boolean files) {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(directory)) {
      return entries
          .filter(p -> files ? p.toString().endsWith(SUFFIX) : Files.isDirectory(p))
          .map(p -> p.getFileName().toString())
          .map(name -> files ? name.substring(0, name.length() - SUFFIX.length()) : name)
          .map(FileLogStorage::decode)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + directory, e);
    }
  }

  @Override
  public Chunk readFrom(String group, String stream, long position) {
    Path file = streamFile(group, stream);
    if (!Files.exists(file)) {
      return new Chunk(List.of(), position);
    }
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long length = in.length();
      if (position >= length) {
        return new Chunk(List.of(), position);
      }
      byte[] bytes = new byte[(int) (length - position)];
      in.seek(position);
      in.readFully(bytes);
      int lastNewline = lastIndexOf(bytes, (byte) '\n');
      if (lastNewline < 0) {
        return new Chunk(List.of(), position);
      }
      String complete = new String(bytes, 0, lastNewline, StandardCharsets.UTF_8);
      List<LogEvent> events = new ArrayList<>();
      for (String line : complete.split("\n")) {
        if (!line.isBlank()) {
          JsonNode node = JSON.readTree(line);
          Instant timestamp = Instant.ofEpochMilli(node.path("timestamp").asLong());
          events.add(
              new LogEvent(
                  group,
                  stream,
                  timestamp,
                  node.path("message").asText(),
                  node.has("ingestionTime")
                      ? Instant.ofEpochMilli(node.path("ingestionTime").asLong())
                      : timestamp));
        }
      }
      return new Chunk(events, position + lastNewline + 1);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static int lastIndexOf(byte[] bytes, byte value) {
    for (int i = bytes.length - 1; i >= 0; i--) {
      if (bytes[i] == value) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public synchronized void close() {
    for (Writer writer : writers.values()) {
      try {
        writer.close();
      } catch (IOException e) {
        // closing on shutdown: every line was already flushed
      }
    }
    writers.clear();
  }

  static String encode(String name) {
    return URLEncoder.encode(name, StandardCharsets.UTF_8);
  }

  static String decode(String fileName) {
    return URLDecoder.decode(fileName, StandardCharsets.UTF_8);
  }
}
