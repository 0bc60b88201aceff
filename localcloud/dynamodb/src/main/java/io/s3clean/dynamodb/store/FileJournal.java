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
 * The engine's state on disk: a snapshot and a log of the records written since, each record
 * framed as length, CRC32C and payload.
 *
 * <p>A record is in the log (one {@code write(2)}) before the write it describes is acknowledged,
 * so a process killed at any point loses no acknowledged write: the operating system keeps what
 * was written. A record cut short by the kill was never acknowledged; recovery drops it and
 * truncates the log there. (No {@code fsync} per write: a power cut may lose the last writes, which
 * a local emulator accepts for its speed.)
 *
 * <p>Compaction writes every live record to a new snapshot, syncs it, moves it over the old one and
 * empties the log. Replaying a record twice leaves the same state (records carry whole items and
 * deletes), so a kill between the move and the truncation is harmless.
 */
public final class FileJournal implements AutoCloseable {
  private static final String SNAPSHOT = "snapshot.bin";
  private static final String LOG = "log.bin";
  private static final int HEADER_BYTES = 8;
  private static final int MAX_RECORD_BYTES = 64 * 1024 * 1024;

  private final Path directory;
  private FileChannel log;
  private long logBytes;

  private FileJournal(Path directory, FileChannel log, long logBytes) {
    this.directory = directory;
    this.log = log;
    this.logBytes = logBytes;
  }

  /**
   * Opens the journal in {@code directory} (created if missing), handing every record of the
   * snapshot and then of the log to {@code replay}, in the order they were written.
   */
  public static FileJournal open(Path directory, Consumer<byte[]> replay) {
    try {
      Files.createDirectories(directory);
      Path snapshot = directory.resolve(SNAPSHOT);
      if (Files.exists(snapshot)) {
        readFrames(snapshot, replay);
      }
      Path logFile = directory.resolve(LOG);
      long valid = Files.exists(logFile) ? readFrames(logFile, replay) : 0;
      FileChannel log =
          FileChannel.open(logFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      log.truncate(valid);
      log.position(valid);
      return new FileJournal(directory, log, valid);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the DynamoDB data directory " + directory, e);
    }
  }

  /** Reads whole frames; returns the length of the valid prefix (a torn or corrupt tail stops it). */
  private static long readFrames(Path file, Consumer<byte[]> replay) throws IOException {
    long valid = 0;
    try (InputStream raw = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
      while (true) {
        int length;
        int crc;
        try {
          length = in.readInt();
          crc = in.readInt();
        } catch (EOFException e) {
          return valid;
        }
        if (length < 0 || length > MAX_RECORD_BYTES) {
          return valid;
        }
        byte[] payload = new byte[length];
        try {
          in.readFully(payload);
        } catch (EOFException e) {
          return valid;
        }
        if (crc(payload) != crc) {
          return valid;
        }
        replay.accept(payload);
        valid += HEADER_BYTES + length;
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
      throw new UncheckedIOException("cannot append to the DynamoDB log", e);
    }
    logBytes += frame.limit();
  }

  public synchronized long logBytes() {
    return logBytes;
  }

  /**
   * Replaces the snapshot with the records {@code dump} emits and empties the log. The caller
   * makes sure no record is appended meanwhile.
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
      log.truncate(0);
      log.position(0);
      log.force(true);
      logBytes = 0;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the DynamoDB snapshot", e);
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
