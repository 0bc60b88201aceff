package io.s3clean.ledger;

import static io.s3clean.testing.TestEvents.delete;
import static io.s3clean.testing.TestEvents.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.s3clean.event.ObjectEvent;
import io.s3clean.ledger.dynamodb.DynamoLedger;
import io.s3clean.ledger.dynamodb.DynamoLedgerReader;
import io.s3clean.testing.LocalDynamo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;

/** The ledger's exactness rules against a real DynamoDB engine (the project's own, over HTTP). */
class DynamoLedgerTest {
  private static final String OBJECTS = "objects";
  private static final String HISTORY = "history";
  private static LocalDynamo dynamo;
  private DynamoLedger ledger;
  private String bucket;

  @BeforeAll
  static void startDynamo() {
    dynamo = LocalDynamo.start();
    dynamo.createTables(OBJECTS, HISTORY);
  }

  @AfterAll
  static void stopDynamo() {
    dynamo.close();
  }

  @BeforeEach
  void freshBucket() {
    ledger = new DynamoLedger(dynamo.client(), OBJECTS, HISTORY);
    bucket = "bucket-" + UUID.randomUUID();
  }

  @Test
  void anApplyReadsTheStateRowAndItsObjectsInOneRequestAndWritesInOne() {
    List<String> operations = new CopyOnWriteArrayList<>();
    ExecutionInterceptor recorder =
        new ExecutionInterceptor() {
          @Override
          public void beforeExecution(
              Context.BeforeExecution context, ExecutionAttributes attributes) {
            operations.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
          }
        };
    try (DynamoDbClient recorded =
        DynamoDbClient.builder()
            .endpointOverride(dynamo.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
            .httpClient(UrlConnectionHttpClient.create())
            .overrideConfiguration(c -> c.addExecutionInterceptor(recorder))
            .build()) {
      DynamoLedger recordedLedger = new DynamoLedger(recorded, OBJECTS, HISTORY);

      recordedLedger.apply(bucket, List.of(put(bucket, "a", 10, 1), put(bucket, "b", 20, 2)));
      recordedLedger.apply(bucket, List.of(delete(bucket, "a", 3), put(bucket, "c", 5, 4)));
    }

    assertThat(operations)
        .containsExactly(
            "BatchGetItem", "TransactWriteItems", "BatchGetItem", "TransactWriteItems");
    assertThat(ledger.state(bucket)).isEqualTo(new BucketState(25, 2, 4));
  }

  @Test
  void aRepairThatLandsBetweenTheReadsOfAnApplyMakesItPlanAgain() {
    // given a = 10 bytes
    ledger.apply(bucket, List.of(put(bucket, "a", 10, 1)));
    DynamoDbClient real = dynamo.client();
    // and a repair (a size changed, its sequencer kept, as reconcile does) that commits after the
    // apply has read a and before it reads the state row: DynamoDB reads a batch's items in no
    // order
    AtomicBoolean interleave = new AtomicBoolean(true);
    DynamoDbClient interleaving =
        answeringBatchGets(
            request -> {
              if (!interleave.getAndSet(false)) {
                return real.batchGetItem(request);
              }
              KeysAndAttributes asked = request.requestItems().get(OBJECTS);
              List<Map<String, AttributeValue>> stateRow =
                  asked.keys().stream()
                      .filter(key -> key.get("object_name").s().equals("__STATE__"))
                      .toList();
              List<Map<String, AttributeValue>> objects =
                  asked.keys().stream().filter(key -> !stateRow.contains(key)).toList();
              List<Map<String, AttributeValue>> items = new ArrayList<>(read(objects, asked));
              repairSizeOfA(real, 20);
              items.addAll(read(stateRow, asked));
              return BatchGetItemResponse.builder().responses(Map.of(OBJECTS, items)).build();
            });

    // when a put of 5 bytes is applied through it
    new DynamoLedger(interleaving, OBJECTS, HISTORY).apply(bucket, List.of(put(bucket, "a", 5, 2)));

    // then the repair's 10 bytes are not counted twice: the write was refused and planned again
    assertThat(interleave).isFalse();
    assertThat(ledger.state(bucket).totalSize()).isEqualTo(5);
    assertThat(ledger.find(bucket, "a")).get().extracting(StoredObject::size).isEqualTo(5L);
  }

  @Test
  void keysDynamoDbLeavesUnprocessedAreAskedAgainAndTheApplyPlansFromWhatCameBack() {
    ledger.apply(bucket, List.of(put(bucket, "a", 10, 1)));
    AtomicInteger calls = new AtomicInteger();
    // the first answer leaves the state row unprocessed, as a throttled BatchGetItem may
    DynamoDbClient throttled =
        answeringBatchGets(
            request -> {
              if (calls.incrementAndGet() > 1) {
                return dynamo.client().batchGetItem(request);
              }
              KeysAndAttributes asked = request.requestItems().get(OBJECTS);
              List<Map<String, AttributeValue>> stateRow =
                  asked.keys().stream()
                      .filter(key -> key.get("object_name").s().equals("__STATE__"))
                      .toList();
              List<Map<String, AttributeValue>> objects =
                  asked.keys().stream().filter(key -> !stateRow.contains(key)).toList();
              return BatchGetItemResponse.builder()
                  .responses(Map.of(OBJECTS, read(objects, asked)))
                  .unprocessedKeys(Map.of(OBJECTS, asked.toBuilder().keys(stateRow).build()))
                  .build();
            });

    new DynamoLedger(throttled, OBJECTS, HISTORY).apply(bucket, List.of(put(bucket, "b", 5, 2)));

    assertThat(calls).hasValue(2);
    assertThat(ledger.state(bucket)).isEqualTo(new BucketState(15, 2, 2));
  }

  @Test
  void keysLeftUnprocessedSixTimesFailTheApplyAndWriteNothing() {
    ledger.apply(bucket, List.of(put(bucket, "a", 10, 1)));
    AtomicInteger calls = new AtomicInteger();
    DynamoDbClient throttled =
        answeringBatchGets(
            request -> {
              calls.incrementAndGet();
              return BatchGetItemResponse.builder()
                  .responses(Map.of())
                  .unprocessedKeys(request.requestItems())
                  .build();
            });

    assertThatThrownBy(
            () ->
                new DynamoLedger(throttled, OBJECTS, HISTORY)
                    .apply(bucket, List.of(put(bucket, "b", 5, 2))))
        .isInstanceOf(LedgerUnavailableException.class)
        .hasMessage("ledger read failed: DynamoDB left keys unprocessed 6 times");
    assertThat(calls).hasValue(6);
    assertThat(ledger.state(bucket)).isEqualTo(new BucketState(10, 1, 1));
    assertThat(ledger.find(bucket, "b")).isEmpty();
  }

  @Test
  void theStateRowAndAnObjectNamedLikeItComeBackInOneReadAndStayApart() {
    ledger.apply(bucket, List.of(put(bucket, "__STATE__", 7, 1)));

    ledger.apply(bucket, List.of(put(bucket, "__STATE__", 9, 2), put(bucket, "b", 1, 3)));

    assertThat(ledger.state(bucket)).isEqualTo(new BucketState(10, 2, 3));
    assertThat(ledger.find(bucket, "__STATE__")).get().extracting(StoredObject::size).isEqualTo(9L);
  }

  /**
   * The engine's client, but for BatchGetItem, which {@code batchGet} answers (calling the engine
   * itself or not).
   */
  private DynamoDbClient answeringBatchGets(
      Function<BatchGetItemRequest, BatchGetItemResponse> batchGet) {
    DynamoDbClient real = dynamo.client();
    return new DynamoDbClient() {
      @Override
      public BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
        return batchGet.apply(request);
      }

      @Override
      public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
        return real.transactWriteItems(request);
      }

      @Override
      public String serviceName() {
        return real.serviceName();
      }

      @Override
      public void close() {}
    };
  }

  /** The engine's answer for some of what a BatchGetItem asked. */
  private List<Map<String, AttributeValue>> read(
      List<Map<String, AttributeValue>> keys, KeysAndAttributes asked) {
    return dynamo
        .client()
        .batchGetItem(r -> r.requestItems(Map.of(OBJECTS, asked.toBuilder().keys(keys).build())))
        .responses()
        .get(OBJECTS);
  }

  @Test
  void aPlanMadeElsewhereIsWrittenOnlyWhileTheLedgerIsAsItWasRead() {
    ledger.apply(bucket, List.of(put(bucket, "a", 10, 1)));
    LedgerPlan fresh =
        new LedgerPlanner()
            .plan(
                bucket,
                ledger.state(bucket),
                Map.of(), // "b" is not in the ledger yet
                List.of(put(bucket, "b", 7, 1)));

    // the tracker commits another change between the plan's reads and its write
    ledger.apply(bucket, List.of(put(bucket, "c", 3, 1)));

    assertThat(ledger.writeIfUnchanged(fresh)).isFalse();
    assertThat(ledger.state(bucket)).isEqualTo(new BucketState(13, 2, 2));
    assertThat(ledger.find(bucket, "b")).isEmpty();

    // planned again from what is there now, it is written
    LedgerPlan again =
        new LedgerPlanner()
            .plan(bucket, ledger.state(bucket), Map.of(), List.of(put(bucket, "b", 7, 1)));
    assertThat(ledger.writeIfUnchanged(again)).isTrue();
    assertThat(ledger.state(bucket)).isEqualTo(new BucketState(20, 3, 3));
  }

  /**
   * What reconcile's repair writes when S3 says a holds {@code size} bytes: same sequencer, a new
   * total.
   */
  private void repairSizeOfA(DynamoDbClient client, long size) {
    Map<String, AttributeValue> objectKey =
        Map.of(
            "bucket_name", AttributeValue.fromS(bucket), "object_name", AttributeValue.fromS("a"));
    Map<String, AttributeValue> stateKey =
        Map.of(
            "bucket_name",
            AttributeValue.fromS(bucket),
            "object_name",
            AttributeValue.fromS("__STATE__"));
    Map<String, AttributeValue> object =
        new HashMap<>(client.getItem(r -> r.tableName(OBJECTS).key(objectKey)).item());
    Map<String, AttributeValue> state =
        new HashMap<>(client.getItem(r -> r.tableName(OBJECTS).key(stateKey)).item());
    long delta = size - Long.parseLong(object.get("size").n());
    object.put("size", AttributeValue.fromN(Long.toString(size)));
    state.put(
        "total_size",
        AttributeValue.fromN(Long.toString(Long.parseLong(state.get("total_size").n()) + delta)));
    state.put(
        "applied_count",
        AttributeValue.fromN(Long.toString(Long.parseLong(state.get("applied_count").n()) + 1)));
    client.transactWriteItems(
        r ->
            r.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName(OBJECTS).item(object)).build(),
                TransactWriteItem.builder().put(p -> p.tableName(OBJECTS).item(state)).build()));
  }

  @Test
  void aDuplicateEventChangesNothing() {
    ObjectEvent event = put(bucket, "a.txt", 18, 1);
    ledger.apply(bucket, List.of(event));

    LedgerPlan again = ledger.apply(bucket, List.of(event));

    assertThat(again.changesAnything()).isFalse();
    assertThat(ledger.state(bucket)).isEqualTo(new BucketState(18, 1, 1));
    assertThat(history()).hasSize(1);
  }

  @Test
  void eventsOfOneKeyInAnyOrderEndInTheNewestState() {
    List<ObjectEvent> events =
        List.of(
            put(bucket, "k", 10, 1),
            put(bucket, "k", 30, 2),
            delete(bucket, "k", 3),
            put(bucket, "k", 7, 4));
    Random random = new Random(42);
    for (int round = 0; round < 12; round++) {
      String roundBucket = bucket + "-" + round;
      List<ObjectEvent> shuffled =
          new ArrayList<>(events.stream().map(e -> rebucket(e, roundBucket)).toList());
      Collections.shuffle(shuffled, random);

      // each event arrives on its own, as separate deliveries would
      shuffled.forEach(e -> ledger.apply(roundBucket, List.of(e)));

      assertThat(ledger.state(roundBucket).totalSize()).as("order %s", shuffled).isEqualTo(7);
      assertThat(ledger.find(roundBucket, "k"))
          .get()
          .satisfies(
              o -> {
                assertThat(o.live()).isTrue();
                assertThat(o.size()).isEqualTo(7);
                assertThat(o.sequencer()).isEqualTo(events.get(3).sequencer());
              });
    }
  }

  @Test
  void aLatePutAfterADeleteDoesNotResurrectTheObject() {
    ledger.apply(bucket, List.of(put(bucket, "k", 18, 1)));
    ledger.apply(bucket, List.of(delete(bucket, "k", 3)));

    LedgerPlan late = ledger.apply(bucket, List.of(put(bucket, "k", 99, 2)));

    assertThat(late.skipped())
        .singleElement()
        .extracting(SkippedEvent::reason)
        .isEqualTo(SkippedEvent.Reason.STALE);
    assertThat(ledger.state(bucket)).isEqualTo(new BucketState(0, 0, 2));
    assertThat(ledger.find(bucket, "k")).get().extracting(StoredObject::live).isEqualTo(false);
    assertThat(ledger.largestFirst(bucket)).isEmpty();
  }

  @Test
  void anOverwriteRecordsTheDifferenceInHistory() {
    ledger.apply(bucket, List.of(put(bucket, "k", 18, 1)));
    ledger.apply(bucket, List.of(put(bucket, "k", 46, 2)));

    assertThat(history()).extracting(h -> h.get("size_delta").n()).containsExactly("18", "28");
    assertThat(history()).extracting(h -> h.get("total_size").n()).containsExactly("18", "46");
  }

  @Test
  void aDeleteSubtractsTheStoredSize() {
    ledger.apply(bucket, List.of(put(bucket, "a", 18, 1), put(bucket, "b", 28, 2)));

    ledger.apply(bucket, List.of(delete(bucket, "b", 3)));

    assertThat(ledger.state(bucket)).isEqualTo(new BucketState(18, 1, 3));
    assertThat(history())
        .extracting(h -> h.get("size_delta").n())
        .containsExactly("18", "28", "-28");
  }

  @Test
  void aKeysVersionsAreItemsOfTheirOwnFoundByVersionAndListedBySize() {
    ledger.apply(
        bucket,
        List.of(
            put(bucket, "k", 5, 1),
            io.s3clean.testing.TestEvents.ofVersion(put(bucket, "k", 30, 2), "v2"),
            io.s3clean.testing.TestEvents.ofVersion(put(bucket, "k", 12, 3), "v3"),
            io.s3clean.testing.TestEvents.deleteMarker(bucket, "k", "m4", 4)));

    assertThat(ledger.state(bucket)).isEqualTo(new BucketState(47, 3, 4));
    assertThat(ledger.find(bucket, new io.s3clean.event.VersionedKey("k", "v2")))
        .get()
        .extracting(StoredObject::size, StoredObject::versionId)
        .containsExactly(30L, "v2");
    assertThat(ledger.find(bucket, "k")).get().extracting(StoredObject::size).isEqualTo(5L);
    assertThat(ledger.largestFirst(bucket))
        .extracting(LedgerReader.SizedKey::object)
        .containsExactly(
            new io.s3clean.event.VersionedKey("k", "v2"),
            new io.s3clean.event.VersionedKey("k", "v3"),
            io.s3clean.event.VersionedKey.of("k"));
    assertThat(
            ledger.findAll(
                List.of(
                    new LedgerReader.ObjectRef(
                        bucket, new io.s3clean.event.VersionedKey("k", "v3")))))
        .hasSize(1);
    // history says which version each change was to; the marker's own id for a marker
    assertThat(history())
        .extracting(h -> h.containsKey("version_id") ? h.get("version_id").s() : null)
        .containsExactly(null, "v2", "v3", "m4");

    ledger.apply(
        bucket, List.of(io.s3clean.testing.TestEvents.ofVersion(delete(bucket, "k", 5), "v2")));

    assertThat(ledger.state(bucket)).isEqualTo(new BucketState(17, 2, 5));
  }

  @Test
  void aVersionOfAKeyNearS3sLimitIsStoredUnderAHashAndReadBackWhole() {
    String longKey = "__" + "k".repeat(1020); // 1,022 bytes: escaped, or with a version, too long
    io.s3clean.event.VersionedKey version = new io.s3clean.event.VersionedKey(longKey, "v9");
    ledger.apply(
        bucket,
        List.of(
            put(bucket, longKey, 3, 1),
            io.s3clean.testing.TestEvents.ofVersion(put(bucket, longKey, 7, 2), "v9")));

    assertThat(ledger.state(bucket)).isEqualTo(new BucketState(10, 2, 2));
    assertThat(ledger.find(bucket, version)).get().extracting(StoredObject::size).isEqualTo(7L);
    assertThat(ledger.find(bucket, longKey)).get().extracting(StoredObject::size).isEqualTo(3L);
    assertThat(ledger.largestFirst(bucket))
        .extracting(LedgerReader.SizedKey::object)
        .containsExactly(version, io.s3clean.event.VersionedKey.of(longKey));

    ledger.apply(
        bucket, List.of(io.s3clean.testing.TestEvents.ofVersion(delete(bucket, longKey, 3), "v9")));

    assertThat(ledger.state(bucket)).isEqualTo(new BucketState(3, 1, 3));
  }

  @Test
  void aKeyNamedLikeTheStateRowIsAnOrdinaryObject() {
    ledger.apply(bucket, List.of(put(bucket, "__STATE__", 5, 1), put(bucket, "a", 3, 2)));

    assertThat(ledger.state(bucket)).isEqualTo(new BucketState(8, 2, 2));
    assertThat(ledger.find(bucket, "__STATE__")).get().extracting(StoredObject::size).isEqualTo(5L);
    assertThat(ledger.largestFirst(bucket))
        .extracting(LedgerReader.SizedKey::key)
        .containsExactly("__STATE__", "a");
  }

  @Test
  void largestFirstListsLiveObjectsBySizeDescending() {
    ledger.apply(
        bucket,
        List.of(
            put(bucket, "s", 2, 1),
            put(bucket, "l", 28, 2),
            put(bucket, "m", 18, 3),
            put(bucket, "gone", 50, 4),
            delete(bucket, "gone", 5)));

    assertThat(ledger.largestFirst(bucket))
        .extracting(LedgerReader.SizedKey::key)
        .containsExactly("l", "m", "s");
  }

  @Test
  void findAllReadsManyObjectsInBatchesAndLeavesOutThoseTheLedgerDoesNotHold() {
    List<ObjectEvent> puts = new ArrayList<>();
    for (int i = 0; i < 230; i++) {
      puts.add(put(bucket, "k" + i, i + 1, i + 1));
    }
    for (int from = 0; from < puts.size(); from += Ledger.MAX_EVENTS_PER_APPLY) {
      ledger.apply(
          bucket, puts.subList(from, Math.min(from + Ledger.MAX_EVENTS_PER_APPLY, puts.size())));
    }
    ledger.apply(bucket, List.of(delete(bucket, "k7", 500)));
    List<LedgerReader.ObjectRef> asked = new ArrayList<>();
    for (int i = 0; i < 230; i++) {
      asked.add(new LedgerReader.ObjectRef(bucket, "k" + i));
    }
    asked.add(new LedgerReader.ObjectRef(bucket, "k3")); // asked twice
    asked.add(new LedgerReader.ObjectRef(bucket, "never-stored"));
    asked.add(new LedgerReader.ObjectRef("other-" + bucket, "k1"));

    Map<LedgerReader.ObjectRef, StoredObject> found = ledger.findAll(asked);

    assertThat(found).hasSize(230);
    assertThat(found.get(new LedgerReader.ObjectRef(bucket, "k229")))
        .isEqualTo(ledger.find(bucket, "k229").get());
    assertThat(found.get(new LedgerReader.ObjectRef(bucket, "k7")))
        .extracting(StoredObject::live)
        .isEqualTo(false);
    assertThat(found)
        .doesNotContainKeys(
            new LedgerReader.ObjectRef(bucket, "never-stored"),
            new LedgerReader.ObjectRef("other-" + bucket, "k1"));
    assertThat(ledger.findAll(List.of())).isEmpty();
  }

  @Test
  void objectsListsLiveObjectsAndTombstonesButNotTheStateRow() {
    ledger.apply(
        bucket,
        List.of(
            put(bucket, "__STATE__", 5, 1), put(bucket, "gone", 7, 2), delete(bucket, "gone", 3)));

    assertThat(new DynamoLedgerReader(dynamo.client(), OBJECTS).objects(bucket))
        .extracting(StoredObject::key, StoredObject::live)
        .containsExactlyInAnyOrder(tuple("__STATE__", true), tuple("gone", false));
  }

  @Test
  void concurrentWritersKeepTheTotalExact() throws Exception {
    // given 6 writers applying interleaved, duplicated and reordered events of 40 keys in one
    // bucket
    int keys = 40;
    List<ObjectEvent> events = new ArrayList<>();
    Random random = new Random(7);
    Map<String, ObjectEvent> newest = new HashMap<>();
    long order = 1;
    for (int round = 0; round < 4; round++) {
      for (int k = 0; k < keys; k++) {
        ObjectEvent event =
            random.nextInt(4) == 0
                ? delete(bucket, "key-" + k, order++)
                : put(bucket, "key-" + k, random.nextInt(1_000_000), order++);
        events.add(event);
        newest.put(event.key(), event);
      }
    }
    List<ObjectEvent> deliveries = new ArrayList<>(events);
    deliveries.addAll(events.subList(0, events.size() / 3));
    Collections.shuffle(deliveries, random);

    // when they apply in small groups at once
    ExecutorService pool = Executors.newFixedThreadPool(6);
    List<Future<?>> done = new ArrayList<>();
    for (int i = 0; i < deliveries.size(); i += 5) {
      List<ObjectEvent> group = deliveries.subList(i, Math.min(i + 5, deliveries.size()));
      done.add(pool.submit(() -> ledger.apply(bucket, group)));
    }
    for (Future<?> f : done) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();

    // then the total is the sum of live sizes, and history's last record says the same
    long expected =
        newest.values().stream()
            .filter(e -> e.kind() == ObjectEvent.Kind.CREATED)
            .mapToLong(ObjectEvent::size)
            .sum();
    BucketState state = ledger.state(bucket);
    assertThat(state.totalSize()).isEqualTo(expected);
    assertThat(state.objectCount())
        .isEqualTo(
            newest.values().stream().filter(e -> e.kind() == ObjectEvent.Kind.CREATED).count());
    List<Map<String, AttributeValue>> history = history();
    assertThat(history).hasSize((int) state.appliedCount());
    assertThat(history.get(history.size() - 1).get("total_size").n())
        .isEqualTo(Long.toString(expected));
    assertThat(history)
        .extracting(h -> Long.parseLong(h.get("seq").n()))
        .containsExactlyElementsOf(
            java.util.stream.LongStream.rangeClosed(1, state.appliedCount()).boxed().toList());
    // and every history delta sums to the total
    assertThat(history.stream().mapToLong(h -> Long.parseLong(h.get("size_delta").n())).sum())
        .isEqualTo(expected);
    newest
        .values()
        .forEach(
            e ->
                assertThat(ledger.find(bucket, e.key()))
                    .get()
                    .satisfies(o -> assertThat(o.sequencer()).isEqualTo(e.sequencer())));
  }

  private List<Map<String, AttributeValue>> history() {
    return dynamo
        .client()
        .queryPaginator(
            q ->
                q.tableName(HISTORY)
                    .keyConditionExpression("bucket_name = :b")
                    .expressionAttributeValues(Map.of(":b", AttributeValue.fromS(bucket))))
        .items()
        .stream()
        .toList();
  }

  private static ObjectEvent rebucket(ObjectEvent e, String bucket) {
    return new ObjectEvent(
        bucket, e.key(), e.kind(), e.eventName(), e.size(), e.sequencer(), e.eventTime());
  }
}
