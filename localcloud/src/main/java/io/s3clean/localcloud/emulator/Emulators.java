package io.s3clean.localcloud.emulator;

import io.s3clean.dynamodb.server.JsonProtocolHandler;
import io.s3clean.engines.DynamoDbEmulator;
import io.s3clean.engines.Emulator;
import io.s3clean.engines.EmulatorStartException;
import io.s3clean.engines.S3ProxyEmulator;
import io.s3clean.engines.lifecycle.S3Lifecycle;
import jakarta.servlet.http.HttpServlet;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * The project's own DynamoDB engine ({@code s3clean-dynamodb}), its own SQS engine and S3Proxy
 * running in this JVM, on loopback only.
 *
 * <p>The three start in parallel: each spends most of its start-up loading and initialising its own
 * classes (the engines', Jetty and the SDK models), which the two cores here do side by side. With
 * a data directory their state lives in {@code dynamodb/}, {@code sqs/}, {@code s3/} and {@code
 * s3-lifecycle/} below it, so a later start with the same directory, in this process or another,
 * finds the same tables, queues, messages and objects.
 */
public final class Emulators implements AutoCloseable {

  private final EmulatorConfig config;
  private final Optional<DataDirectoryLock> lock;
  private final DynamoDbEmulator dynamoDb;
  private final SqsEmulator sqs;
  private final S3ProxyEmulator s3;
  private final StartupTimes startupTimes;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Emulators(
      EmulatorConfig config,
      Optional<DataDirectoryLock> lock,
      DynamoDbEmulator dynamoDb,
      SqsEmulator sqs,
      S3ProxyEmulator s3,
      StartupTimes startupTimes) {
    this.config = config;
    this.lock = lock;
    this.dynamoDb = dynamoDb;
    this.sqs = sqs;
    this.s3 = s3;
    this.startupTimes = startupTimes;
  }

  /**
   * Starts all three and returns once each answers on its port.
   *
   * @throws EmulatorStartException if any fails; the others are stopped again
   * @throws IllegalStateException if other emulators, in this process or another, use the data
   *     directory
   */
  public static Emulators start(EmulatorConfig config) {
    long begin = System.nanoTime();
    Optional<Path> dataDir = config.dataDir();
    Optional<DataDirectoryLock> lock = dataDir.map(DataDirectoryLock::acquire);
    try {
      return start(config, lock, begin);
    } catch (RuntimeException e) {
      lock.ifPresent(DataDirectoryLock::close);
      throw e;
    }
  }

  private static Emulators start(
      EmulatorConfig config, Optional<DataDirectoryLock> lock, long begin) {
    Optional<Path> dataDir = config.dataDir();
    ExecutorService starter =
        Executors.newFixedThreadPool(
            3,
            runnable -> {
              Thread thread = new Thread(runnable, "emulator-start");
              thread.setDaemon(true);
              return thread;
            });
    try {
      var dynamoDb =
          timed(
              starter,
              () ->
                  onPort(
                      config,
                      config.dynamoDbPort(),
                      port ->
                          DynamoDbEmulator.start(
                              port,
                              dataDir.map(dir -> dir.resolve("dynamodb")),
                              config.region(),
                              config.accountId())));
      var sqs =
          timed(
              starter,
              () ->
                  onPort(
                      config,
                      config.sqsPort(),
                      port ->
                          SqsEmulator.start(
                              port,
                              dataDir.map(dir -> dir.resolve("sqs")),
                              config.region(),
                              config.accountId(),
                              config.queueUrlPort())));
      var s3 =
          timed(
              starter,
              () ->
                  onPort(
                      config,
                      config.s3Port(),
                      port ->
                          S3ProxyEmulator.start(
                              port,
                              dataDir.map(dir -> dir.resolve("s3")),
                              dataDir.map(dir -> dir.resolve("s3-lifecycle")),
                              config.objectChangeListener())));
      awaitAllOrCleanUp(List.of(dynamoDb, sqs, s3));
      var times =
          new StartupTimes(
              dynamoDb.join().took(),
              sqs.join().took(),
              s3.join().took(),
              Duration.ofNanos(System.nanoTime() - begin));
      return new Emulators(
          config, lock, dynamoDb.join().value(), sqs.join().value(), s3.join().value(), times);
    } finally {
      starter.shutdown();
    }
  }

  private record Timed<T>(T value, Duration took) {}

  /**
   * Starts an emulator on {@code port}; when the ports are only wishes and that one is taken, on
   * any free port instead.
   */
  private static <T extends Emulator> T onPort(
      EmulatorConfig config, int port, IntFunction<T> start) {
    try {
      return start.apply(port);
    } catch (RuntimeException e) {
      if (!config.anyPortIfTaken() || port == 0 || !portTaken(e)) {
        throw e;
      }
      return start.apply(0);
    }
  }

  private static boolean portTaken(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof BindException) {
        return true;
      }
    }
    return false;
  }

  private static <T> CompletableFuture<Timed<T>> timed(
      ExecutorService executor, Supplier<T> start) {
    return CompletableFuture.supplyAsync(
        () -> {
          long begin = System.nanoTime();
          T value = start.get();
          return new Timed<>(value, Duration.ofNanos(System.nanoTime() - begin));
        },
        executor);
  }

  /** Waits for every start to finish; if any failed, stops the ones that did start and rethrows. */
  private static void awaitAllOrCleanUp(
      List<CompletableFuture<? extends Timed<? extends Emulator>>> starts) {
    List<RuntimeException> failures = new ArrayList<>();
    List<Emulator> started = new ArrayList<>();
    for (var start : starts) {
      try {
        started.add(start.join().value());
      } catch (CompletionException e) {
        failures.add(e.getCause() instanceof RuntimeException re ? re : e);
      }
    }
    if (failures.isEmpty()) {
      return;
    }
    RuntimeException first = failures.get(0);
    failures.stream().skip(1).forEach(first::addSuppressed);
    closeAll(started, first);
    throw first;
  }

  public Endpoints endpoints() {
    return new Endpoints(dynamoDbEndpoint(), sqsEndpoint(), s3Endpoint(), region());
  }

  public URI dynamoDbEndpoint() {
    return dynamoDb.endpoint();
  }

  /**
   * The DynamoDB engine's protocol, for the cloud's endpoint to call in process (the same engine as
   * {@link #dynamoDbEndpoint()}).
   */
  public JsonProtocolHandler dynamoDbProtocol() {
    return dynamoDb.protocol();
  }

  public URI sqsEndpoint() {
    return sqs.endpoint();
  }

  /** The SQS engine itself, for the cloud's own parts that call it without HTTP. */
  public io.s3clean.localcloud.sqs.SqsEngine sqsEngine() {
    return sqs.engine();
  }

  public URI s3Endpoint() {
    return s3.endpoint();
  }

  /** The buckets' lifecycle configurations and their expiration pass. */
  public S3Lifecycle s3Lifecycle() {
    return s3.lifecycle();
  }

  /**
   * S3Proxy's servlet, for the cloud's endpoint to call in process (the same S3 as {@link
   * #s3Endpoint()}).
   */
  public HttpServlet s3Servlet() {
    return s3.servlet();
  }

  public String region() {
    return config.region();
  }

  public String accountId() {
    return config.accountId();
  }

  public StartupTimes startupTimes() {
    return startupTimes;
  }

  /**
   * Stops all three, in parallel; state under the data directory stays. Closing twice is harmless.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      stopAll();
    } finally {
      lock.ifPresent(DataDirectoryLock::close);
    }
  }

  private void stopAll() {
    List<CompletableFuture<Void>> stops =
        List.of(dynamoDb, sqs, s3).stream()
            .map(emulator -> CompletableFuture.runAsync(emulator::close))
            .toList();
    IllegalStateException failure = null;
    for (var stop : stops) {
      try {
        stop.join();
      } catch (CompletionException e) {
        if (failure == null) {
          failure = new IllegalStateException("emulators did not all stop cleanly", e.getCause());
        } else {
          failure.addSuppressed(e.getCause());
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static void closeAll(List<Emulator> emulators, RuntimeException failure) {
    for (Emulator emulator : emulators) {
      try {
        emulator.close();
      } catch (RuntimeException e) {
        failure.addSuppressed(e);
      }
    }
  }

  @Override
  public String toString() {
    return "dynamodb " + dynamoDbEndpoint() + ", sqs " + sqsEndpoint() + ", s3 " + s3Endpoint();
  }
}
