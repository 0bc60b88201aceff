package io.s3clean.perf.soak;

import io.s3clean.localcloud.fault.FaultPlan;
import java.time.Duration;

/**
 * One soak run.
 *
 * @param events how many S3 events to drive through the pipeline (at least; the static copy sources
 *     and the declared-size objects add a few)
 * @param clientThreads S3 clients putting, copying and deleting in parallel, one key at a time each
 * @param consumers the event source mappings' maximum concurrency
 *     (ScalingConfig.MaximumConcurrency)
 * @param batchSize the event source mappings' batch size (the template's BatchSize parameter)
 * @param timeScale simulated seconds per real second: the queues' visibility timeout is 210 s /
 *     scale
 * @param poisonMessages malformed bodies sent straight to the tracking queue
 * @param declaredHugeObjects objects whose events declare 5 TiB, created and deleted
 * @param timeLimit the whole run, start-up included, must finish within this
 * @param versioned the bucket is versioned, the workload deletes versions by id, and a lifecycle
 *     rule expires the keys under {@link Workload#EXPIRING} with delete markers
 */
public record SoakConfig(
    int events,
    long seed,
    int clientThreads,
    int consumers,
    int batchSize,
    double timeScale,
    FaultPlan faults,
    int poisonMessages,
    int declaredHugeObjects,
    Duration timeLimit,
    boolean versioned) {

  public SoakConfig {
    if (events < 100) {
      throw new IllegalArgumentException("a soak needs at least 100 events, not " + events);
    }
  }

  /**
   * Issue 8's profile: 10% duplicates, 20% reordered, 4 consumers, 1% crashes, 1% throttles, six
   * poison messages, four 5 TiB objects; the time limit grows with the event count.
   *
   * <p>Time scale 30, not the usual 60: the visibility timeout (210 s on AWS, 30 s function
   * timeout) shrinks with the clock, invocations do not. Four consumers of one bucket contend for
   * its state row, and their slowest invocations took over 5 s, longer than the 4 s visibility at
   * scale 60: messages came back while still being worked on. At 30 it is 7 s.
   */
  public static SoakConfig standard(int events, long seed) {
    Duration limit = Duration.ofSeconds(90 + events / 150);
    return new SoakConfig(events, seed, 8, 4, 10, 30, FaultPlan.soak(seed), 6, 4, limit, false);
  }

  /**
   * The standard profile on a versioned bucket (issue 16): overwrites keep old versions, plain
   * deletes add markers, deletes of versions by id, lifecycle expirations, with the same faults.
   */
  public static SoakConfig versioned(int events, long seed) {
    SoakConfig standard = standard(events, seed);
    return new SoakConfig(
        events,
        seed,
        standard.clientThreads(),
        standard.consumers(),
        standard.batchSize(),
        standard.timeScale(),
        standard.faults(),
        standard.poisonMessages(),
        standard.declaredHugeObjects(),
        standard.timeLimit().plusSeconds(30),
        true);
  }
}
