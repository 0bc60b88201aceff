package io.s3clean.localcloud.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3clean.localcloud.usage.UsageMeter.Payer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class UsageMeterTest {
  @Test
  void aCountLandsInTheSnapshotOfAResetOrInTheNextNeverInNeitherNorBoth() throws Exception {
    UsageMeter meter = new UsageMeter(Clock.systemUTC());
    int threads = 4;
    int each = 50_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> adders = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      adders.add(
          pool.submit(
              () -> {
                for (int i = 0; i < each; i++) {
                  meter.add("sqs", "SendMessage", UsageMeter.SQS_REQUESTS, 1, Payer.CLIENTS);
                }
              }));
    }
    double seen = 0;
    int resets = 0;
    while (adders.stream().anyMatch(f -> !f.isDone())) {
      seen +=
          meter
              .snapshotAndReset()
              .quantity("sqs", "SendMessage", UsageMeter.SQS_REQUESTS, Payer.CLIENTS);
      resets++;
    }
    for (Future<?> adder : adders) {
      adder.get();
    }
    seen +=
        meter
            .snapshotAndReset()
            .quantity("sqs", "SendMessage", UsageMeter.SQS_REQUESTS, Payer.CLIENTS);
    pool.shutdown();

    assertThat(resets).isGreaterThan(1);
    assertThat(seen).isEqualTo(threads * each);
  }

  @Test
  void aSnapshotSaysThePeriodItCoversAndAResetStartsTheNextWhereItEnded() {
    UsageMeter meter = new UsageMeter(Clock.systemUTC());
    meter.add("s3", UsageMeter.S3_DELETE, UsageMeter.REQUESTS, 1, Payer.CLIENTS);

    Usage first = meter.snapshotAndReset();
    Usage second = meter.snapshot();

    assertThat(first.lines()).hasSize(1);
    assertThat(second.lines()).isEmpty();
    assertThat(second.since()).isEqualTo(first.until());
    assertThat(Usage.fromJson(first.toJson())).isEqualTo(first);
  }
}
