package io.s3clean.perf.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * End to end on one {@link BenchCloud}: a burst of new objects put through S3 by several client
 * threads, timed from the first put until the size tracker has recorded the last of them in the
 * ledger; optionally with each event's lag from its put to its ledger write.
 */
final class PipelineBench {
  static final int CLIENT_THREADS = 8;
  static final String CLIENT_THREAD_NAME = "bench-s3-client";
  private static final AtomicInteger ROUNDS = new AtomicInteger();

  /**
   * One burst: how fast it went in, how fast the ledger had all of it, and each event's lag (if
   * timed).
   */
  record Round(int events, double putSeconds, double endToEndSeconds, double[] lagMillis) {
    double eventsPerSecond() {
      return events / endToEndSeconds;
    }

    double putsPerSecond() {
      return events / putSeconds;
    }
  }

  private PipelineBench() {}

  /**
   * Puts {@code events} new objects of 100 B to 2 KiB, as fast as the client threads go or, if
   * {@code perSecond} is above 0, at that steady rate, and waits until the ledger has them all.
   */
  static Round burst(BenchCloud bench, int events, double perSecond, boolean timeLag)
      throws Exception {
    String prefix = "r" + ROUNDS.incrementAndGet() + "/";
    long base = bench.tracked();
    long[] putStart = new long[events];
    bench.timeKeys(timeLag);
    AtomicInteger next = new AtomicInteger();
    long start = System.nanoTime();
    List<Future<?>> work = new ArrayList<>();
    for (int t = 0; t < CLIENT_THREADS; t++) {
      work.add(
          bench.clients.submit(
              () -> {
                for (int i = next.getAndIncrement(); i < events; i = next.getAndIncrement()) {
                  if (perSecond > 0) {
                    long wait = start + (long) (i * 1e9 / perSecond) - System.nanoTime();
                    if (wait > 0) {
                      TimeUnit.NANOSECONDS.sleep(wait);
                    }
                  }
                  int index = i;
                  putStart[index] = System.nanoTime();
                  bench.s3.putObject(
                      r -> r.bucket(bench.bucket).key(prefix + index),
                      RequestBody.fromBytes(new byte[100 + (index * 7919) % 1948]));
                }
                return null;
              }));
    }
    for (Future<?> future : work) {
      future.get();
    }
    double putSeconds = (System.nanoTime() - start) / 1e9;
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (bench.tracked() < base + events) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            bench.setup.name()
                + ": only "
                + (bench.tracked() - base)
                + " of "
                + events
                + " events reached the ledger in 5 minutes");
      }
      Thread.sleep(1);
    }
    double endToEnd = (System.nanoTime() - start) / 1e9;
    double[] lags = new double[timeLag ? events : 0];
    for (int i = 0; i < lags.length; i++) {
      lags[i] = (bench.trackedAt(prefix + i) - putStart[i]) / 1e6;
    }
    bench.timeKeys(false);
    return new Round(events, putSeconds, endToEnd, lags);
  }
}
