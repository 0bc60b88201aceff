package io.s3clean.localcloud.sqs;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The queues' state on disk: an append-only log of what changed (queues, sends, receives,
 * deletes), each record with its length and CRC-32, so a record torn by a crash is recognised and
 * dropped with what follows it. Opening replays the log and writes it again as a snapshot of what
 * is left; so does {@link #rewrite} while the engine runs, once the log is mostly history. Writes reach
 * the operating system when each engine call ends ({@link #flush}), as a database's write-ahead
 * log without a sync: what a process crash interrupts is kept, a power cut may lose the last
 * calls (as with ElasticMQ's H2 before it).
 */
final class QueueJournal implements AutoCloseable {
  static final String FILE = "queues.log";
  private static final byte QUEUE = 1;
  private static final byte QUEUE_DELETED = 2;
  private static final byte SENT = 3;
  private static final byte STATE = 4;
  private static final byte DELETED = 5;
  private static final byte PURGED = 6;

  private final Path file;
  private DataOutputStream out;
  private long records;

  /** What replaying the log calls back, in the log's order. */
  interface Replay {
    void queue(String name, long createdSeconds, long lastModifiedSeconds, Map<String, String> settings,
        Map<String, String> tags);

    void queueDeleted(String name);

    void sent(String queue, StoredMessage message);

    void state(String queue, String id, int receiveCount, long firstReceiveMillis, long visibleAtMillis);

    void deleted(String queue, String id);

    void purged(String queue);
  }

  private QueueJournal(Path file) {
    this.file = file;
  }

  /** Replays the log in {@code dir} (if any) into {@code replay}; then {@link #rewrite} must follow. */
  static QueueJournal open(Path dir, Replay replay) {
    try {
      Files.createDirectories(dir);
      QueueJournal journal = new QueueJournal(dir.resolve(FILE));
      if (Files.exists(journal.file)) {
        try (InputStream in = Files.newInputStream(journal.file)) {
          journal.replay(new DataInputStream(new java.io.BufferedInputStream(in)), replay);
        }
      }
      return journal;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the queues' log in " + dir, e);
    }
  }

  private void replay(DataInputStream in, Replay replay) throws IOException {
    while (true) {
      byte[] payload;
      try {
        int length = in.readInt();
        if (length <= 0 || length > 64 << 20) {
          return; // a torn or foreign tail
        }
        payload = new byte[length];
        in.readFully(payload);
        if ((int) crc(payload) != in.readInt()) {
          return;
        }
      } catch (EOFException e) {
        return;
      }
      apply(new DataInputStream(new java.io.ByteArrayInputStream(payload)), replay);
    }
  }

  private static void apply(DataInputStream in, Replay replay) throws IOException {
    byte type = in.readByte();
    switch (type) {
      case QUEUE -> replay.queue(in.readUTF(), in.readLong(), in.readLong(), readMap(in), readMap(in));
      case QUEUE_DELETED -> replay.queueDeleted(in.readUTF());
      case SENT -> {
        String queue = in.readUTF();
        String id = in.readUTF();
        String body = readString(in);
        long sent = in.readLong();
        String sender = readString(in);
        String trace = readNullable(in);
        String deadLetterSource = readNullable(in);
        long visibleAt = in.readLong();
        int count = in.readInt();
        Map<String, MessageAttribute> attributes = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
          String name = readString(in);
          String dataType = readString(in);
          if (in.readBoolean()) {
            attributes.put(name, MessageAttribute.binary(dataType, readBytes(in)));
          } else {
            attributes.put(name, MessageAttribute.string(dataType, readString(in)));
          }
        }
        StoredMessage message = new StoredMessage(id, body, attributes, trace, sent, sender, deadLetterSource);
        message.visibleAtMillis = visibleAt;
        replay.sent(queue, message);
      }
      case STATE -> replay.state(in.readUTF(), in.readUTF(), in.readInt(), in.readLong(), in.readLong());
      case DELETED -> replay.deleted(in.readUTF(), in.readUTF());
      case PURGED -> replay.purged(in.readUTF());
      default -> throw new IOException("unknown record type " + type + " in the queues' log");
    }
  }

  /**
   * Replaces the log by a snapshot of {@code queues}, and appends to it from then on. The snapshot
   * is on disk (synced) before it replaces the log; if it cannot be written, the log stays as it
   * was and appending goes on there.
   */
  void rewrite(Iterable<Queue> queues) {
    Path next = file.resolveSibling(FILE + ".next");
    DataOutputStream appending = out;
    try {
      try (FileOutputStream snapshotFile = new FileOutputStream(next.toFile());
          DataOutputStream snapshot = new DataOutputStream(new BufferedOutputStream(snapshotFile, 1 << 16))) {
        out = snapshot;
        for (Queue queue : queues) {
          queue(queue);
          for (StoredMessage message : queue.messages.values()) {
            sent(queue, message);
            if (message.receiveCount > 0) {
              state(queue, message);
            }
          }
        }
        snapshot.flush();
        snapshotFile.getFD().sync();
      } finally {
        out = appending;
      }
      Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      syncDirectory();
    } catch (IOException | UncheckedIOException e) {
      try {
        Files.deleteIfExists(next);
      } catch (IOException ignored) {
        // the next snapshot overwrites it
      }
      throw new UncheckedIOException("cannot write a snapshot of the queues' log " + file,
          e instanceof IOException io ? io : ((UncheckedIOException) e).getCause());
    }
    try {
      if (appending != null) {
        appending.close();
      }
      out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.APPEND),
          1 << 16));
      records = 0;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to the queues' log " + file, e);
    }
  }

  /** So that the rename survives a power cut (Linux syncs a directory opened for reading). */
  private void syncDirectory() {
    try (FileChannel directory = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
      directory.force(true);
    } catch (IOException e) {
      // not every file system syncs directories; the rename stands either way
    }
  }

  /** Records appended since the last snapshot. */
  long records() {
    return records;
  }

  void queue(Queue queue) {
    write(QUEUE, queue, o -> {
      o.writeLong(queue.createdSeconds);
      o.writeLong(queue.lastModifiedSeconds);
      writeMap(o, queue.settings());
      writeMap(o, queue.tags);
    });
  }

  void queueDeleted(Queue queue) {
    write(QUEUE_DELETED, queue, o -> { });
  }

  void sent(Queue queue, StoredMessage message) {
    write(SENT, queue, o -> {
      o.writeUTF(message.id);
      writeString(o, message.body);
      o.writeLong(message.sentMillis);
      writeString(o, message.senderId);
      writeNullable(o, message.traceHeader);
      writeNullable(o, message.deadLetterSourceArn);
      o.writeLong(message.visibleAtMillis);
      o.writeInt(message.attributes.size());
      for (Map.Entry<String, MessageAttribute> entry : message.attributes.entrySet()) {
        writeString(o, entry.getKey());
        writeString(o, entry.getValue().dataType());
        o.writeBoolean(entry.getValue().isBinary());
        if (entry.getValue().isBinary()) {
          writeBytes(o, entry.getValue().binaryValue());
        } else {
          writeString(o, entry.getValue().stringValue());
        }
      }
    });
  }

  void state(Queue queue, StoredMessage message) {
    write(STATE, queue, o -> {
      o.writeUTF(message.id);
      o.writeInt(message.receiveCount);
      o.writeLong(message.firstReceiveMillis);
      o.writeLong(message.visibleAtMillis);
    });
  }

  void deleted(Queue queue, StoredMessage message) {
    write(DELETED, queue, o -> o.writeUTF(message.id));
  }

  void purged(Queue queue) {
    write(PURGED, queue, o -> { });
  }

  /** Hands what was appended to the operating system. */
  void flush() {
    try {
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the queues' log " + file, e);
    }
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the queues' log " + file, e);
    }
  }

  private interface Record {
    void writeTo(DataOutputStream out) throws IOException;
  }

  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

  /** One record: its type, the queue it is about, then what {@code rest} writes. */
  private void write(byte type, Queue queue, Record rest) {
    try {
      buffer.reset();
      DataOutputStream record = new DataOutputStream(buffer);
      record.writeByte(type);
      record.writeUTF(queue.name);
      rest.writeTo(record);
      byte[] payload = buffer.toByteArray();
      out.writeInt(payload.length);
      out.write(payload);
      out.writeInt((int) crc(payload));
      records++;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the queues' log " + file, e);
    }
  }

  private static long crc(byte[] payload) {
    CRC32 crc = new CRC32();
    crc.update(payload);
    return crc.getValue();
  }

  private static void writeMap(DataOutputStream o, Map<String, String> map) throws IOException {
    o.writeInt(map.size());
    for (Map.Entry<String, String> entry : map.entrySet()) {
      writeString(o, entry.getKey());
      writeString(o, entry.getValue());
    }
  }

  private static Map<String, String> readMap(DataInputStream in) throws IOException {
    int size = in.readInt();
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < size; i++) {
      map.put(readString(in), readString(in));
    }
    return map;
  }

  /** Strings of any length (writeUTF stops at 64 KB; bodies go up to 1 MiB). */
  private static void writeString(DataOutputStream o, String value) throws IOException {
    writeBytes(o, value.getBytes(StandardCharsets.UTF_8));
  }

  private static String readString(DataInputStream in) throws IOException {
    return new String(readBytes(in), StandardCharsets.UTF_8);
  }

  private static void writeBytes(DataOutputStream o, byte[] value) throws IOException {
    o.writeInt(value.length);
    o.write(value);
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    byte[] value = new byte[in.readInt()];
    in.readFully(value);
    return value;
  }

  private static void writeNullable(DataOutputStream o, String value) throws IOException {
    o.writeBoolean(value != null);
    if (value != null) {
      writeString(o, value);
    }
  }

  private static String readNullable(DataInputStream in) throws IOException {
    return in.readBoolean() ? readString(in) : null;
  }
}
