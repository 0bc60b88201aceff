package io.s3clean.dynamodb.store;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * An engine's state on disk: a snapshot and a log of the records written since, each record framed
 * as length, CRC32C and payload. The DynamoDB engine keeps its tables in one, the embedded cloud's
 * SQS engine its queues.
 *
 * <p>A record is in the log (one {@code write(2)}) before the write it describes is acknowledged,
 * so a process killed at any point loses no acknowledged write: the operating system keeps what was
 * written. A record cut short by the kill was never acknowledged; recovery drops it and truncates
 * the log there. (No {@code fsync} per write: a power cut may lose the last writes, which a local
 * emulator accepts for its speed.)
 *
 * <p>Compaction writes every live record to a new snapshot, syncs it, moves it over the old one and
 * empties the log. Replaying a record twice leaves the same state (records carry whole items and
 * deletes), so a kill between the move and the truncation is harmless.
 */
public final class FileJournal implements AutoCloseable {
  private static final String SNAPSHOT = "snapshot.bin";

  /** The log's file name in the journal's directory. */
  public static final String LOG = "log.bin";

  private static final int HEADER_BYTES = 8;
  private static final int MAX_RECORD_BYTES = 64 * 1024 * 1024;

  private final Path directory;
  private final String owner;
  private FileChannel log;
  private long logBytes;
  private long logRecords;

  private FileJournal(
      Path directory, String owner, FileChannel log, long logBytes, long logRecords) {
    this.directory = directory;
    this.owner = owner;
    this.log = log;
    this.logBytes = logBytes;
    this.logRecords = logRecords;
  }

  /**
   * Opens the journal in {@code directory} (created if missing), handing every record of the
   * snapshot and then of the log to {@code replay}, in the order they were written.
   *
   * @param owner what keeps its state here, for error messages ("DynamoDB", "SQS")
   */
  public static FileJournal open(Path directory, String owner, Consumer<byte[]> replay) {
    try {
      Files.createDirectories(directory);
      Path snapshot = directory.resolve(SNAPSHOT);
      if (Files.exists(snapshot)) {
        readFrames(snapshot, replay);
      }
      Path logFile = directory.resolve(LOG);
      Frames valid = Files.exists(logFile) ? readFrames(logFile, replay) : new Frames(0, 0);
      FileChannel log =
          FileChannel.open(logFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      log.truncate(valid.bytes());
      log.position(valid.bytes());
      return new FileJournal(directory, owner, log, valid.bytes(), valid.records());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot open the " + owner + " data directory " + directory, e);
    }
  }

  /** The valid prefix of a file: its length and the records in it. */
  private record Frames(long bytes, long records) {}

  /** Reads whole frames; a torn or corrupt tail ends the valid prefix. */
  private static Frames readFrames(Path file, Consumer<byte[]> replay) throws IOException {
    long valid = 0;
    long records = 0;
    try (InputStream raw = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
      while (true) {
        int length;
        int crc;
        try {
          length = in.readInt();
          crc = in.readInt();
        } catch (EOFException e) {
          return new Frames(valid, records);
        }
        if (length < 0 || length > MAX_RECORD_BYTES) {
          return new Frames(valid, records);
        }
        byte[] payload = new byte[length];
        try {
          in.readFully(payload);
        } catch (EOFException e) {
          return new Frames(valid, records);
        }
        if (crc(payload) != crc) {
          return new Frames(valid, records);
        }
        replay.accept(payload);
        valid += HEADER_BYTES + length;
        records++;
      }
    }
  }

  /** Appends one record; when this returns, the record survives the process. */
  public synchronized void append(byte[] payload) {
    ByteBuffer frame = frame(payload);
    try {
      while (frame.hasRemaining()) {
        log.write(frame);
      }
    } catch (IOException e) {
      // What was written of this frame goes, so that the next append follows the last whole one.
      try {
        log.truncate(logBytes);
        log.position(logBytes);
      } catch (IOException ignored) {
        // the next open drops a torn tail anyway
      }
      throw new UncheckedIOException("cannot append to the " + owner + " log", e);
    }
    logBytes += frame.limit();
    logRecords++;
  }

  public synchronized long logBytes() {
    return logBytes;
  }

  /**
   * Records in the log: replayed from it at open and appended since, until a compaction empties it.
   */
  public synchronized long logRecords() {
    return logRecords;
  }

  /**
   * Replaces the snapshot with the records {@code dump} emits and empties the log. The caller makes
   * sure no record is appended meanwhile.
   */
  public synchronized void compact(Consumer<Consumer<byte[]>> dump) {
    Path temporary = directory.resolve(SNAPSHOT + ".tmp");
    try {
      try (FileChannel out =
          FileChannel.open(
              temporary,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        dump.accept(
            payload -> {
              try {
                ByteBuffer frame = frame(payload);
                if (frame.remaining() > buffer.remaining()) {
                  flip(buffer, out);
                }
                if (frame.remaining() > buffer.capacity()) {
                  while (frame.hasRemaining()) {
                    out.write(frame);
                  }
                } else {
                  buffer.put(frame);
                }
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
        flip(buffer, out);
        out.force(true);
      }
      try {
        Files.move(
            temporary,
            directory.resolve(SNAPSHOT),
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, directory.resolve(SNAPSHOT), StandardCopyOption.REPLACE_EXISTING);
      }
      syncDirectory();
      log.truncate(0);
      log.position(0);
      log.force(true);
      logBytes = 0;
      logRecords = 0;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the " + owner + " snapshot", e);
    }
  }

  /**
   * So that the snapshot's move reaches the disk before the log is emptied: without it a power cut
   * could keep the old snapshot and the empty log (Linux syncs a directory opened for reading).
   */
  private void syncDirectory() {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      // not every file system syncs directories; the move stands either way
    }
  }

  private static void flip(ByteBuffer buffer, FileChannel out) throws IOException {
    buffer.flip();
    while (buffer.hasRemaining()) {
      out.write(buffer);
    }
    buffer.clear();
  }

  private static ByteBuffer frame(byte[] payload) {
    ByteBuffer frame = ByteBuffer.allocate(HEADER_BYTES + payload.length);
    frame.putInt(payload.length).putInt(crc(payload)).put(payload).flip();
    return frame;
  }

  private static int crc(byte[] payload) {
    CRC32C crc = new CRC32C();
    crc.update(payload);
    return (int) crc.getValue();
  }

  @Override
  public synchronized void close() {
    try {
      log.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
