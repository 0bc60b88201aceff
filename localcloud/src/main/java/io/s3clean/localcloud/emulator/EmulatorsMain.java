package io.s3clean.localcloud.emulator;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the emulators, prints their endpoints and start-up times, and runs until Ctrl-C.
 *
 * <p>Usage: {@code EmulatorsMain [data-dir]}; without a data directory everything is in memory. The
 * {@code ready} line carries the JVM's uptime, so the cost of a cold start can be read off it.
 * Start it with {@code -XX:TieredStopAtLevel=1}: start-up is mostly JIT work, and C1 alone needs
 * about 40 % less CPU for it (docs/localcloud.md).
 */
public final class EmulatorsMain {

  private EmulatorsMain() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length > 1) {
      System.err.println("usage: EmulatorsMain [data-dir]");
      System.exit(2);
    }
    EmulatorConfig config =
        args.length == 1
            ? EmulatorConfig.persistentAt(Path.of(args[0]))
            : EmulatorConfig.inMemory();
    Emulators emulators = Emulators.start(config);
    long uptimeMillis = ManagementFactory.getRuntimeMXBean().getUptime();

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  emulators.close();
                  stopped.countDown();
                },
                "emulators-stop"));

    System.out.println("dynamodb " + emulators.dynamoDbEndpoint());
    System.out.println("sqs      " + emulators.sqsEndpoint());
    System.out.println("s3       " + emulators.s3Endpoint());
    System.out.println("started  " + emulators.startupTimes());
    System.out.println("ready    " + uptimeMillis + " ms after JVM start");
    System.out.flush();
    stopped.await();
  }
}
