package io.s3clean.dynamodb;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The engine on its own:
 *
 * <pre>
 * java -cp ... io.s3clean.dynamodb.Main [--port N] [--data-dir DIR] [--probe]
 * </pre>
 *
 * serves DynamoDB on 127.0.0.1 (port 8000 unless told; 0 picks a free one) until interrupted, in
 * memory unless given a data directory. {@code --probe} starts it, has it answer one request,
 * prints how long both took, and stops: a cold start as a user meets it. A bad argument is one line
 * on stderr and exit 2.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    long began = System.nanoTime();
    DynamoDbServer.Options options = DynamoDbServer.Options.inMemory().withPort(8000);
    boolean probe = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> options = options.withPort(port(value(args, ++i, "--port")));
        case "--data-dir" -> options = options.withDataDir(Path.of(value(args, ++i, "--data-dir")));
        case "--probe" -> probe = true;
        default -> fail("unknown argument '" + args[i] + "'");
      }
    }
    DynamoDbServer server;
    try {
      server = DynamoDbServer.start(options);
    } catch (RuntimeException e) {
      System.err.println("dynamodb: " + e.getMessage());
      System.exit(1);
      return;
    }
    long started = System.nanoTime();
    if (probe) {
      HttpURLConnection connection = (HttpURLConnection) server.endpoint().toURL().openConnection();
      try (InputStream in = connection.getInputStream()) {
        in.readAllBytes();
      }
      long answered = System.nanoTime();
      System.out.printf(
          "dynamodb engine: started in %d ms, first answer after %d ms, %d ms after the JVM started%n",
          (started - began) / 1_000_000,
          (answered - began) / 1_000_000,
          ManagementFactory.getRuntimeMXBean().getUptime());
      server.close();
      return;
    }
    System.out.println(
        "dynamodb engine on "
            + server.endpoint()
            + " (started in "
            + (started - began) / 1_000_000
            + " ms); Ctrl-C stops it");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                }));
    stopped.await();
  }

  private static String value(String[] args, int index, String option) {
    if (index >= args.length) {
      fail(option + " needs a value");
    }
    return args[index];
  }

  private static int port(String text) {
    try {
      int port = Integer.parseInt(text);
      if (port >= 0 && port <= 65_535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    fail("--port takes 0-65535, not '" + text + "'");
    return 0;
  }

  private static void fail(String message) {
    System.err.println(
        "dynamodb: " + message + "; usage: Main [--port N] [--data-dir DIR] [--probe]");
    System.exit(2);
  }
}
