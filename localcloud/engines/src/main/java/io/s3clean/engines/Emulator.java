package io.s3clean.engines;

import java.net.URI;

/** One running emulator, listening on loopback. */
public interface Emulator extends AutoCloseable {

  /**
   * The loopback address both sides agree on: never {@code localhost}, which may resolve to ::1.
   */
  String LOOPBACK = "127.0.0.1";

  URI endpoint();

  /** Stops the emulator; state under the data directory stays for the next start. */
  @Override
  void close();

  static URI loopbackUri(int port) {
    return URI.create("http://" + LOOPBACK + ":" + port);
  }
}
