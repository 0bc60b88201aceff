package io.s3clean.engines;

import io.s3clean.dynamodb.DynamoDbServer;
import io.s3clean.dynamodb.server.JsonProtocolHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The project's own DynamoDB engine ({@code s3clean-dynamodb}) as an HTTP server in this JVM, on
 * 127.0.0.1 only: the engine takes its listening address as an option, so nothing here has to reach
 * into it. Port 0 lets it pick a free port when it binds, with no race between probing for a port
 * and binding it.
 */
public final class DynamoDbEmulator implements Emulator {

  /** How start failures name this emulator. */
  public static final String NAME = "DynamoDB engine";

  private final DynamoDbServer server;

  private DynamoDbEmulator(DynamoDbServer server) {
    this.server = server;
  }

  /** The engine's protocol, for the cloud's endpoint to call in its own thread. */
  public JsonProtocolHandler protocol() {
    return server.protocol();
  }

  /**
   * @param port 0 picks a free port
   * @param dataDir where the tables live (created if missing); empty keeps them in memory
   * @param region the region table ARNs name
   * @param accountId the account table ARNs name
   */
  public static DynamoDbEmulator start(
      int port, Optional<Path> dataDir, String region, String accountId) {
    try {
      DynamoDbServer.Options options =
          DynamoDbServer.Options.inMemory().withPort(port).withRegionAndAccount(region, accountId);
      if (dataDir.isPresent()) {
        createDirectories(dataDir.get());
        options = options.withDataDir(dataDir.get());
      }
      return new DynamoDbEmulator(DynamoDbServer.start(options));
    } catch (RuntimeException e) {
      throw new EmulatorStartException(NAME, e);
    }
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public URI endpoint() {
    return server.endpoint();
  }

  @Override
  public void close() {
    server.close();
  }
}
