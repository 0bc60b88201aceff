package io.s3clean.cli.target;

import io.s3clean.cli.CliException;
import io.s3clean.cli.DurationConverter;
import io.s3clean.cli.ExitCodes;
import io.s3clean.cli.S3cleanCommand;
import io.s3clean.localcloud.RunningCloud;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * An embedded cloud in a background process of its own: {@code s3clean local start} with this
 * process's Java, JVM options and class path, its output in the stack directory's {@value #LOG}, in
 * a session of its own so that a Ctrl-C in the terminal that started it does not reach it. It stops
 * on {@code local stop} (SIGTERM, which closes the cloud cleanly) or after its idle timeout.
 */
public final class BackgroundCloud {
  public static final String LOG = "cloud.log";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Path SETSID = Path.of("/usr/bin/setsid");

  /** Where the launcher keeps the background cloud's class archive (scripts/s3clean). */
  static final String CLOUD_ARCHIVE_PROPERTY = "s3clean.cloudArchive";

  private BackgroundCloud() {}

  /**
   * What to start: the stack, the cloud's clock, its endpoint's port, how long it may idle, and
   * whether it deploys first (with these parameters; {@code null} keeps the stack as it is,
   * deploying the defaults only when there is none yet).
   */
  public record Spec(
      Path dataDir,
      String stackName,
      double timeScale,
      int port,
      Duration idleTimeout,
      Map<String, String> deployParameters) {
    Path stackDir() {
      return dataDir.resolve(stackName);
    }

    /** The global options that name the stack, as the cloud's command line has them. */
    List<String> stackArguments() {
      return List.of("--data-dir", dataDir.toString(), "--stack-name", stackName);
    }
  }

  /**
   * Starts the cloud in the background, or finds the one already running; returns once it answers.
   * What the cloud prints while it starts (the stack's creation events) is passed on.
   */
  public static RunningCloud start(Spec spec, Consumer<String> progress) {
    Path stackDir = spec.stackDir();
    Optional<RunningCloud> existing = RunningCloud.find(stackDir);
    if (existing.isPresent()) {
      progress.accept("the embedded cloud already runs as process " + existing.get().pid());
      return existing.get();
    }
    Path log = stackDir.resolve(LOG);
    Process process;
    long logStart;
    try {
      Files.createDirectories(stackDir);
      logStart = Files.exists(log) ? Files.size(log) : 0;
      process =
          new ProcessBuilder(commandLine(spec))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
    } catch (IOException e) {
      throw new CliException(
          ExitCodes.BAD_ENVIRONMENT, "cannot start a background process: " + e.getMessage(), e);
    }
    progress.accept(
        "starting the embedded cloud in the background (process "
            + process.pid()
            + ", output in "
            + log
            + "; 's3clean local stop' ends it)");
    LogRelay relay = new LogRelay(log, logStart, progress);
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      relay.pass();
      // setsid execs in place: the cloud's process is the one started here
      Optional<RunningCloud> running =
          RunningCloud.find(stackDir).filter(r -> r.pid() == process.pid());
      if (running.isPresent()) {
        return running.get();
      }
      if (!process.isAlive()) {
        relay.pass();
        // two commands that found no cloud at once: the one that lost uses the other's
        Optional<RunningCloud> other = anotherStarting(spec, deadline);
        if (other.isPresent()) {
          progress.accept(
              "another command started the embedded cloud meanwhile (process "
                  + other.get().pid()
                  + "); using it");
          return other.get();
        }
        throw new CliException(
            ExitCodes.OTHER_FAILURE,
            "the background cloud exited with " + process.exitValue() + ": " + relay.lastLine());
      }
      sleep(Duration.ofMillis(50));
    }
    process.destroy();
    throw new CliException(
        ExitCodes.OTHER_FAILURE,
        "the background cloud did not answer within "
            + DurationConverter.format(START_TIMEOUT)
            + "; see "
            + log);
  }

  /**
   * The cloud another process starts for the same stack, once it answers; empty at once when no
   * such process runs.
   */
  private static Optional<RunningCloud> anotherStarting(Spec spec, long deadline) {
    String stack = "\0" + String.join("\0", spec.stackArguments()) + "\0";
    while (System.nanoTime() < deadline) {
      Optional<RunningCloud> running = RunningCloud.find(spec.stackDir());
      if (running.isPresent()) {
        return running;
      }
      boolean starting =
          Processes.commandLines().stream()
              .anyMatch(line -> line.contains(stack) && line.contains("\0local\0start\0"));
      if (!starting) {
        return Optional.empty();
      }
      sleep(Duration.ofMillis(50));
    }
    return Optional.empty();
  }

  /** Passes on the lines a starting cloud appends to its log, a whole line at a time. */
  private static final class LogRelay {
    private final Path log;
    private final Consumer<String> progress;
    private long offset;
    private String last = "(no output)";

    LogRelay(Path log, long offset, Consumer<String> progress) {
      this.log = log;
      this.offset = offset;
      this.progress = progress;
    }

    void pass() {
      try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(log)) {
        long size = channel.size();
        if (size <= offset) {
          return;
        }
        java.nio.ByteBuffer buffer =
            java.nio.ByteBuffer.allocate((int) Math.min(size - offset, 1 << 20));
        channel.read(buffer, offset);
        String text =
            new String(
                buffer.array(), 0, buffer.position(), java.nio.charset.StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        if (end < 0) {
          return;
        }
        for (String line : text.substring(0, end).split("\n", -1)) {
          progress.accept(line);
          last = line;
        }
        offset +=
            text.substring(0, end + 1).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
      } catch (IOException e) {
        // the log is for the person watching; the start goes on without it
      }
    }

    String lastLine() {
      return last;
    }
  }

  /**
   * Stops a running cloud as Ctrl-C would, and waits until it is closed: its process has ended, or
   * it has taken its note out of the stack directory, which it does once its port and data are
   * free. The process may still be writing its class archive then (the first cloud after a build
   * takes about 11 s for it), which nobody needs to wait for.
   */
  public static void stop(RunningCloud running, Path stackDir, Duration wait) {
    Optional<ProcessHandle> process = running.process();
    if (process.isEmpty()) {
      return;
    }
    process.get().destroy();
    long deadline = System.nanoTime() + wait.toNanos();
    while (process.get().isAlive()
        && RunningCloud.find(stackDir).filter(r -> r.pid() == running.pid()).isPresent()) {
      if (System.nanoTime() > deadline) {
        process.get().destroyForcibly();
        throw new CliException(
            ExitCodes.OTHER_FAILURE,
            "process "
                + running.pid()
                + " did not stop within "
                + DurationConverter.format(wait)
                + "; it was killed");
      }
      sleep(Duration.ofMillis(50));
    }
  }

  /**
   * {@code s3clean local start} in the foreground, for the stack of the spec, run by this process's
   * Java with its JVM options (but for the client's class archive) and class path.
   */
  private static List<String> commandLine(Spec spec) {
    List<String> command = new ArrayList<>();
    if (Files.isExecutable(SETSID)) {
      command.add(SETSID.toString());
    }
    command.add(
        ProcessHandle.current()
            .info()
            .command()
            .orElseThrow(
                () ->
                    new CliException(
                        ExitCodes.BAD_ENVIRONMENT,
                        "cannot tell which java runs this process, so it cannot start a cloud")));
    for (String option :
        java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      // The client's class archive is the client's. Its C1-only compiler suits the cloud as well: a
      // cold burst of 3,000 events cost the cloud 10.7 ms of CPU per event with it and 20.3 ms with
      // C2 as well (scripts/cold-burst), most of the difference compiling.
      if (!option.startsWith("-XX:ArchiveClassesAtExit=")
          && !option.startsWith("-XX:SharedArchiveFile=")
          && !option.startsWith("-agentlib:jdwp")
          && !option.startsWith("-javaagent:")) {
        command.add(option);
      }
    }
    String archive = System.getProperty(CLOUD_ARCHIVE_PROPERTY);
    if (archive != null && !archive.isBlank()) {
      command.addAll(CloudClassArchive.options(Path.of(archive)));
    }
    command.addAll(
        List.of("-cp", System.getProperty("java.class.path"), S3cleanCommand.class.getName()));
    command.addAll(spec.stackArguments());
    command.addAll(
        List.of(
            "--time-scale",
            String.valueOf(spec.timeScale()),
            "local",
            "start",
            "--port",
            String.valueOf(spec.port()),
            "--idle-timeout",
            spec.idleTimeout().toMillis() + "ms"));
    if (spec.deployParameters() != null) {
      command.add("--deploy");
      spec.deployParameters()
          .forEach((name, value) -> command.addAll(List.of("--parameter", name + "=" + value)));
    }
    return command;
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCodes.INTERRUPTED, "interrupted");
    }
  }
}
