package io.s3clean.bench;

import static io.s3clean.testing.TestEvents.put;
import static io.s3clean.testing.TestEvents.snsBody;

import io.s3clean.event.MessageParser;
import io.s3clean.event.QueueMessage;
import io.s3clean.ledger.Ledger;
import io.s3clean.ledger.dynamodb.DynamoLedger;
import io.s3clean.logging.JsonLog;
import io.s3clean.testing.LocalDynamo;
import io.s3clean.tracking.SizeTracker;
import io.s3clean.tracking.TotalSizeMetric;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Events per second of the tracking path (parse SNS/S3 bodies, apply to the ledger) on DynamoDB
 * Local, for SQS batches of 10 and 100, against the per-event transaction and against the naive
 * read-modify-write of the original system, all in one run so the ratios are comparable.
 *
 * <p>Run: {@code mvn -q -pl lambdas test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.s3clean.bench.TrackingBench [-Dexec.args="2000 5"]}
 */
public final class TrackingBench {
  private static final JsonLog QUIET = new JsonLog(line -> {});

  /** One case's median events per second, and its ratio to the naive baseline of the same run. */
  public record Result(String name, double eventsPerSecond, double vsNaive) {}

  public static void main(String[] args) {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    try (LocalDynamo dynamo = LocalDynamo.start()) {
      dynamo.createTables("objects", "history");
      System.out.printf("warming up (%d events per case)...%n", events);
      List<Result> results = measure(dynamo.client(), events, rounds);
      System.out.printf(
          "%nthe DynamoDB engine (server on loopback, url-connection client), %d events per run, median of %d runs, %d cores%n",
          events, rounds, Runtime.getRuntime().availableProcessors());
      System.out.printf("%-45s %12s %10s%n", "tracking path", "events/s", "vs naive");
      for (Result result : results) {
        System.out.printf(
            "%-45s %12.0f %9.1fx%n", result.name(), result.eventsPerSecond(), result.vsNaive());
      }
    }
  }

  /**
   * Runs every case once to warm up, then {@code rounds} times in turn, each on a fresh bucket of
   * tables "objects" and "history" (as {@link LocalDynamo#createTables} makes them).
   *
   * @return the cases in order, the naive baseline first
   */
  public static List<Result> measure(DynamoDbClient client, int events, int rounds) {
    Ledger ledger = new DynamoLedger(client, "objects", "history");
    List<Case> cases =
        List.of(
            new Case(
                "naive read-modify-write, 1 event at a time", 1, bucket -> naive(client, bucket)),
            new Case("transaction per event, SQS batch 10", 10, bucket -> tracker(ledger, 1)),
            new Case(
                "batched transaction, SQS batch 10",
                10,
                bucket -> tracker(ledger, Ledger.MAX_EVENTS_PER_APPLY)),
            new Case(
                "batched transaction, SQS batch 100",
                100,
                bucket -> tracker(ledger, Ledger.MAX_EVENTS_PER_APPLY)));
    for (Case c : cases) {
      c.run(events);
    }
    double[][] rates = new double[cases.size()][rounds];
    for (int round = 0; round < rounds; round++) {
      for (int i = 0; i < cases.size(); i++) {
        rates[i][round] = cases.get(i).run(events);
      }
    }
    double baseline = median(rates[0]);
    List<Result> results = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      results.add(new Result(cases.get(i).name, median(rates[i]), median(rates[i]) / baseline));
    }
    return results;
  }

  private interface Consumer {
    void consume(List<QueueMessage> batch);
  }

  private record Case(
      String name, int batchSize, java.util.function.Function<String, Consumer> factory) {
    /**
     * @return events per second over one run on a fresh bucket
     */
    double run(int events) {
      String bucket = "bench-" + UUID.randomUUID();
      List<QueueMessage> messages = new ArrayList<>(events);
      for (int i = 1; i <= events; i++) {
        // a quarter are overwrites of earlier keys, so deltas and item reads matter
        String key = i % 4 == 0 ? "key-" + (i / 2) : "key-" + i;
        messages.add(new QueueMessage("m" + i, snsBody(put(bucket, key, i, i))));
      }
      Consumer consumer = factory.apply(bucket);
      long start = System.nanoTime();
      for (int i = 0; i < messages.size(); i += batchSize) {
        consumer.consume(messages.subList(i, Math.min(i + batchSize, messages.size())));
      }
      return events / ((System.nanoTime() - start) / 1e9);
    }
  }

  private static Consumer tracker(Ledger ledger, int eventsPerApply) {
    SizeTracker tracker =
        new SizeTracker(
            ledger,
            QUIET,
            new TotalSizeMetric("S3Clean", java.time.Clock.systemUTC()),
            io.s3clean.alarm.ThresholdWatch.none(),
            eventsPerApply);
    return batch -> {
      if (!tracker.track(batch).isEmpty()) {
        throw new IllegalStateException("benchmark batch failed");
      }
    };
  }

  /** The original system's way, one event at a time: see {@link NaiveTracker}. */
  private static Consumer naive(DynamoDbClient dynamo, String bucket) {
    MessageParser parser = new MessageParser();
    NaiveTracker tracker = new NaiveTracker(dynamo, "objects", "history");
    return batch -> {
      for (QueueMessage message : batch) {
        parser.parse(message.body()).events().forEach(tracker::apply);
      }
    };
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted.length % 2 == 1
        ? sorted[sorted.length / 2]
        : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  }
}
