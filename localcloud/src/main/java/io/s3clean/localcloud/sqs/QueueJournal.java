package io.s3clean.localcloud.sqs;

import io.s3clean.dynamodb.store.FileJournal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The queues' state on disk, in a {@link FileJournal} (a snapshot and a log of what changed since,
 * each frame with its length and CRC32C, so a frame torn by a crash is recognised and dropped with
 * what follows it). The records: queues, sends, receive states, deletes, purges. An engine call's
 * records are one frame, written when the call ends ({@link #flush}), as a database's write-ahead
 * log without a sync: a crash keeps a call's records whole or drops them all (a dead-letter move's
 * delete and send together), a power cut may lose the last calls. {@link #rewrite} makes a snapshot
 * of what is left once the log is mostly history.
 *
 * <p>Replaying a record twice leaves the same state (a send replaces a message of the same id; a
 * delete or state of a message that is gone is ignored), as the journal requires: a kill between a
 * snapshot's move and the log's truncation replays the old log over the new snapshot.
 */
final class QueueJournal implements AutoCloseable {
  private static final byte QUEUE = 1;
  private static final byte QUEUE_DELETED = 2;
  private static final byte SENT = 3;
  private static final byte STATE = 4;
  private static final byte DELETED = 5;
  private static final byte PURGED = 6;

  private final FileJournal store;

  /** This engine call's records, not yet handed to the operating system. */
  private final List<byte[]> pending = new ArrayList<>();

  /** Where a snapshot's records go while {@link #rewrite} runs; {@link #pending} otherwise. */
  private Consumer<byte[]> sink = pending::add;

  /** What replaying the log calls back, in the log's order. */
  interface Replay {
    void queue(
        String name,
        long createdSeconds,
        long lastModifiedSeconds,
        Map<String, String> settings,
        Map<String, String> tags);

    void queueDeleted(String name);

    void sent(String queue, StoredMessage message);

    void state(
        String queue, String id, int receiveCount, long firstReceiveMillis, long visibleAtMillis);

    void deleted(String queue, String id);

    void purged(String queue);
  }

  private QueueJournal(FileJournal store) {
    this.store = store;
  }

  /** Replays the snapshot and the log in {@code dir} (if any) into {@code replay}. */
  static QueueJournal open(Path dir, Replay replay) {
    return new QueueJournal(
        FileJournal.open(
            dir,
            "SQS",
            frame -> {
              try {
                DataInputStream records = new DataInputStream(new ByteArrayInputStream(frame));
                for (int count = records.readInt(); count > 0; count--) {
                  byte[] record = new byte[records.readInt()];
                  records.readFully(record);
                  apply(new DataInputStream(new ByteArrayInputStream(record)), replay);
                }
              } catch (IOException e) {
                throw new UncheckedIOException("a record of the queues' log cannot be read", e);
              }
            }));
  }

  /**
   * One journal frame of {@code records}: the journal keeps or drops a frame whole, so an engine
   * call's records (a dead-letter move's delete and send) survive a torn write together or not at
   * all.
   */
  private static byte[] frame(List<byte[]> records) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    try {
      out.writeInt(records.size());
      for (byte[] record : records) {
        out.writeInt(record.length);
        out.write(record);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return bytes.toByteArray();
  }

  private static void apply(DataInputStream in, Replay replay) throws IOException {
    byte type = in.readByte();
    switch (type) {
      case QUEUE ->
          replay.queue(in.readUTF(), in.readLong(), in.readLong(), readMap(in), readMap(in));
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
        StoredMessage message =
            new StoredMessage(id, body, attributes, trace, sent, sender, deadLetterSource);
        message.visibleAtMillis = visibleAt;
        replay.sent(queue, message);
      }
      case STATE ->
          replay.state(in.readUTF(), in.readUTF(), in.readInt(), in.readLong(), in.readLong());
      case DELETED -> replay.deleted(in.readUTF(), in.readUTF());
      case PURGED -> replay.purged(in.readUTF());
      default -> throw new IOException("unknown record type " + type + " in the queues' log");
    }
  }

  /**
   * Replaces the snapshot by one of {@code queues} and empties the log. Call it between engine
   * calls, with nothing pending. A snapshot that cannot be written leaves the log as it was, and
   * appending goes on there.
   */
  void rewrite(Iterable<Queue> queues) {
    store.compact(
        snapshot -> {
          sink = record -> snapshot.accept(frame(List.of(record)));
          try {
            for (Queue queue : queues) {
              queue(queue);
              for (StoredMessage message : queue.messages.values()) {
                sent(queue, message);
                if (message.receiveCount > 0) {
                  state(queue, message);
                }
              }
            }
          } finally {
            sink = pending::add;
          }
        });
  }

  /** Engine calls in the log since the last snapshot (each call's records are one frame). */
  long records() {
    return store.logRecords();
  }

  /** The log's size since the last snapshot. */
  long logBytes() {
    return store.logBytes();
  }

  void queue(Queue queue) {
    write(
        QUEUE,
        queue,
        o -> {
          o.writeLong(queue.createdSeconds);
          o.writeLong(queue.lastModifiedSeconds);
          writeMap(o, queue.settings());
          writeMap(o, queue.tags);
        });
  }

  void queueDeleted(Queue queue) {
    write(QUEUE_DELETED, queue, o -> {});
  }

  void sent(Queue queue, StoredMessage message) {
    write(
        SENT,
        queue,
        o -> {
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
    write(
        STATE,
        queue,
        o -> {
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
    write(PURGED, queue, o -> {});
  }

  /** Hands this engine call's records to the operating system, as one frame. */
  void flush() {
    if (!pending.isEmpty()) {
      try {
        store.append(frame(pending));
      } finally {
        pending.clear();
      }
    }
  }

  @Override
  public void close() {
    flush();
    store.close();
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
      sink.accept(buffer.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode a record of the queues' log", e);
    }
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
