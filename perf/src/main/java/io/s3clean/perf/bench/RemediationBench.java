package io.s3clean.perf.bench;

import io.s3clean.clock.ScaledClock;
import io.s3clean.cloudwatch.alarm.AlarmState;
import io.s3clean.localcloud.LocalCloud;
import io.s3clean.localcloud.emulator.EmulatorConfig;
import io.s3clean.template.ShippedTemplate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * How long the bucket stays over its threshold: from the put that crosses it to S3's deletion of
 * the largest object, on the cloud's clock, in alarm periods. The shipped stack at the default time
 * scale, the whole way: tracker, log line, metric filter, alarm evaluation, asynchronous action,
 * cleaner. Each run puts at a random moment of the period, as uploads come.
 */
final class RemediationBench {
  private static final long THRESHOLD = 1_000_000;
  private static final int BASE_OBJECTS = 9;
  private static final int BASE_SIZE = 100_000;
  private static final int CROSSING_SIZE = 200_000;

  /** Latencies in alarm periods, one per run. */
  record Result(int periodSeconds, List<Double> periods) {}

  private RemediationBench() {}

  /**
   * @param resolution the template's AlarmResolution: standard (60 s periods) or high (10 s)
   */
  static Result measure(String resolution, int runs, long seed) throws InterruptedException {
    Map<String, String> parameters =
        Map.of(
            "ArtifactBucket",
            "local-artifacts",
            "ArtifactKey",
            "s3clean-lambdas.jar",
            "ThresholdBytes",
            Long.toString(THRESHOLD),
            "AlarmResolution",
            resolution);
    ScaledClock clock = ScaledClock.startingNow(60);
    try (LocalCloud cloud =
        LocalCloud.start(
            new LocalCloud.Options(
                ShippedTemplate.parsed(),
                EmulatorConfig.inMemory(),
                "remediation",
                parameters,
                clock,
                e -> {},
                (w, e) -> {}))) {
      String bucket = cloud.stack().typed().watchedBucket();
      String alarm = cloud.stack().typed().alarmName();
      int period =
          cloud.cloudWatch().describeAlarm(alarm).orElseThrow().definition().periodSeconds();
      S3Client s3 = cloud.clients().s3();
      Map<String, Instant> deletedAt = new ConcurrentHashMap<>();
      cloud
          .notifications()
          .addRaisedListener(
              change -> {
                if (change.eventName().startsWith("ObjectRemoved:")) {
                  deletedAt.put(change.key(), change.eventTime());
                }
              });
      for (int i = 0; i < BASE_OBJECTS; i++) {
        int n = i;
        s3.putObject(
            r -> r.bucket(bucket).key("base-" + n), RequestBody.fromBytes(new byte[BASE_SIZE]));
      }
      Random random = new Random(seed);
      List<Double> latencies = new ArrayList<>();
      for (int run = 0; run < runs; run++) {
        await(
            () -> state(cloud, alarm) == AlarmState.OK,
            Duration.ofSeconds(30),
            "alarm OK before run " + run);
        // a random moment of the period, on the cloud's clock
        long periodMillis = period * 1000L;
        Instant at =
            Instant.ofEpochMilli(
                (clock.millis() / periodMillis + 1) * periodMillis
                    + (long) (random.nextDouble() * periodMillis));
        while (clock.instant().isBefore(at)) {
          Thread.sleep(1);
        }
        String key = "crossing-" + run;
        Instant put = clock.instant();
        s3.putObject(
            r -> r.bucket(bucket).key(key), RequestBody.fromBytes(new byte[CROSSING_SIZE]));
        await(
            () -> deletedAt.containsKey(key),
            Duration.ofSeconds(60),
            "the cleaner to delete " + key);
        latencies.add(Duration.between(put, deletedAt.get(key)).toMillis() / (double) periodMillis);
      }
      return new Result(period, latencies);
    }
  }

  private static AlarmState state(LocalCloud cloud, String alarm) {
    return cloud.cloudWatch().describeAlarm(alarm).orElseThrow().state().value();
  }

  private static void await(BooleanSupplier condition, Duration limit, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out waiting for " + what);
      }
      TimeUnit.MILLISECONDS.sleep(5);
    }
  }
}
