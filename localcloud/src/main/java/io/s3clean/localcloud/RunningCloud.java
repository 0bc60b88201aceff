package io.s3clean.localcloud;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The note a foreground embedded cloud leaves in its stack directory, so other processes (s3clean
 * commands, {@code local env}) find its endpoints instead of starting a second cloud over the same
 * state.
 */
public record RunningCloud(
    long pid,
    String started,
    String region,
    Map<String, String> endpoints,
    Map<String, String> outputs,
    Map<String, String> parameters) {
  private static final ObjectMapper JSON = new ObjectMapper();
  public static final String FILE = "running.json";

  /** The cloud running for this stack directory in a live process, if any. */
  public static Optional<RunningCloud> find(Path stackDir) {
    Path file = stackDir.resolve(FILE);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      RunningCloud running = JSON.readValue(file.toFile(), RunningCloud.class);
      boolean alive = ProcessHandle.of(running.pid()).map(ProcessHandle::isAlive).orElse(false);
      return alive ? Optional.of(running) : Optional.empty();
    } catch (IOException e) {
      // a note half-written by a process that died is no cloud to attach to
      return Optional.empty();
    }
  }

  /** The running stack's outputs by what they mean. */
  public io.s3clean.template.StackOutputs typed() {
    return new io.s3clean.template.StackOutputs(
        outputs,
        key -> new IllegalStateException("the running cloud's stack has no output " + key));
  }

  /** The process running the cloud. */
  public Optional<ProcessHandle> process() {
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
  }

  public void write(Path stackDir) throws IOException {
    Files.createDirectories(stackDir);
    Path temporary = stackDir.resolve(FILE + ".tmp");
    JSON.writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), this);
    Files.move(
        temporary,
        stackDir.resolve(FILE),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
