package io.s3clean.localcloud.lambda.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Reads the frames AWS's Java runtime writes to its telemetry descriptor: a 16-byte big-endian
 * header (frame type, payload length, timestamp in microseconds) and the payload, one log event per
 * frame. A frame not yet whole is left for the next read.
 */
final class TelemetryFrames implements AutoCloseable {
  private static final int HEADER = 16;

  /**
   * No log event is larger (CloudWatch Logs takes 256 KB); a longer length means a corrupt stream.
   */
  private static final int MAX_PAYLOAD = 1 << 20;

  private final InputStream in;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

  /** A frame's header could not be read: no later frame boundary can be trusted. */
  private boolean corrupt;

  TelemetryFrames(Path file) {
    try {
      this.in = Files.newInputStream(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Hands on each whole frame's message, without the line break the runtime may end it with. */
  void read(Consumer<String> events) {
    if (corrupt) {
      return;
    }
    try {
      byte[] chunk = in.readAllBytes();
      pending.write(chunk);
    } catch (IOException e) {
      return;
    }
    ByteBuffer buffer = ByteBuffer.wrap(pending.toByteArray());
    while (buffer.remaining() >= HEADER) {
      buffer.mark();
      buffer.getInt();
      int length = buffer.getInt();
      buffer.getLong();
      if (length < 0 || length > MAX_PAYLOAD) {
        events.accept(
            "[s3clean] unreadable log frame of "
                + length
                + " bytes; the rest of this environment's log is lost");
        corrupt = true;
        buffer.position(buffer.limit());
        break;
      }
      if (buffer.remaining() < length) {
        buffer.reset();
        break;
      }
      byte[] payload = new byte[length];
      buffer.get(payload);
      String message = new String(payload, StandardCharsets.UTF_8);
      events.accept(message.endsWith("\n") ? message.substring(0, message.length() - 1) : message);
    }
    byte[] rest = new byte[buffer.remaining()];
    buffer.get(rest);
    pending.reset();
    pending.write(rest, 0, rest.length);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
