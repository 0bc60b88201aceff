package io.s3clean.dynamodb.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * moto's server (a third-party AWS emulator, written in Python) on a free loopback port. Shared
 * with other modules' tests through this module's test jar (s3clean-dynamodb, type test-jar).
 */
public final class MotoServer implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final int port;
  private final Path log;

  private MotoServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Whether python3 can import moto; CI machines can, a bare developer machine may not. */
  public static boolean installed() {
    try {
      Process probe =
          new ProcessBuilder("python3", "-c", "import moto").redirectErrorStream(true).start();
      probe.getInputStream().transferTo(OutputStream.nullOutputStream());
      return probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public static MotoServer start(Path logDirectory) throws IOException, InterruptedException {
    return start(logDirectory, List.of("-m", "moto.server"));
  }

  /**
   * moto started by a Python script that takes moto.server's arguments, for tests that need moto to
   * behave differently, e.g. to roll back a failed stack creation as CloudFormation does.
   */
  public static MotoServer start(Path logDirectory, Path serverScript)
      throws IOException, InterruptedException {
    return start(logDirectory, List.of(serverScript.toString()));
  }

  private static MotoServer start(Path logDirectory, List<String> pythonArguments)
      throws IOException, InterruptedException {
    int port = freeLoopbackPort();
    Files.createDirectories(logDirectory);
    Path log = logDirectory.resolve("moto-" + port + ".log");
    List<String> command = new ArrayList<>(List.of("python3"));
    command.addAll(pythonArguments);
    command.addAll(List.of("-H", "127.0.0.1", "-p", String.valueOf(port)));
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    MotoServer server = new MotoServer(process, port, log);
    try {
      server.awaitListening();
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** The end of moto's own log, which names the request or template construct it choked on. */
  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no moto log: " + e.getMessage() + ")";
    }
  }

  private void awaitListening() throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IOException("moto exited with " + process.exitValue() + ":\n" + logTail());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new IOException(
        "moto did not listen on port " + port + " within " + START_TIMEOUT + ":\n" + logTail());
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }
}
