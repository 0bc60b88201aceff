package io.s3clean.cli.target;

import io.s3clean.cli.CliException;
import io.s3clean.cli.DurationConverter;
import io.s3clean.cli.ExitCodes;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * An embedded cloud in a background process of its own: this very command line again, without
 * --detach, its output in the stack directory's {@value #LOG}, in a session of its own so that a
 * Ctrl-C in the terminal that started it does not reach it. It stops on {@code local stop}
 * (SIGTERM, which closes the cloud cleanly) or after its idle timeout.
 */
public final class BackgroundCloud {
  public static final String LOG = "cloud.log";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Path SETSID = Path.of("/usr/bin/setsid");

  private BackgroundCloud() {}

  /** Starts the cloud in the background, or finds the one already running; returns once it answers. */
  public static RunningCloud start(Path stackDir, Duration idleTimeout, Consumer<String> progress) {
    Optional<RunningCloud> existing = RunningCloud.find(stackDir);
    if (existing.isPresent()) {
      progress.accept("the embedded cloud already runs as process " + existing.get().pid());
      return existing.get();
    }
    List<String> command = commandLine(idleTimeout);
    Path log = stackDir.resolve(LOG);
    Process process;
    try {
      Files.createDirectories(stackDir);
      process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .start();
    } catch (IOException e) {
      throw new CliException(ExitCodes.BAD_ENVIRONMENT, "cannot start a background process: " + e.getMessage(), e);
    }
    progress.accept("starting the embedded cloud in the background (process " + process.pid() + ", output in " + log
        + ")");
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      // setsid execs in place: the cloud's process is the one started here
      Optional<RunningCloud> running = RunningCloud.find(stackDir).filter(r -> r.pid() == process.pid());
      if (running.isPresent()) {
        return running.get();
      }
      if (!process.isAlive()) {
        throw new CliException(ExitCodes.OTHER_FAILURE, "the background cloud exited with " + process.exitValue()
            + ": " + lastLine(log));
      }
      sleep(Duration.ofMillis(100));
    }
    process.destroy();
    throw new CliException(ExitCodes.OTHER_FAILURE, "the background cloud did not answer within "
        + DurationConverter.format(START_TIMEOUT) + "; see " + log);
  }

  /** Stops a running cloud as Ctrl-C would, and waits for it to be gone. */
  public static void stop(RunningCloud running, Duration wait) {
    Optional<ProcessHandle> process = running.process();
    if (process.isEmpty()) {
      return;
    }
    process.get().destroy();
    try {
      process.get().onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      process.get().destroyForcibly();
      throw new CliException(ExitCodes.OTHER_FAILURE, "process " + running.pid() + " did not stop within "
          + DurationConverter.format(wait) + "; it was killed");
    } catch (ExecutionException e) {
      throw new CliException(ExitCodes.OTHER_FAILURE, "waiting for process " + running.pid() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCodes.INTERRUPTED, "interrupted");
    }
  }

  /** This process's command line, without --detach and with the idle timeout given. */
  private static List<String> commandLine(Duration idleTimeout) {
    List<String> self = ownCommandLine();
    List<String> command = new ArrayList<>();
    if (Files.isExecutable(SETSID)) {
      command.add(SETSID.toString());
    }
    command.add(self.get(0));
    for (int i = 1; i < self.size(); i++) {
      String argument = self.get(i);
      if (argument.equals("--idle-timeout")) {
        i++;
      } else if (!argument.equals("--detach") && !argument.startsWith("--idle-timeout=")
          // the launcher's one-off class archiving belongs to the command that started it
          && !argument.startsWith("-XX:ArchiveClassesAtExit=")) {
        command.add(argument);
      }
    }
    command.add("--idle-timeout");
    command.add(idleTimeout.toMillis() + "ms");
    return command;
  }

  /**
   * The program and every argument of this process. Linux's /proc/self/cmdline has them whole;
   * ProcessHandle's view of them is cut short for long class paths.
   */
  private static List<String> ownCommandLine() {
    Path cmdline = Path.of("/proc/self/cmdline");
    try {
      if (Files.isReadable(cmdline)) {
        String all = new String(Files.readAllBytes(cmdline), java.nio.charset.StandardCharsets.UTF_8);
        List<String> parts = new ArrayList<>(List.of(all.split("\u0000")));
        if (!parts.isEmpty()) {
          return parts;
        }
      }
    } catch (IOException e) {
      // fall back to what the JDK can tell
    }
    ProcessHandle.Info info = ProcessHandle.current().info();
    if (info.command().isEmpty() || info.arguments().isEmpty()) {
      throw new CliException(ExitCodes.BAD_ENVIRONMENT,
          "cannot read how this process was started, so it cannot start itself in the background");
    }
    List<String> parts = new ArrayList<>(List.of(info.command().get()));
    parts.addAll(List.of(info.arguments().get()));
    return parts;
  }

  private static String lastLine(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1);
    } catch (IOException e) {
      return "(its output in " + log + " cannot be read)";
    }
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
