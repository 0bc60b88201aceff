package io.s3clean.perf.bench;

import io.s3clean.backfill.Backfill;
import io.s3clean.clock.ScaledClock;
import io.s3clean.ledger.dynamodb.BackfillCheckpoints;
import io.s3clean.ledger.dynamodb.DynamoLedger;
import io.s3clean.ledger.dynamodb.DynamoLedgerReader;
import io.s3clean.ledger.dynamodb.LedgerTables;
import io.s3clean.localcloud.LocalCloud;
import io.s3clean.localcloud.emulator.EmulatorConfig;
import io.s3clean.reconcile.BucketListing;
import io.s3clean.reconcile.Difference;
import io.s3clean.reconcile.LedgerSnapshot;
import io.s3clean.reconcile.TrackedKeys;
import io.s3clean.template.ShippedTemplate;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Adopting a full bucket: {@code objects} objects the stack never counted (put, then forgotten by
 * the ledger), backfilled while {@code liveEvents} live changes (puts, overwrites, deletes) arrive
 * through the deployed pipeline; then the ledger against the bucket, which must agree exactly.
 */
final class BackfillBench {
  private BackfillBench() {}

  /**
   * @param objectsPerSecond versions the backfill listed and wrote per second of its run
   * @param differences what reconcile found once the live changes were through: must be 0
   */
  record Result(
      int objects, int liveEvents, double seconds, double objectsPerSecond, int differences) {}

  static Result measure(int objects, int liveEvents) throws Exception {
    Map<String, String> parameters =
        Map.of(
            "ArtifactBucket",
            "local-artifacts",
            "ArtifactKey",
            "s3clean-lambdas.jar",
            "ThresholdBytes",
            "1000000000000");
    try (LocalCloud cloud =
        LocalCloud.start(
            new LocalCloud.Options(
                ShippedTemplate.parsed(),
                EmulatorConfig.inMemory(),
                "backfill",
                parameters,
                ScaledClock.startingNow(60),
                e -> {},
                (w, e) -> {}))) {
      String bucket = cloud.stack().typed().watchedBucket();
      String objectTable = cloud.stack().typed().objectTable();
      String historyTable = cloud.stack().typed().historyTable();
      S3Client s3 = cloud.clients().s3();
      DynamoDbClient dynamo = cloud.clients().dynamoDb();
      DynamoLedgerReader reader = new DynamoLedgerReader(dynamo, objectTable);
      Random random = new Random(16);
      ExecutorService putters = Executors.newFixedThreadPool(8);
      for (int i = 0; i < objects; i++) {
        String key = String.format("held/%05d", i);
        int size = random.nextInt(4_096);
        putters.submit(
            () ->
                s3.putObject(
                    r -> r.bucket(bucket).key(key), RequestBody.fromBytes(new byte[size])));
      }
      putters.shutdown();
      putters.awaitTermination(10, TimeUnit.MINUTES);
      awaitAgreement(s3, reader, bucket, 300);
      new LedgerTables(dynamo, objectTable, historyTable).forget(bucket);

      AtomicBoolean backfilling = new AtomicBoolean(true);
      AtomicInteger made = new AtomicInteger();
      Thread live =
          new Thread(
              () -> {
                Random changes = new Random(61);
                while (made.get() < liveEvents) {
                  String key =
                      changes.nextBoolean()
                          ? String.format("held/%05d", changes.nextInt(objects))
                          : "live/" + changes.nextInt(500);
                  if (changes.nextInt(4) == 0) {
                    s3.deleteObject(r -> r.bucket(bucket).key(key));
                  } else {
                    s3.putObject(
                        r -> r.bucket(bucket).key(key),
                        RequestBody.fromBytes(new byte[changes.nextInt(4_096)]));
                  }
                  made.incrementAndGet();
                  if (!backfilling.get()) {
                    continue; // the rest as fast as they go
                  }
                  try {
                    Thread.sleep(2);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "live-changes");
      live.start();
      long started = System.nanoTime();
      BackfillCheckpoints.Checkpoint done =
          new Backfill(
                  s3,
                  new DynamoLedger(dynamo, objectTable, historyTable),
                  reader,
                  new BackfillCheckpoints(dynamo, objectTable),
                  bucket,
                  TrackedKeys.ALL,
                  Clock.systemUTC(),
                  line -> {},
                  () -> {})
              .run(false);
      double seconds = (System.nanoTime() - started) / 1e9;
      backfilling.set(false);
      live.join();
      int differences = awaitAgreement(s3, reader, bucket, 120);
      return new Result(objects, made.get(), seconds, done.listed() / seconds, differences);
    }
  }

  /** Polls until reconcile finds nothing, or the time is up; returns the differences left. */
  private static int awaitAgreement(
      S3Client s3, DynamoLedgerReader reader, String bucket, int seconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    List<Difference> differences = List.of();
    while (System.nanoTime() < deadline) {
      differences =
          Difference.between(
              BucketListing.of(s3, bucket, TrackedKeys.ALL), LedgerSnapshot.read(reader, bucket));
      if (differences.isEmpty()) {
        return 0;
      }
      Thread.sleep(1_000);
    }
    return differences.size();
  }
}
