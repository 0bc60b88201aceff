package io.s3clean.chart;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Random;

/**
 * Render time and memory for 1k, 100k and 1M point histories, measured after warm-up.
 *
 * <pre>
 * mvn -pl lambdas test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.s3clean.chart.HistoryChartBench [-Dbench.sizes=1000000 -Dbench.warmUpSeconds=20]
 * </pre>
 *
 * Peak heap is the sum of the heap pools' peaks since a reset just before the timed renders, shown
 * with the live heap after a full GC at that moment (all three input histories, ~70 MiB), so their
 * difference is what rendering adds at worst; allocated is what one render allocates on its thread.
 */
public final class HistoryChartBench {
  /** History lengths to render; -Dbench.sizes=1000000 for one. */
  private static final int[] SIZES =
      java.util.Arrays.stream(System.getProperty("bench.sizes", "1000,100000,1000000").split(","))
          .mapToInt(size -> Integer.parseInt(size.trim()))
          .toArray();

  /** The JIT needs a minute or two here to settle; override with -Dbench.warmUpSeconds. */
  private static final Duration WARM_UP =
      Duration.ofSeconds(Long.getLong("bench.warmUpSeconds", 60));

  private static final int TIMED_RUNS = 10;
  private static final ChartSpec SPEC =
      new ChartSpec(1200, 600, "Total size of s3://bench-bucket", OptionalLong.of(3L << 30));

  private HistoryChartBench() {}

  public static void main(String[] args) throws Exception {
    System.out.printf(
        Locale.ROOT,
        "java %s, %d cpus, max heap %d MiB, chart %dx%d%n",
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20,
        SPEC.width(),
        SPEC.height());
    List<List<HistoryPoint>> histories = new ArrayList<>();
    for (int size : SIZES) {
      histories.add(randomWalk(size));
    }
    // What a Lambda cold start pays on its first request: class loading, fonts, JIT-less code.
    long coldStart = System.nanoTime();
    HistoryChart.renderPng(histories.get(0), SPEC);
    double coldMillis = (System.nanoTime() - coldStart) / 1e6;
    System.out.printf(Locale.ROOT, "first render in this JVM (cold): %.0f ms%n", coldMillis);
    warmUp(histories);
    // Next to the compiled test classes, i.e. the module's target/, wherever Maven was started.
    Path samples =
        Path.of(HistoryChartBench.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .resolveSibling("chart-samples");
    Files.createDirectories(samples);
    for (List<HistoryPoint> history : histories) {
      measure(history, samples);
    }
  }

  private static void warmUp(List<List<HistoryPoint>> histories) {
    long until = System.nanoTime() + WARM_UP.toNanos();
    int renders = 0;
    while (System.nanoTime() < until) {
      for (List<HistoryPoint> history : histories) {
        HistoryChart.renderPng(history, SPEC);
        renders++;
      }
    }
    System.out.printf(Locale.ROOT, "warm-up: %d renders in %d s%n", renders, WARM_UP.toSeconds());
  }

  private static void measure(List<HistoryPoint> history, Path samples) throws Exception {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long[] nanos = new long[TIMED_RUNS];
    long allocated = 0;
    byte[] png = null;
    System.gc();
    long resting = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    resetPeaks();
    for (int run = 0; run < TIMED_RUNS; run++) {
      long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
      long start = System.nanoTime();
      png = HistoryChart.renderPng(history, SPEC);
      nanos[run] = System.nanoTime() - start;
      allocated = Math.max(allocated, threads.getCurrentThreadAllocatedBytes() - allocatedBefore);
    }
    java.util.Arrays.sort(nanos);
    System.out.printf(
        Locale.ROOT,
        "%,10d points: median %6.1f ms, best %6.1f ms, worst %6.1f ms;"
            + " allocated/render %6.1f MiB; peak heap %6.1f MiB (resting %5.1f MiB);"
            + " png %,d bytes%n",
        history.size(),
        nanos[TIMED_RUNS / 2] / 1e6,
        nanos[0] / 1e6,
        nanos[TIMED_RUNS - 1] / 1e6,
        allocated / 1048576.0,
        peakHeap() / 1048576.0,
        resting / 1048576.0,
        png.length);
    Files.write(samples.resolve("bench-" + history.size() + ".png"), png);
  }

  /** Sizes of a busy bucket: a bounded random walk of uploads and deletes, one per second. */
  private static List<HistoryPoint> randomWalk(int points) {
    Random random = new Random(points);
    Instant start = Instant.parse("2026-11-01T00:00:00Z");
    long size = 2L << 30;
    List<HistoryPoint> history = new ArrayList<>(points);
    for (int i = 0; i < points; i++) {
      size = Math.max(0, size + random.nextInt(20_000_001) - 10_000_000);
      history.add(new HistoryPoint(start.plusSeconds(i), size));
    }
    return history;
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  private static long peakHeap() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak;
  }
}
