package io.s3clean.perf.bench;

import java.lang.management.ManagementFactory;

/**
 * Runs in a fresh JVM next to the shaded Lambda jar: builds one handler through its no-argument
 * constructor, as the Lambda runtime does, and prints the JVM's age at main, the time to load and
 * construct the handler, and the JVM's age once it is ready, in milliseconds.
 */
public final class HandlerInit {
  private HandlerInit() {}

  public static void main(String[] args) throws Exception {
    long atMain = System.currentTimeMillis();
    long start = System.nanoTime();
    Object handler = Class.forName(args[0]).getConstructor().newInstance();
    long initNanos = System.nanoTime() - start;
    long ready = System.currentTimeMillis();
    long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    System.out.printf(
        "main %d init %.1f ready %d %s%n",
        atMain - jvmStart, initNanos / 1e6, ready - jvmStart, handler.getClass().getSimpleName());
  }
}
