package io.s3clean.perf.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How busy the whole machine was, from /proc/stat: if the benchmark's JVM was CPU-bound but used
 * less than every core, other processes had the rest. Linux only; elsewhere it reports nothing.
 */
final class MachineCpu {
  private long busyTicks;
  private long totalTicks;
  private long nanos;

  /** Ticks busy and in total since boot, and when they were read. */
  record Snapshot(long busy, long total, long nanoTime) {}

  static Snapshot take() {
    Path stat = Path.of("/proc/stat");
    if (!Files.isReadable(stat)) {
      return new Snapshot(0, 0, System.nanoTime());
    }
    try {
      String[] fields = Files.readAllLines(stat).get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < fields.length; i++) {
        total += Long.parseLong(fields[i]);
      }
      // user nice system idle iowait irq softirq steal ...: idle and iowait are not busy
      long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
      return new Snapshot(total - idle, total, System.nanoTime());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void add(Snapshot before, Snapshot after) {
    busyTicks += after.busy() - before.busy();
    totalTicks += after.total() - before.total();
    nanos += after.nanoTime() - before.nanoTime();
  }

  double seconds() {
    return nanos / 1e9;
  }

  /** Cores busy on average: the busy share of all ticks times the cores. */
  double busyCores() {
    return totalTicks == 0
        ? Double.NaN
        : (double) busyTicks / totalTicks * Runtime.getRuntime().availableProcessors();
  }
}
