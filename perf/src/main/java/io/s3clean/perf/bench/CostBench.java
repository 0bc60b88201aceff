package io.s3clean.perf.bench;

import io.s3clean.localcloud.usage.CostEstimate;
import io.s3clean.localcloud.usage.MeteredRun;
import io.s3clean.localcloud.usage.PriceTable;
import java.util.ArrayList;
import java.util.List;

/**
 * What each setting costs, next to how fast it goes: for each, a stack on an embedded cloud of its
 * own meters a workload at 100,000 S3 events a day (on the cloud's clock, time scale 60, so batches
 * form as they would on AWS), priced with the shipped price table for us-east-1; then a burst of
 * new objects measures its events/s. The seed's per-event design (a write per event, batch 1) is
 * measured the same way.
 */
final class CostBench {
  static final double EVENTS_PER_DAY = 100_000;
  private static final double TIME_SCALE = 60;

  record Result(BenchCloud.Setup setup, CostEstimate estimate, double eventsPerSecond) {}

  private CostBench() {}

  static List<BenchCloud.Setup> setups() {
    int consumers = BenchCloud.Setup.templateConsumers();
    List<BenchCloud.Setup> setups = new ArrayList<>();
    setups.add(
        new BenchCloud.Setup(
            "the seed's per-event design: a write per event, batch 1",
            1,
            consumers,
            true,
            true,
            "standard"));
    for (String resolution : List.of("standard", "high")) {
      for (int batch : List.of(1, 10, 100)) {
        setups.add(
            new BenchCloud.Setup(
                "s3clean, batch " + batch + ", " + resolution + " resolution",
                batch,
                consumers,
                false,
                true,
                resolution));
      }
    }
    return setups;
  }

  /**
   * @param meteredEvents S3 events in each metered run
   * @param burstEvents new objects in each throughput burst
   */
  static Result measure(BenchCloud.Setup setup, int meteredEvents, int burstEvents)
      throws Exception {
    PriceTable prices = PriceTable.shipped();
    try (BenchCloud bench = BenchCloud.start(setup)) {
      MeteredRun.Result run =
          MeteredRun.run(
              bench.cloud, meteredEvents, EVENTS_PER_DAY / 86_400 * TIME_SCALE, line -> {});
      CostEstimate estimate =
          CostEstimate.of(
              run.usage(),
              run.standing(),
              EVENTS_PER_DAY,
              prices.region("us-east-1"),
              prices.date());
      PipelineBench.Round burst = PipelineBench.burst(bench, burstEvents, 0, false);
      return new Result(setup, estimate, burst.eventsPerSecond());
    }
  }
}
