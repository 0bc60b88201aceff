package io.s3clean.localcloud.lambda.runtime;

import io.s3clean.cloudwatch.logs.LambdaLogWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One execution environment of a function: a process running AWS's Java runtime (the runtime
 * interface client) over the function's unpacked code, fed through a Runtime API of its own. It
 * initialises once (the cold start, reported as Init Duration), then serves one invocation at a
 * time while it lives, as Lambda's environments do. Its output is the log stream it writes.
 */
final class ExecutionEnvironment implements AutoCloseable {
  /**
   * How the process dies when the cloud is done with it, as Lambda's Shutdown phase allows 2 s at
   * most.
   */
  private static final Duration SHUTDOWN = Duration.ofSeconds(2);

  /**
   * What an invocation came to.
   *
   * @param initDuration how long the environment took to initialise, on its first invocation only
   * @param maxMemoryUsedMb the process's peak resident memory so far
   */
  record Ended(RuntimeApi.Outcome outcome, Optional<Duration> initDuration, int maxMemoryUsedMb) {}

  /** The environment died under an invocation: it timed out, or its process exited. */
  static final class Lost extends Exception {
    private final boolean timedOut;

    Lost(String message, boolean timedOut) {
      super(message, null, false, false);
      this.timedOut = timedOut;
    }

    boolean timedOut() {
      return timedOut;
    }
  }

  private final RuntimeApi api;
  private final Process process;
  private final LambdaLogWriter logs;
  private final long startedNanos = System.nanoTime();

  /**
   * The process's output, from the file it writes, not a pipe: the runtime flushes what a handler
   * wrote before it posts the response, so reading the file to its end then gets every line of the
   * invocation, in order, before its END line.
   */
  private final InputStream output;

  private final ByteArrayOutputStream partialLine = new ByteArrayOutputStream();

  /**
   * The runtime's log frames: as on Lambda, the runtime gets a file descriptor ({@code
   * _LAMBDA_TELEMETRY_LOG_FD}) and writes each LambdaLogger call to it as one frame, so a message
   * is one log event whether or not it ends a line (the handlers' JSON lines do not).
   */
  private final TelemetryFrames frames;

  /** The environment's own /tmp, as each Lambda environment has one. */
  private final Path scratch;

  private boolean initReported;
  private boolean closed;

  private ExecutionEnvironment(RuntimeApi api, Process process, LambdaLogWriter logs, Path scratch)
      throws IOException {
    this.api = api;
    this.process = process;
    this.logs = logs;
    this.scratch = scratch;
    this.output = Files.newInputStream(scratch.resolve(OUTPUT));
    this.frames = new TelemetryFrames(scratch.resolve(TELEMETRY));
  }

  private static final String OUTPUT = ".stdout";

  /** How often a running invocation's output is read into its log. */
  private static final Duration OUTPUT_EVERY = Duration.ofMillis(200);

  private static final String TELEMETRY = ".telemetry";

  /**
   * Starts the environment's process; it initialises while the caller goes on.
   *
   * @param command the JVM and the runtime's main class, with the handler as its argument
   * @param taskRoot the function's unpacked code, the process's working directory (Lambda's
   *     /var/task)
   * @param environment every variable the process sees; AWS_LAMBDA_RUNTIME_API is added here
   */
  static ExecutionEnvironment start(
      String name,
      List<String> command,
      Path taskRoot,
      Map<String, String> environment,
      LambdaLogWriter logs) {
    RuntimeApi api;
    try {
      api = new RuntimeApi(name);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve the Runtime API for " + name, e);
    }
    Path scratch = null;
    try {
      scratch = Files.createTempDirectory("s3clean-lambda-" + name + "-");
      Path telemetry = Files.createFile(scratch.resolve(TELEMETRY));
      List<String> launched = new java.util.ArrayList<>();
      // a shell opens the telemetry descriptor, which the JVM's own process start cannot pass on
      launched.addAll(
          List.of("/bin/sh", "-c", "exec 3>>\"$0\" && exec \"$@\"", telemetry.toString()));
      launched.add(command.get(0));
      launched.add("-Djava.io.tmpdir=" + scratch);
      launched.addAll(command.subList(1, command.size()));
      ProcessBuilder builder =
          new ProcessBuilder(launched)
              .directory(taskRoot.toFile())
              .redirectErrorStream(true)
              .redirectOutput(scratch.resolve(OUTPUT).toFile());
      builder.environment().clear();
      builder.environment().putAll(environment);
      builder.environment().put("TMPDIR", scratch.toString());
      builder.environment().put("_LAMBDA_TELEMETRY_LOG_FD", "3");
      builder.environment().put("AWS_LAMBDA_RUNTIME_API", api.address());
      builder.environment().put("AWS_LAMBDA_LOG_STREAM_NAME", logs.logStreamName());
      Process process = builder.start();
      try {
        return new ExecutionEnvironment(api, process, logs, scratch);
      } catch (IOException | RuntimeException e) {
        process.destroyForcibly();
        throw e;
      }
    } catch (IOException | RuntimeException e) {
      api.close();
      if (scratch != null) {
        try {
          io.s3clean.localcloud.FileTrees.delete(scratch);
        } catch (IOException ignored) {
          // nothing started in it
        }
      }
      throw new UncheckedIOException(
          "cannot start an execution environment of " + name + ": " + e.getMessage(),
          e instanceof IOException io ? io : new IOException(e));
    }
  }

  /**
   * Runs one invocation: waits for the runtime to take it and report, or for the deadline.
   *
   * @param log the invocation's log, which gets the lines the process writes meanwhile
   * @throws Lost when the deadline passed (the process is killed, as Lambda stops a timed-out
   *     environment) or the process exited; this environment is then closed
   */
  Ended invoke(RuntimeApi.Invocation invocation, Duration timeout, Consumer<String> log)
      throws Lost, InterruptedException {
    try {
      CompletableFuture<RuntimeApi.Outcome> outcome = api.submit(invocation);
      CompletableFuture<Object> endOrExit = CompletableFuture.anyOf(outcome, process.onExit());
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!endOrExit.isDone()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          // Lambda stops a timed-out environment at once; the next invocation gets a new one
          readOutput(log);
          process.destroyForcibly();
          close();
          throw new Lost("timed out", true);
        }
        try {
          endOrExit.get(Math.min(left, OUTPUT_EVERY.toNanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
          // a long invocation's lines reach its log while it runs, as Lambda's do
          readOutput(log);
        } catch (ExecutionException e) {
          throw new IllegalStateException(e.getCause());
        }
      }
      if (!outcome.isDone()) {
        readOutput(log);
        String status = "exit status " + process.exitValue();
        close();
        throw new Lost("Runtime exited with error: " + status, false);
      }
      readOutput(log);
      return new Ended(outcome.join(), initDuration(), maxMemoryUsedMb());
    } finally {
      if (!process.isAlive()) {
        readOutput(log);
      }
    }
  }

  /** Waits, at most {@code limit}, until the runtime has initialised or its process has exited. */
  void awaitInit(Duration limit) {
    try {
      CompletableFuture.anyOf(api.firstPoll(), process.onExit())
          .get(limit.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // the invocation's own deadline takes over
    } catch (InterruptedException e) {
      // the invocation sees the interrupt and ends as the cloud stops
      Thread.currentThread().interrupt();
    }
  }

  /**
   * What the process wrote outside any invocation (its initialisation, or since the last one) goes
   * to its stream.
   */
  void flushOutput() {
    readOutput(logs::write);
  }

  /** Init Duration, once: from the process's start to the runtime's first request for work. */
  private Optional<Duration> initDuration() {
    if (initReported) {
      return Optional.empty();
    }
    initReported = true;
    Long firstPoll = api.firstPoll().getNow(null);
    return Optional.of(
        firstPoll == null ? Duration.ZERO : Duration.ofNanos(firstPoll - startedNanos));
  }

  /** The process's peak resident set (VmHWM), which is what Lambda reports as Max Memory Used. */
  private int maxMemoryUsedMb() {
    try {
      for (String line :
          Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
        if (line.startsWith("VmHWM:")) {
          long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
          return (int) Math.max(1, kb / 1024);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // no /proc here: report none rather than guess
    }
    return 0;
  }

  LambdaLogWriter logs() {
    return logs;
  }

  boolean alive() {
    return process.isAlive();
  }

  /**
   * Hands on the log frames and the whole lines of output the process has written since the last
   * read.
   */
  private synchronized void readOutput(Consumer<String> lines) {
    readLines(lines);
    frames.read(lines);
  }

  private void readLines(Consumer<String> lines) {
    byte[] buffer = new byte[8192];
    try {
      int read;
      while ((read = output.read(buffer)) > 0) {
        for (int i = 0; i < read; i++) {
          if (buffer[i] == '\n') {
            lines.accept(partialLine.toString(StandardCharsets.UTF_8));
            partialLine.reset();
          } else {
            partialLine.write(buffer[i]);
          }
        }
      }
    } catch (IOException e) {
      // the file is gone with the environment
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    api.close();
    process.destroy();
    try {
      if (!process.waitFor(SHUTDOWN.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(SHUTDOWN.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    // after the process is gone, so that nothing it writes lands in a folder being deleted
    try {
      output.close();
      frames.close();
      io.s3clean.localcloud.FileTrees.delete(scratch);
    } catch (IOException | RuntimeException e) {
      // a temporary folder left behind is no reason to keep the process
    }
  }
}
