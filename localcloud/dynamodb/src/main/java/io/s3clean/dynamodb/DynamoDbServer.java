package io.s3clean.dynamodb;

import com.sun.net.httpserver.HttpServer;
import io.s3clean.dynamodb.engine.Database;
import io.s3clean.dynamodb.engine.Engine;
import io.s3clean.dynamodb.server.HttpServers;
import io.s3clean.dynamodb.server.JsonProtocolHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine behind DynamoDB's JSON 1.0 protocol on an HTTP port of loopback.
 *
 * <pre>
 * try (DynamoDbServer dynamo = DynamoDbServer.start(DynamoDbServer.Options.inMemory())) {
 *   DynamoDbClient client = DynamoDbClient.builder().endpointOverride(dynamo.endpoint())...
 * }
 * </pre>
 *
 * With a data directory, every acknowledged write is in the directory's log before the response
 * leaves, so a later start with the same directory (after a clean stop or a {@code kill -9}) finds
 * the same tables and items.
 */
public final class DynamoDbServer implements AutoCloseable {
  /** Enough for every SDK connection of a busy embedded cloud; requests hold a thread briefly. */
  private static final int WORKER_THREADS = 32;

  /**
   * How to start the engine.
   *
   * @param host the address to listen on; loopback unless a caller knows better
   * @param port 0 picks a free port
   * @param dataDir where the tables live; empty keeps everything in memory
   * @param region the region table ARNs name
   * @param accountId the account table ARNs name
   */
  public record Options(
      String host, int port, Optional<Path> dataDir, String region, String accountId) {
    public static final String LOOPBACK = "127.0.0.1";

    public Options {
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(dataDir, "dataDir");
      Objects.requireNonNull(region, "region");
      Objects.requireNonNull(accountId, "accountId");
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException(
            "port must be 0 (any free port) or 1-65535, was " + port);
      }
    }

    /** In memory, on a free port of 127.0.0.1, region us-east-1, account 000000000000. */
    public static Options inMemory() {
      return new Options(LOOPBACK, 0, Optional.empty(), "us-east-1", "000000000000");
    }

    public Options withPort(int newPort) {
      return new Options(host, newPort, dataDir, region, accountId);
    }

    public Options withDataDir(Path dir) {
      return new Options(host, port, Optional.of(dir), region, accountId);
    }

    public Options withRegionAndAccount(String newRegion, String newAccountId) {
      return new Options(host, port, dataDir, newRegion, newAccountId);
    }
  }

  private final HttpServer http;
  private final ExecutorService workers;
  private final Database database;
  private final JsonProtocolHandler protocol;
  private final URI endpoint;

  private DynamoDbServer(
      HttpServer http, ExecutorService workers, Database database, JsonProtocolHandler protocol) {
    this.http = http;
    this.workers = workers;
    this.database = database;
    this.protocol = protocol;
    this.endpoint =
        URI.create(
            "http://" + http.getAddress().getHostString() + ":" + http.getAddress().getPort());
  }

  /**
   * Starts the engine and returns once it answers on its port.
   *
   * @throws UncheckedIOException if the port cannot be bound or the data directory read
   */
  public static DynamoDbServer start(Options options) {
    Database database =
        options
            .dataDir()
            .map(dir -> Database.open(dir, options.region(), options.accountId()))
            .orElseGet(() -> Database.inMemory(options.region(), options.accountId()));
    ExecutorService workers = null;
    try {
      HttpServer http =
          HttpServers.create(new InetSocketAddress(options.host(), options.port()), 256);
      JsonProtocolHandler protocol =
          new JsonProtocolHandler(new Engine(database, Clock.systemUTC()));
      http.createContext("/", protocol);
      AtomicInteger count = new AtomicInteger();
      workers =
          Executors.newFixedThreadPool(
              WORKER_THREADS,
              runnable -> {
                Thread thread = new Thread(runnable, "dynamodb-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
              });
      http.setExecutor(workers);
      http.start();
      return new DynamoDbServer(http, workers, database, protocol);
    } catch (IOException e) {
      if (workers != null) {
        workers.shutdownNow();
      }
      database.close();
      throw new UncheckedIOException(
          "DynamoDB engine could not listen on " + options.host() + ":" + options.port(), e);
    }
  }

  public URI endpoint() {
    return endpoint;
  }

  /**
   * The engine behind {@link #endpoint()}, for a front that calls it in its own thread, without
   * HTTP.
   */
  public JsonProtocolHandler protocol() {
    return protocol;
  }

  /** Stops serving; with a data directory, its state stays there for the next start. */
  @Override
  public void close() {
    http.stop(0);
    workers.shutdownNow();
    database.close();
  }
}
