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
  /** How the process dies when the cloud is done with it, as Lambda's Shutdown phase allows 2 s at most. */
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
   * The process writes its output to this file, not a pipe: the runtime flushes what a handler
   * wrote before it posts the response, so reading the file to its end then gets every line of
   * the invocation, in order, before its END line.
   */
  private final Path outputFile;
  private final InputStream output;
  private final ByteArrayOutputStream partialLine = new ByteArrayOutputStream();
  private boolean initReported;

  private ExecutionEnvironment(RuntimeApi api, Process process, LambdaLogWriter logs, Path outputFile)
      throws IOException {
    this.api = api;
    this.process = process;
    this.logs = logs;
    this.outputFile = outputFile;
    this.output = Files.newInputStream(outputFile);
  }

  /**
   * Starts the environment's process; it initialises while the caller goes on.
   *
   * @param command the JVM and the runtime's main class, with the handler as its argument
   * @param taskRoot the function's unpacked code, the process's working directory (Lambda's /var/task)
   * @param environment every variable the process sees; AWS_LAMBDA_RUNTIME_API is added here
   */
  static ExecutionEnvironment start(String name, List<String> command, Path taskRoot, Map<String, String> environment,
      LambdaLogWriter logs) {
    RuntimeApi api;
    try {
      api = new RuntimeApi(name);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve the Runtime API for " + name, e);
    }
    Path outputFile = null;
    try {
      outputFile = Files.createTempFile("s3clean-lambda-" + name + "-", ".out");
      ProcessBuilder builder = new ProcessBuilder(command).directory(taskRoot.toFile())
          .redirectErrorStream(true).redirectOutput(outputFile.toFile());
      builder.environment().clear();
      builder.environment().putAll(environment);
      builder.environment().put("AWS_LAMBDA_RUNTIME_API", api.address());
      builder.environment().put("AWS_LAMBDA_LOG_STREAM_NAME", logs.logStreamName());
      return new ExecutionEnvironment(api, builder.start(), logs, outputFile);
    } catch (IOException e) {
      api.close();
      if (outputFile != null) {
        outputFile.toFile().delete();
      }
      throw new UncheckedIOException("cannot start an execution environment of " + name + ": " + e.getMessage(), e);
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
    // what it wrote since (its initialisation, or between invocations) goes before the START line
    readOutput(logs::write);
    try {
      CompletableFuture<RuntimeApi.Outcome> outcome = api.submit(invocation);
      CompletableFuture<Object> endOrExit = CompletableFuture.anyOf(outcome, process.onExit());
      try {
        endOrExit.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        // Lambda stops a timed-out environment at once; the next invocation gets a new one
        readOutput(log);
        process.destroyForcibly();
        close();
        throw new Lost("timed out", true);
      } catch (ExecutionException e) {
        throw new IllegalStateException(e.getCause());
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

  /** Init Duration, once: from the process's start to the runtime's first request for work. */
  private Optional<Duration> initDuration() {
    if (initReported) {
      return Optional.empty();
    }
    initReported = true;
    return Optional.of(api.firstPollAt().map(at -> Duration.ofNanos(at - startedNanos)).orElse(Duration.ZERO));
  }

  /** The process's peak resident set (VmHWM), which is what Lambda reports as Max Memory Used. */
  private int maxMemoryUsedMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
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

  /** Hands on the whole lines the process has written since the last read. */
  private synchronized void readOutput(Consumer<String> lines) {
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
  public void close() {
    api.close();
    process.destroy();
    try {
      output.close();
      Files.deleteIfExists(outputFile);
    } catch (IOException e) {
      // a temporary file left behind is no reason to keep the process
    }
    try {
      if (!process.waitFor(SHUTDOWN.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(SHUTDOWN.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
