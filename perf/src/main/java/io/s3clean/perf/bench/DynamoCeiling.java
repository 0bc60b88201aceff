package io.s3clean.perf.bench;

import io.s3clean.testing.LocalDynamo;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The engine's raw ceiling: the write rate of the project's own DynamoDB engine ({@code
 * s3clean-dynamodb}, over HTTP on loopback) on this machine, nothing else running, for the items
 * the ledger writes (an object item, indexed by size, and a history item per event): plain PutItems
 * from four threads, and unconditional transactions of 99 puts (the ledger's largest: a state row
 * and 49 events' items, a state row per thread) from one and from two threads. Half the best item
 * rate is the most events per second any tracker could record here. Measure it after other work has
 * warmed the SDK's code up: on a cold JVM it comes out low.
 */
final class DynamoCeiling {
  private static final int THREADS = 4;

  /** Items written per second, median of the runs, for each way of writing. */
  record Result(
      double putItemsPerSecond, double transactionItemsPerSecond, int transactionThreads) {
    double best() {
      return Math.max(putItemsPerSecond, transactionItemsPerSecond);
    }

    /** Events per second if the ledger's two item writes per event were all the engine did. */
    double eventsPerSecond() {
      return best() / 2;
    }
  }

  private DynamoCeiling() {}

  static Result measure(int runs, double secondsPerRun) throws Exception {
    try (LocalDynamo dynamo = LocalDynamo.start();
        DynamoDbClient client =
            DynamoDbClient.builder()
                .endpointOverride(URI.create(dynamo.endpoint().toString()))
                .region(Region.US_EAST_1)
                .credentialsProvider(
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .build()) {
      dynamo.createTables("objects", "history");
      // warm-up: the JIT, the client's and the engine's
      rate(client, THREADS, secondsPerRun, false);
      rate(client, 2, secondsPerRun, true);
      List<Double> puts = new ArrayList<>();
      List<Double> transactions = new ArrayList<>();
      List<Double> transactionsTwoThreads = new ArrayList<>();
      for (int run = 0; run < runs; run++) {
        puts.add(rate(client, THREADS, secondsPerRun, false));
        transactions.add(rate(client, 1, secondsPerRun, true));
        transactionsTwoThreads.add(rate(client, 2, secondsPerRun, true));
      }
      double one = Stats.median(transactions);
      double two = Stats.median(transactionsTwoThreads);
      return new Result(Stats.median(puts), Math.max(one, two), two > one ? 2 : 1);
    }
  }

  private static double rate(
      DynamoDbClient client, int threads, double seconds, boolean transactions) throws Exception {
    String run = "ceiling-" + UUID.randomUUID();
    AtomicLong items = new AtomicLong();
    AtomicLong keys = new AtomicLong();
    long end = System.nanoTime() + (long) (seconds * 1e9);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> work = new ArrayList<>();
    long start = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      // A bucket, so a state row, per thread: a ceiling of raw writes, with no two transactions on
      // one item (the engine, as DynamoDB, would cancel one of them; contention is measured end to
      // end).
      String bucket = run + "-" + t;
      work.add(
          pool.submit(
              () -> {
                while (System.nanoTime() < end) {
                  if (transactions) {
                    List<TransactWriteItem> writes = new ArrayList<>();
                    writes.add(put("objects", stateItem(bucket, keys.get())));
                    for (int i = 0; i < 49; i++) {
                      long n = keys.incrementAndGet();
                      writes.add(put("objects", objectItem(bucket, n)));
                      writes.add(put("history", historyItem(bucket, n)));
                    }
                    client.transactWriteItems(r -> r.transactItems(writes));
                    items.addAndGet(99);
                  } else {
                    long n = keys.incrementAndGet();
                    boolean object = n % 2 == 0;
                    client.putItem(
                        r ->
                            r.tableName(object ? "objects" : "history")
                                .item(object ? objectItem(bucket, n) : historyItem(bucket, n)));
                    items.incrementAndGet();
                  }
                }
                return null;
              }));
    }
    pool.shutdown();
    for (Future<?> future : work) {
      future.get();
    }
    return items.get() / ((System.nanoTime() - start) / 1e9);
  }

  private static TransactWriteItem put(String table, Map<String, AttributeValue> item) {
    return TransactWriteItem.builder()
        .put(Put.builder().tableName(table).item(item).build())
        .build();
  }

  /** Shaped like the ledger's object items: the size puts it in the BySize index too. */
  private static Map<String, AttributeValue> objectItem(String bucket, long n) {
    return Map.of(
        "bucket_name",
        AttributeValue.fromS(bucket),
        "object_name",
        AttributeValue.fromS("key-" + n),
        "size",
        AttributeValue.fromN(Long.toString(100 + n % 2000)),
        "previous_size",
        AttributeValue.fromN("0"),
        "sequencer",
        AttributeValue.fromS(String.format("%064X", n)),
        "event_type",
        AttributeValue.fromS("ObjectCreated:Put"),
        "last_modified",
        AttributeValue.fromS("2026-11-24T00:00:00Z"),
        "deleted",
        AttributeValue.fromBool(false));
  }

  /** Shaped like the ledger's history records. */
  private static Map<String, AttributeValue> historyItem(String bucket, long n) {
    return Map.of(
        "bucket_name",
        AttributeValue.fromS(bucket),
        "seq",
        AttributeValue.fromN(Long.toString(n)),
        "event_key",
        AttributeValue.fromS("key-" + n + "#" + String.format("%064X", n)),
        "object_name",
        AttributeValue.fromS("key-" + n),
        "event_type",
        AttributeValue.fromS("ObjectCreated:Put"),
        "size_delta",
        AttributeValue.fromN(Long.toString(100 + n % 2000)),
        "total_size",
        AttributeValue.fromN(Long.toString(n * 1000)),
        "event_time",
        AttributeValue.fromS("2026-11-24T00:00:00Z"),
        "sequencer",
        AttributeValue.fromS(String.format("%064X", n)));
  }

  private static Map<String, AttributeValue> stateItem(String bucket, long n) {
    return Map.of(
        "bucket_name",
        AttributeValue.fromS(bucket),
        "object_name",
        AttributeValue.fromS("__STATE__"),
        "total_size",
        AttributeValue.fromN(Long.toString(n * 1000)),
        "object_count",
        AttributeValue.fromN(Long.toString(n)),
        "applied_count",
        AttributeValue.fromN(Long.toString(n)));
  }
}
