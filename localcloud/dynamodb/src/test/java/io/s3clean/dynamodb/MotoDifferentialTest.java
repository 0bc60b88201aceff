package io.s3clean.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.s3clean.dynamodb.testing.MotoServer;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.Get;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The same seeded random sequence of DynamoDB calls sent to moto (the oracle) and to our engine,
 * with the same outcome expected from both: items (numbers compared as numbers, sets as sets),
 * query pages and their LastEvaluatedKey, error codes (never messages).
 *
 * <p>Values come from small domains so that keys collide, conditions fail and writes overwrite
 * often. Where moto contradicts AWS's documentation the generator does not go: those cases are
 * listed, with the AWS page that decides each, under "Intended divergences from moto" in
 * docs/dynamodb.md, and marked {@code // divergence:} below.
 *
 * <p>{@code -Ddifferential.seeds=N} runs N fresh random seeds (default 5), {@code
 * -Ddifferential.seed=S} replays one, {@code -Ddifferential.ops=N} sets the operations per seed
 * (default 300). A default run starts no new seed after 30 s. {@code -Ddifferential.against=moto}
 * puts a second moto where the engine goes: the harness must pass against itself, which checks the
 * generator is deterministic.
 */
class MotoDifferentialTest {
  private static final int DEFAULT_SEEDS = 5;
  private static final int DEFAULT_OPS = 300;
  private static final int DEFAULT_BUDGET_SECONDS = 30;

  private static MotoServer moto;
  private static MotoServer secondMoto;
  private static DynamoDbServer engine;
  private static DynamoDbClient expected;
  private static DynamoDbClient actual;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(
        MotoServer.installed(),
        "python3 cannot import moto (pip install 'moto[server]'), the oracle of this test; CI has it");
    Path logs = Path.of("target", "moto");
    moto = MotoServer.start(logs);
    expected = client(moto.endpoint());
    if ("moto".equals(System.getProperty("differential.against"))) {
      secondMoto = MotoServer.start(logs);
      actual = client(secondMoto.endpoint());
    } else {
      engine = DynamoDbServer.start(DynamoDbServer.Options.inMemory());
      actual = client(engine.endpoint());
    }
  }

  @AfterAll
  static void stop() throws Exception {
    for (DynamoDbClient client : new DynamoDbClient[] {expected, actual}) {
      if (client != null) {
        client.close();
      }
    }
    if (engine != null) {
      engine.close();
    }
    for (MotoServer server : new MotoServer[] {moto, secondMoto}) {
      if (server != null) {
        server.close();
      }
    }
  }

  private static DynamoDbClient client(URI endpoint) {
    return DynamoDbClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.create())
        // A retried call would run twice on one side only; and a 500 should show, not be hidden.
        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  @TestFactory
  Stream<DynamicTest> sameOutcomesAsMoto() {
    int ops = Integer.getInteger("differential.ops", DEFAULT_OPS);
    // Default runs stop starting seeds after a budget, so a loaded CI machine stays well under a
    // minute; seeds asked for explicitly all run.
    boolean budgeted =
        System.getProperty("differential.seed") == null
            && System.getProperty("differential.seeds") == null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEFAULT_BUDGET_SECONDS);
    return seeds()
        .mapToObj(
            seed ->
                DynamicTest.dynamicTest(
                    "seed " + seed,
                    () -> {
                      assumeTrue(
                          !budgeted || System.nanoTime() < deadline,
                          "the default run's "
                              + DEFAULT_BUDGET_SECONDS
                              + " s are spent; seed "
                              + seed
                              + " not run");
                      run(seed, ops);
                    }));
  }

  private static LongStream seeds() {
    String one = System.getProperty("differential.seed");
    if (one != null && !one.isBlank()) {
      return LongStream.of(Long.parseLong(one.trim()));
    }
    int count = Integer.getInteger("differential.seeds", DEFAULT_SEEDS);
    return new SplittableRandom().longs(count, 0, Long.MAX_VALUE);
  }

  private static void run(long seed, int opCount) {
    System.err.printf(
        "MotoDifferentialTest: seed %d (replay with -Ddifferential.seed=%d)%n", seed, seed);
    Generator generator = new Generator(seed);
    List<Op> setup = generator.createTables();
    Map<String, Integer> outcomes = new TreeMap<>();
    try {
      int index = 0;
      for (Op op : setup) {
        compare(seed, index++, op, outcomes, generator);
      }
      for (int i = 0; i < opCount; i++) {
        compare(seed, index, generator.next(index), outcomes, generator);
        index++;
      }
      for (Op op : generator.finalScans()) {
        compare(seed, index++, op, outcomes, generator);
      }
      // How often each outcome came up: a generator whose calls all fail tests little.
      System.err.printf("MotoDifferentialTest: seed %d outcomes %s%n", seed, outcomes);
    } finally {
      for (DynamoDbClient client : new DynamoDbClient[] {expected, actual}) {
        for (String table : List.of(generator.rangeTable, generator.hashTable)) {
          try {
            client.deleteTable(b -> b.tableName(table));
          } catch (RuntimeException alreadyGoneOrNeverMade) {
            // the outcome of the run is decided above
          }
        }
      }
    }
  }

  private static void compare(
      long seed, int index, Op op, Map<String, Integer> outcomes, Generator generator) {
    Object want = op.outcome(expected);
    Object got = op.outcome(actual);
    String kind = op.description().substring(0, op.description().indexOf(' '));
    outcomes.merge(
        kind + " " + (want instanceof Failure ? ((Failure) want).errorCode() : "ok"),
        1,
        Integer::sum);
    if (!got.equals(want)) {
      assertThat(got)
          .as(
              "seed %d op %d: %s%n(items that differ after it: %s)",
              seed, index, op, generator.stateDifference())
          .isEqualTo(want);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Operations and their outcomes, in a form that compares as DynamoDB's semantics do.

  /** One call, the same request object for both sides. */
  private record Op(String description, Function<DynamoDbClient, Object> call) {
    Object outcome(DynamoDbClient client) {
      try {
        return call.apply(client);
      } catch (TransactionCanceledException e) {
        List<Object> reasons = new ArrayList<>();
        if (e.hasCancellationReasons()) {
          for (CancellationReason reason : e.cancellationReasons()) {
            Map<String, Object> r = new TreeMap<>();
            r.put("Code", reason.code());
            if (reason.hasItem()) {
              r.put("Item", item(reason.item()));
            }
            reasons.add(r);
          }
        }
        return new Failure(e.getClass().getSimpleName(), code(e), reasons);
      } catch (ConditionalCheckFailedException e) {
        return new Failure(
            e.getClass().getSimpleName(), code(e), e.hasItem() ? item(e.item()) : "no item");
      } catch (AwsServiceException e) {
        return new Failure(e.getClass().getSimpleName(), code(e), null);
      } catch (SdkClientException e) {
        // An answer the SDK could not read: not what moto's would be, and worth seeing as is.
        return new Failure(e.getClass().getSimpleName(), "client: " + e.getMessage(), null);
      }
    }

    private static String code(AwsServiceException e) {
      String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
      return code != null ? code : "HTTP " + e.statusCode();
    }

    @Override
    public String toString() {
      return description;
    }
  }

  /** A failed call: the SDK's exception class, the error code, and what else the error carries. */
  private record Failure(String exception, String errorCode, Object detail) {}

  /** A set attribute: its type and members, numbers canonical. */
  private record SetOf(String type, TreeSet<String> members) {}

  static Object value(AttributeValue v) {
    switch (v.type()) {
      case S:
        return "S:" + v.s();
      case N:
        return "N:" + number(v.n());
      case B:
        return "B:" + Base64.getEncoder().encodeToString(v.b().asByteArray());
      case BOOL:
        return "BOOL:" + v.bool();
      case NUL:
        return "NULL";
      case SS:
        return new SetOf("SS", new TreeSet<>(v.ss()));
      case NS:
        return new SetOf(
            "NS",
            v.ns().stream()
                .map(MotoDifferentialTest::number)
                .collect(Collectors.toCollection(TreeSet::new)));
      case BS:
        return new SetOf(
            "BS",
            v.bs().stream()
                .map(b -> Base64.getEncoder().encodeToString(b.asByteArray()))
                .collect(Collectors.toCollection(TreeSet::new)));
      case L:
        return v.l().stream().map(MotoDifferentialTest::value).collect(Collectors.toList());
      case M:
        return item(v.m());
      default:
        return "unknown type: " + v;
    }
  }

  static String number(String n) {
    try {
      return new BigDecimal(n).stripTrailingZeros().toString();
    } catch (NumberFormatException e) {
      return "not a number: " + n;
    }
  }

  static Map<String, Object> item(Map<String, AttributeValue> attributes) {
    Map<String, Object> canonical = new TreeMap<>();
    attributes.forEach((name, v) -> canonical.put(name, value(v)));
    return canonical;
  }

  /** Items in an order of their own, for results whose order DynamoDB leaves unspecified. */
  static List<Map<String, Object>> sorted(List<Map<String, AttributeValue>> items) {
    return items.stream()
        .map(MotoDifferentialTest::item)
        .sorted(Comparator.comparing(Object::toString))
        .collect(Collectors.toList());
  }

  static List<Map<String, Object>> inOrder(List<Map<String, AttributeValue>> items) {
    return items.stream().map(MotoDifferentialTest::item).collect(Collectors.toList());
  }

  static Object table(TableDescription t) {
    Map<String, Object> d = new TreeMap<>();
    d.put("TableName", t.tableName());
    d.put(
        "KeySchema",
        t.keySchema().stream()
            .map(k -> k.attributeName() + " " + k.keyTypeAsString())
            .collect(Collectors.toList()));
    d.put(
        "AttributeDefinitions",
        t.attributeDefinitions().stream()
            .map(a -> a.attributeName() + " " + a.attributeTypeAsString())
            .sorted()
            .collect(Collectors.toList()));
    List<Object> indexes = new ArrayList<>();
    for (GlobalSecondaryIndexDescription index : t.globalSecondaryIndexes()) {
      indexes.add(
          List.of(
              index.indexName(),
              index.keySchema().stream()
                  .map(k -> k.attributeName() + " " + k.keyTypeAsString())
                  .collect(Collectors.toList()),
              index.projection().projectionTypeAsString()));
    }
    d.put("GlobalSecondaryIndexes", indexes);
    return d;
  }

  // ---------------------------------------------------------------------------------------------
  // The generator.

  /** Builds an expression's names and values, only the ones the expression uses. */
  private static final class Expr {
    final Map<String, String> names = new TreeMap<>();
    final Map<String, AttributeValue> values = new TreeMap<>();
    private final Random random;

    Expr(Random random) {
      this.random = random;
    }

    /** A document path, each element named through ExpressionAttributeNames a third of the time. */
    String path(String path) {
      StringBuilder out = new StringBuilder();
      for (String element : path.split("\\.")) {
        if (out.length() > 0) {
          out.append('.');
        }
        int bracket = element.indexOf('[');
        String name = bracket < 0 ? element : element.substring(0, bracket);
        String index = bracket < 0 ? "" : element.substring(bracket);
        // Not an element with an index: moto takes "#n0[1]" in a Scan's ProjectionExpression for
        // an unused name (ValidationException), though AWS's examples name such paths.
        if (bracket < 0 && random.nextInt(3) == 0) {
          String alias = "#n" + names.size();
          names.put(alias, name);
          name = alias;
        }
        out.append(name).append(index);
      }
      return out.toString();
    }

    String value(AttributeValue v) {
      String placeholder = ":v" + values.size();
      values.put(placeholder, v);
      return placeholder;
    }

    Map<String, String> namesOrNull() {
      return names.isEmpty() ? null : names;
    }

    Map<String, AttributeValue> valuesOrNull() {
      return values.isEmpty() ? null : values;
    }
  }

  private static final class Generator {
    // Table with hash and range key and a GSI, and a hash-only table with a number key.
    static final List<String> PKS = List.of("p0", "p1", "p2");
    static final List<String> SKS = List.of("a", "a#1", "a#2", "b", "b#1", "c");
    static final List<String> SK_OPERANDS =
        List.of("a", "a#", "a#1", "a#2", "b", "b#", "b#1", "c", "d");
    // "1.0" is the key "1" spelt differently: the same item.
    static final List<String> IDS = List.of("0", "1", "1.0", "2", "3", "-1", "2.5");
    static final List<String> NUMBERS = List.of("-2", "-1", "0", "1", "1.5", "2", "3", "10");
    static final List<String> DELTAS = List.of("-1", "1", "2", "0.5");
    static final List<String> STRINGS = List.of("", "a", "ab", "abc", "b", "ba");
    static final List<String> OPERAND_STRINGS = List.of("a", "ab", "abc", "b", "ba", "c");
    static final List<String> TAGS = List.of("x", "y", "z");
    // Canonical spellings only. divergence: moto compares set members as strings ("1.0" is not 1).
    static final List<String> SET_NUMBERS = List.of("1", "2", "3");
    static final List<String> GROUPS = List.of("g0", "g1");
    static final String INDEX = "byGroup";

    final Random random;
    final String rangeTable;
    final String hashTable;

    Generator(long seed) {
      random = new Random(seed);
      String suffix = Long.toString(seed, 36);
      rangeTable = "diff-" + suffix + "-range";
      hashTable = "diff-" + suffix + "-hash";
    }

    List<Op> createTables() {
      CreateTableRequest range =
          CreateTableRequest.builder()
              .tableName(rangeTable)
              .billingMode(BillingMode.PAY_PER_REQUEST)
              .attributeDefinitions(
                  attribute("pk", ScalarAttributeType.S), attribute("sk", ScalarAttributeType.S),
                  attribute("gpk", ScalarAttributeType.S), attribute("gsk", ScalarAttributeType.N))
              .keySchema(key("pk", KeyType.HASH), key("sk", KeyType.RANGE))
              .globalSecondaryIndexes(
                  GlobalSecondaryIndex.builder()
                      .indexName(INDEX)
                      .keySchema(key("gpk", KeyType.HASH), key("gsk", KeyType.RANGE))
                      .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                      .build())
              .build();
      CreateTableRequest hash =
          CreateTableRequest.builder()
              .tableName(hashTable)
              .billingMode(BillingMode.PAY_PER_REQUEST)
              .attributeDefinitions(attribute("id", ScalarAttributeType.N))
              .keySchema(key("id", KeyType.HASH))
              .build();
      return List.of(
          new Op("CreateTable " + range, c -> table(c.createTable(range).tableDescription())),
          new Op("CreateTable " + hash, c -> table(c.createTable(hash).tableDescription())));
    }

    private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
      return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
      return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    /** The items only one side has, after a mismatch: what the sequence did differently. */
    String stateDifference() {
      Map<String, Object> difference = new TreeMap<>();
      for (String table : List.of(rangeTable, hashTable)) {
        try {
          ScanRequest all = ScanRequest.builder().tableName(table).build();
          List<Object> want = scannedItems(expected, all);
          List<Object> got = scannedItems(actual, all);
          List<Object> onlyWant = new ArrayList<>(want);
          onlyWant.removeAll(got);
          List<Object> onlyGot = new ArrayList<>(got);
          onlyGot.removeAll(want);
          if (!onlyWant.isEmpty() || !onlyGot.isEmpty()) {
            difference.put(table, Map.of("only moto", onlyWant, "only ours", onlyGot));
          }
        } catch (RuntimeException e) {
          difference.put(table, "cannot scan: " + e);
        }
      }
      return difference.isEmpty() ? "none" : difference.toString();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> scannedItems(DynamoDbClient client, ScanRequest request) {
      return new ArrayList<>(
          (List<Object>) ((Map<String, Object>) scanAll(client, request)).get("Items"));
    }

    List<Op> finalScans() {
      List<Op> scans = new ArrayList<>();
      for (String table : List.of(rangeTable, hashTable)) {
        ScanRequest all = ScanRequest.builder().tableName(table).build();
        scans.add(new Op("final Scan " + all, c -> scanAll(c, all)));
      }
      ScanRequest index = ScanRequest.builder().tableName(rangeTable).indexName(INDEX).build();
      scans.add(new Op("final Scan " + index, c -> scanAll(c, index)));
      return scans;
    }

    Op next(int index) {
      int roll = random.nextInt(100);
      if (roll < 20) {
        return putItem();
      } else if (roll < 40) {
        return updateItem(index);
      } else if (roll < 47) {
        return deleteItem();
      } else if (roll < 54) {
        return getItem();
      } else if (roll < 59) {
        return batchWrite();
      } else if (roll < 63) {
        return batchGet();
      } else if (roll < 73) {
        return transactWrite(index);
      } else if (roll < 77) {
        return transactGet();
      } else if (roll < 85) {
        return queryTable();
      } else if (roll < 93) {
        return queryIndex();
      } else {
        return scan();
      }
    }

    // --- keys and items

    /** A key of one of the two tables. */
    private record Key(String table, Map<String, AttributeValue> attributes, int ordinal) {
      boolean ranged() {
        return attributes.containsKey("sk");
      }

      /** The same item for DynamoDB: numbers compare as numbers ("1.0" is "1"). */
      String identity() {
        return table
            + value(attributes.getOrDefault("id", s("-")))
            + attributes.get("pk")
            + attributes.get("sk");
      }
    }

    private Key anyKey() {
      return random.nextInt(3) < 2 ? rangeKey() : hashKey();
    }

    private Key rangeKey() {
      int p = random.nextInt(PKS.size());
      int s = random.nextInt(SKS.size());
      Map<String, AttributeValue> key = new LinkedHashMap<>();
      key.put("pk", s(PKS.get(p)));
      key.put("sk", s(SKS.get(s)));
      return new Key(rangeTable, key, p * SKS.size() + s);
    }

    private Key hashKey() {
      return new Key(hashTable, Map.of("id", n(pick(IDS))), 0);
    }

    /** Up to {@code max} keys, no item twice (DynamoDB refuses repeated keys in one batch). */
    private List<Key> distinctKeys(int max) {
      int count = 1 + random.nextInt(max);
      Map<String, Key> keys = new LinkedHashMap<>();
      for (int i = 0; i < count * 3 && keys.size() < count; i++) {
        Key key = anyKey();
        keys.putIfAbsent(key.identity(), key);
      }
      return new ArrayList<>(keys.values());
    }

    private Map<String, AttributeValue> newItem(Key key) {
      Map<String, AttributeValue> item = new LinkedHashMap<>(key.attributes());
      if (chance(60)) {
        item.put("n", n(pick(NUMBERS)));
      }
      if (chance(50)) {
        item.put("s", s(pick(STRINGS)));
      }
      if (chance(40)) {
        item.put("ss", stringSet());
      }
      if (chance(30)) {
        item.put("ns", numberSet());
      }
      if (chance(40)) {
        item.put("l", list(random.nextInt(4)));
      }
      if (chance(30)) {
        item.put("m", map());
      }
      if (chance(25)) {
        item.put("b", AttributeValue.fromBool(random.nextBoolean()));
      }
      if (key.ranged()) {
        if (chance(70)) {
          item.put("gpk", s(pick(GROUPS)));
        }
        if (chance(70)) {
          item.put("gsk", groupSortKey(key));
        }
      }
      return item;
    }

    /**
     * The GSI's sort key. Ties in it would leave the order within a group unspecified (moto and the
     * engine could both be right and still differ, also across page boundaries), so the generator
     * never makes one: every item's gsk is its own key's ordinal (1-18) plus a multiple of 100
     * (never 0 either: moto's BETWEEN is false for a 0, see atom()), and updates only ever set such
     * a value or add a multiple of 100 to one. Distinct items never share a gsk, yet the GSI's
     * order is not the table's.
     */
    private AttributeValue groupSortKey(Key key) {
      return n(String.valueOf(key.ordinal() + 1 + 100 * (random.nextInt(5) - 2)));
    }

    private AttributeValue stringSet() {
      return AttributeValue.fromSs(subset(TAGS));
    }

    private AttributeValue numberSet() {
      return AttributeValue.fromNs(subset(SET_NUMBERS));
    }

    private List<String> subset(List<String> domain) {
      List<String> out = new ArrayList<>();
      for (String member : domain) {
        if (chance(50)) {
          out.add(member);
        }
      }
      if (out.isEmpty()) {
        out.add(pick(domain));
      }
      return out;
    }

    private AttributeValue list(int size) {
      List<AttributeValue> elements = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        elements.add(scalar());
      }
      return AttributeValue.fromL(elements);
    }

    private AttributeValue scalar() {
      return chance(50) ? n(pick(NUMBERS)) : s(pick(OPERAND_STRINGS));
    }

    private AttributeValue map() {
      Map<String, AttributeValue> m = new LinkedHashMap<>();
      if (chance(70)) {
        m.put("x", n(pick(NUMBERS)));
      }
      if (chance(60)) {
        m.put("y", s(pick(OPERAND_STRINGS)));
      }
      return AttributeValue.fromM(m);
    }

    // --- conditions

    /**
     * A condition on an item of {@code key}'s table. In a filter ({@code forFilter}) key attributes
     * are left out: divergence, moto accepts a Query filter on a key attribute.
     */
    private String condition(Expr e, Key key, boolean forFilter, int depth) {
      int roll = random.nextInt(depth > 1 ? 80 : 100);
      if (roll < 80) {
        return atom(e, key, forFilter);
      } else if (roll < 87) {
        return "NOT " + atom(e, key, forFilter);
      } else if (roll < 94) {
        return "("
            + condition(e, key, forFilter, depth + 1)
            + " AND "
            + condition(e, key, forFilter, depth + 1)
            + ")";
      } else {
        return "("
            + condition(e, key, forFilter, depth + 1)
            + " OR "
            + condition(e, key, forFilter, depth + 1)
            + ")";
      }
    }

    private static final List<String> COMPARATORS = List.of("=", "<>", "<", "<=", ">", ">=");
    private static final List<String> PATHS =
        List.of("n", "s", "ss", "ns", "l", "m", "m.x", "m.y", "l[0]", "l[2]", "b", "zz");
    private static final List<String> TYPES = List.of("N", "S", "SS", "NS", "L", "M", "BOOL");

    // Every attribute keeps one type (n is N, s is S, m.x is N, ...), so no comparison ever
    // mixes types. divergence: moto answers HTTP 500 to a comparison of an N with an S.
    private String atom(Expr e, Key key, boolean forFilter) {
      String keyName = key.ranged() ? "pk" : "id";
      switch (random.nextInt(forFilter ? 13 : 15)) {
        case 0:
          return "attribute_exists(" + e.path(pick(PATHS)) + ")";
        case 1:
          return "attribute_not_exists(" + e.path(pick(PATHS)) + ")";
        case 2:
          return e.path("n") + " " + pick(COMPARATORS) + " " + e.value(n(pick(NUMBERS)));
        case 3:
          return e.path("s") + " " + pick(COMPARATORS) + " " + e.value(s(pick(STRINGS)));
        case 4:
          return "begins_with(" + e.path("s") + ", " + e.value(s(pick(OPERAND_STRINGS))) + ")";
        case 5:
          switch (random.nextInt(4)) {
            case 0:
              return "contains(" + e.path("ss") + ", " + e.value(s(pick(TAGS))) + ")";
            case 1:
              return "contains(" + e.path("ns") + ", " + e.value(n(pick(SET_NUMBERS))) + ")";
            case 2:
              return "contains(" + e.path("s") + ", " + e.value(s(pick(OPERAND_STRINGS))) + ")";
            default:
              return "contains(" + e.path("l") + ", " + e.value(scalar()) + ")";
          }
        case 6:
          {
            // Bounds in order: AWS refuses them the other way round, moto answers "false".
            // divergence: moto's BETWEEN is false for a value of 0 (or ""), whatever the bounds;
            // the guard n <> 0 gives both sides the same answer for n = 0, inside NOT too.
            int a = random.nextInt(NUMBERS.size());
            int b = a + random.nextInt(NUMBERS.size() - a);
            return "("
                + e.path("n")
                + " <> "
                + e.value(n("0"))
                + " AND "
                + e.path("n")
                + " BETWEEN "
                + e.value(n(NUMBERS.get(a)))
                + " AND "
                + e.value(n(NUMBERS.get(b)))
                + ")";
          }
        case 7:
          {
            int count = 1 + random.nextInt(3);
            List<String> operands = new ArrayList<>();
            for (int i = 0; i < count; i++) {
              operands.add(e.value(n(pick(NUMBERS))));
            }
            return e.path("n") + " IN (" + String.join(", ", operands) + ")";
          }
        case 8:
          return "attribute_type(" + e.path(pick(PATHS)) + ", " + e.value(s(pick(TYPES))) + ")";
        case 9:
          return chance(50)
              ? e.path("m.x") + " " + pick(COMPARATORS) + " " + e.value(n(pick(NUMBERS)))
              : e.path("m.y") + " = " + e.value(s(pick(OPERAND_STRINGS)));
        case 10:
          return e.path("b") + " = " + e.value(AttributeValue.fromBool(random.nextBoolean()));
        case 11:
          {
            // Guarded: moto answers HTTP 500 to size() of a missing attribute (AWS documents no
            // error there); attribute_exists first keeps both sides off that path.
            String path = pick(List.of("s", "ss", "ns", "l", "m"));
            return "(attribute_exists("
                + e.path(path)
                + ") AND size("
                + e.path(path)
                + ") "
                + pick(COMPARATORS)
                + " "
                + e.value(n(String.valueOf(random.nextInt(4))))
                + ")";
          }
        case 12:
          return e.path("l[0]") + " = " + e.value(scalar());
        case 13:
          return "attribute_exists(" + e.path(keyName) + ")";
        default:
          return "attribute_not_exists(" + e.path(keyName) + ")";
      }
    }

    // --- single-item writes and reads

    private Op putItem() {
      Key key = anyKey();
      Map<String, AttributeValue> item = newItem(key);
      PutItemRequest.Builder request = PutItemRequest.builder().tableName(key.table()).item(item);
      if (chance(50)) {
        Expr e = new Expr(random);
        request
            .conditionExpression(condition(e, key, false, 0))
            .expressionAttributeNames(e.namesOrNull())
            .expressionAttributeValues(e.valuesOrNull());
        if (chance(50)) {
          request.returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
        }
      }
      if (chance(40)) {
        request.returnValues(ReturnValue.ALL_OLD);
      }
      PutItemRequest r = request.build();
      return new Op("PutItem " + r, c -> attributes(c.putItem(r).attributes()));
    }

    private static Map<String, Object> attributes(Map<String, AttributeValue> attributes) {
      // The SDK gives an empty map for an absent "Attributes"; the two mean the same.
      return Map.of("Attributes", item(attributes));
    }

    private Op updateItem(int index) {
      Key key = anyKey();
      Expr e = new Expr(random);
      boolean conditional = chance(40);
      ReturnValue returnValue =
          pick(
              List.of(
                  ReturnValue.NONE,
                  ReturnValue.ALL_OLD,
                  ReturnValue.ALL_NEW,
                  ReturnValue.UPDATED_OLD,
                  ReturnValue.UPDATED_NEW));
      boolean updated =
          returnValue == ReturnValue.UPDATED_OLD || returnValue == ReturnValue.UPDATED_NEW;
      // Clauses that may fail on the item's data (n = n + 1 with no n) only come without a
      // condition: which error wins when both apply is not documented.
      String update =
          updateExpression(
              e, key, updated ? Mode.CHANGING : conditional ? Mode.SAFE : Mode.ANY, index);
      UpdateItemRequest.Builder request =
          UpdateItemRequest.builder()
              .tableName(key.table())
              .key(key.attributes())
              .updateExpression(update)
              .returnValues(returnValue);
      String condition = conditional ? condition(e, key, false, 0) : null;
      if (updated) {
        // divergence: moto puts the key attributes into UPDATED_NEW when the update creates the
        // item; existing items only keep both sides on documented ground.
        String exists = "attribute_exists(" + e.path(key.ranged() ? "pk" : "id") + ")";
        condition = condition == null ? exists : exists + " AND " + condition;
      }
      if (condition != null) {
        request.conditionExpression(condition);
        if (chance(50)) {
          request.returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
        }
      }
      request.expressionAttributeNames(e.namesOrNull()).expressionAttributeValues(e.valuesOrNull());
      UpdateItemRequest r = request.build();
      return new Op("UpdateItem " + r, c -> attributes(c.updateItem(r).attributes()));
    }

    private enum Mode {
      /** Any clause, also those that fail on the item's data. */
      ANY,
      /** Only clauses that succeed on every item (inside transactions and with conditions). */
      SAFE,
      /**
       * Only clauses that change what they touch. divergence: moto's UPDATED_OLD / UPDATED_NEW
       * leave out an attribute an update set to the value it had, and give a whole top-level map
       * for a nested update; so, for those return values, nothing nested and nothing that can leave
       * a value as it was.
       */
      CHANGING
    }

    private String updateExpression(Expr e, Key key, Mode mode, int index) {
      List<String> attributes = new ArrayList<>(List.of("n", "s", "ss", "ns", "l", "m", "b"));
      if (key.ranged()) {
        attributes.add("gpk");
        attributes.add("gsk");
      }
      java.util.Collections.shuffle(attributes, random);
      int count = 1 + random.nextInt(3);
      Map<String, List<String>> clauses = new TreeMap<>();
      for (String attribute : attributes.subList(0, count)) {
        String[] clause = clause(e, key, attribute, mode, index);
        clauses.computeIfAbsent(clause[0], k -> new ArrayList<>()).add(clause[1]);
      }
      List<String> parts = new ArrayList<>();
      clauses.forEach((action, list) -> parts.add(action + " " + String.join(", ", list)));
      java.util.Collections.shuffle(parts, random);
      return String.join(" ", parts);
    }

    /** One clause on one top-level attribute: {action, clause}. */
    private String[] clause(Expr e, Key key, String attribute, Mode mode, int index) {
      String p = e.path(attribute);
      boolean any = mode == Mode.ANY;
      boolean changing = mode == Mode.CHANGING;
      String unique = "u" + index;
      switch (attribute) {
        case "n":
          switch (random.nextInt(any ? 6 : 4)) {
            case 0:
              return changing
                  ? new String[] {"ADD", p + " " + e.value(n(pick(DELTAS)))}
                  : new String[] {"SET", p + " = " + e.value(n(pick(NUMBERS)))};
            case 1:
              return new String[] {
                "SET",
                p
                    + " = if_not_exists("
                    + e.path("n")
                    + ", "
                    + e.value(n(pick(NUMBERS)))
                    + ") "
                    + pick(List.of("+", "-"))
                    + " "
                    + e.value(n(pick(DELTAS)))
              };
            case 2:
              return new String[] {"ADD", p + " " + e.value(n(pick(DELTAS)))};
            case 3:
              return new String[] {"REMOVE", p};
            case 4:
              return new String[] {
                "SET",
                p
                    + " = "
                    + e.path("n")
                    + " "
                    + pick(List.of("+", "-"))
                    + " "
                    + e.value(n(pick(DELTAS)))
              };
            default:
              return new String[] {
                "SET", p + " = " + e.value(n(pick(DELTAS))) + " - " + e.path("n")
              };
          }
        case "s":
          switch (random.nextInt(3)) {
            case 0:
              return new String[] {
                "SET", p + " = " + e.value(s(changing ? unique : pick(STRINGS)))
              };
            case 1:
              return changing
                  ? new String[] {"REMOVE", p}
                  : new String[] {
                    "SET",
                    p
                        + " = if_not_exists("
                        + e.path("s")
                        + ", "
                        + e.value(s(pick(OPERAND_STRINGS)))
                        + ")"
                  };
            default:
              return new String[] {"REMOVE", p};
          }
        case "ss":
          switch (random.nextInt(changing ? 2 : 4)) {
            case 0:
              return new String[] {
                "ADD",
                p + " " + e.value(changing ? AttributeValue.fromSs(List.of(unique)) : stringSet())
              };
            case 1:
              return new String[] {"REMOVE", p};
            case 2:
              return new String[] {"DELETE", p + " " + e.value(stringSet())};
            default:
              return new String[] {"SET", p + " = " + e.value(stringSet())};
          }
        case "ns":
          if (changing) {
            return new String[] {"REMOVE", p};
          }
          return chance(50)
              ? new String[] {"ADD", p + " " + e.value(numberSet())}
              : new String[] {"DELETE", p + " " + e.value(numberSet())};
        case "l":
          switch (random.nextInt(any ? 6 : changing ? 2 : 3)) {
            case 0:
              return new String[] {
                "SET",
                p
                    + " = list_append(if_not_exists("
                    + e.path("l")
                    + ", "
                    + e.value(AttributeValue.fromL(List.of()))
                    + "), "
                    + e.value(list(1 + random.nextInt(2)))
                    + ")"
              };
            case 1:
              return new String[] {"REMOVE", p};
            case 2:
              return chance(50)
                  ? new String[] {"SET", p + " = " + e.value(list(random.nextInt(3)))}
                  : new String[] {
                    "SET",
                    p
                        + " = list_append("
                        + e.value(list(1))
                        + ", if_not_exists("
                        + e.path("l")
                        + ", "
                        + e.value(AttributeValue.fromL(List.of()))
                        + "))"
                  };
            case 3:
              // Not list_append(:v, l) with l missing: moto answers HTTP 500 there.
              return new String[] {
                "SET", p + " = list_append(" + e.path("l") + ", " + e.value(list(1)) + ")"
              };
            case 4:
              return new String[] {
                "SET", e.path("l[" + random.nextInt(4) + "]") + " = " + e.value(scalar())
              };
            default:
              return new String[] {"REMOVE", e.path("l[" + random.nextInt(3) + "]")};
          }
        case "m":
          switch (random.nextInt(any ? 5 : 2)) {
            case 0:
              if (changing) {
                Map<String, AttributeValue> fresh = new LinkedHashMap<>();
                fresh.put("y", s(unique));
                return new String[] {"SET", p + " = " + e.value(AttributeValue.fromM(fresh))};
              }
              return new String[] {"SET", p + " = " + e.value(map())};
            case 1:
              return new String[] {"REMOVE", p};
            case 2:
              return new String[] {"SET", e.path("m.x") + " = " + e.value(n(pick(NUMBERS)))};
            case 3:
              return new String[] {
                "SET", e.path("m.y") + " = " + e.value(s(pick(OPERAND_STRINGS)))
              };
            default:
              return new String[] {"REMOVE", e.path("m.x")};
          }
        case "b":
          return changing || chance(40)
              ? new String[] {"REMOVE", p}
              : new String[] {
                "SET", p + " = " + e.value(AttributeValue.fromBool(random.nextBoolean()))
              };
        case "gpk":
          return changing || chance(30)
              ? new String[] {"REMOVE", p}
              : new String[] {"SET", p + " = " + e.value(s(pick(GROUPS)))};
        default: // gsk: see groupSortKey for why only multiples of 100 are added
          switch (random.nextInt(changing ? 2 : 3)) {
            case 0:
              // Not ADD: on an item without gsk it would start from 0 and could tie another item.
              return new String[] {
                "SET",
                p
                    + " = if_not_exists("
                    + e.path("gsk")
                    + ", "
                    + e.value(groupSortKey(key))
                    + ") + "
                    + e.value(n(pick(List.of("-100", "100", "200"))))
              };
            case 1:
              return new String[] {"REMOVE", p};
            default:
              return new String[] {"SET", p + " = " + e.value(groupSortKey(key))};
          }
      }
    }

    private Op deleteItem() {
      Key key = anyKey();
      DeleteItemRequest.Builder request =
          DeleteItemRequest.builder().tableName(key.table()).key(key.attributes());
      if (chance(50)) {
        Expr e = new Expr(random);
        request
            .conditionExpression(condition(e, key, false, 0))
            .expressionAttributeNames(e.namesOrNull())
            .expressionAttributeValues(e.valuesOrNull());
        if (chance(50)) {
          request.returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
        }
      }
      if (chance(60)) {
        request.returnValues(ReturnValue.ALL_OLD);
      }
      DeleteItemRequest r = request.build();
      return new Op("DeleteItem " + r, c -> attributes(c.deleteItem(r).attributes()));
    }

    private static final List<String> PROJECTED =
        List.of(
            "pk", "sk", "id", "n", "s", "ss", "ns", "l", "m", "m.x", "m.y", "l[0]", "l[1]", "b",
            "gpk", "gsk", "zz");

    /** A ProjectionExpression of 1-3 distinct, non-overlapping paths, or null. */
    private String projection(Expr e) {
      if (chance(60)) {
        return null;
      }
      List<String> paths = new ArrayList<>(PROJECTED);
      java.util.Collections.shuffle(paths, random);
      int wanted = 1 + random.nextInt(3);
      List<String> chosen = new ArrayList<>();
      for (String path : paths) {
        String top = path.split("[.\\[]")[0];
        // One path per top-level attribute: moto keeps one element of "l[0], l[1]" only.
        boolean overlaps = chosen.stream().anyMatch(c -> c.split("[.\\[]")[0].equals(top));
        if (!overlaps) {
          chosen.add(path);
        }
        if (chosen.size() == wanted) {
          break;
        }
      }
      return chosen.stream().map(e::path).collect(Collectors.joining(", "));
    }

    private Op getItem() {
      Key key = anyKey();
      Expr e = new Expr(random);
      GetItemRequest r =
          GetItemRequest.builder()
              .tableName(key.table())
              .key(key.attributes())
              .projectionExpression(projection(e))
              .expressionAttributeNames(e.namesOrNull())
              .consistentRead(chance(50) ? Boolean.TRUE : null)
              .build();
      return new Op("GetItem " + r, c -> found(c.getItem(r)));
    }

    private static Object found(GetItemResponse response) {
      return response.hasItem() ? item(response.item()) : "no item";
    }

    // --- batches

    private Op batchWrite() {
      Map<String, List<WriteRequest>> requests = new TreeMap<>();
      // divergence: moto accepts a put and a delete of one item in one batch; distinct keys only.
      for (Key key : distinctKeys(6)) {
        WriteRequest write =
            chance(70)
                ? WriteRequest.builder()
                    .putRequest(PutRequest.builder().item(newItem(key)).build())
                    .build()
                : WriteRequest.builder()
                    .deleteRequest(DeleteRequest.builder().key(key.attributes()).build())
                    .build();
        requests.computeIfAbsent(key.table(), t -> new ArrayList<>()).add(write);
      }
      BatchWriteItemRequest r = BatchWriteItemRequest.builder().requestItems(requests).build();
      return new Op("BatchWriteItem " + r, c -> unprocessed(c.batchWriteItem(r)));
    }

    private static Object unprocessed(BatchWriteItemResponse response) {
      Map<String, Object> out = new TreeMap<>();
      response
          .unprocessedItems()
          .forEach(
              (table, writes) -> {
                if (!writes.isEmpty()) {
                  out.put(table, writes.size());
                }
              });
      return Map.of("UnprocessedItems", out);
    }

    private Op batchGet() {
      Map<String, List<Map<String, AttributeValue>>> keys = new TreeMap<>();
      for (Key key : distinctKeys(6)) {
        keys.computeIfAbsent(key.table(), t -> new ArrayList<>()).add(key.attributes());
      }
      Map<String, KeysAndAttributes> request = new TreeMap<>();
      keys.forEach(
          (table, tableKeys) -> {
            Expr e = new Expr(random);
            request.put(
                table,
                KeysAndAttributes.builder()
                    .keys(tableKeys)
                    .projectionExpression(projection(e))
                    .expressionAttributeNames(e.namesOrNull())
                    .build());
          });
      BatchGetItemRequest r = BatchGetItemRequest.builder().requestItems(request).build();
      return new Op("BatchGetItem " + r, c -> batchGotten(c.batchGetItem(r)));
    }

    private static Object batchGotten(BatchGetItemResponse response) {
      Map<String, Object> out = new TreeMap<>();
      // Responses come in no particular order: compared as sets. Tables with nothing found may
      // or may not appear; both mean the same.
      response
          .responses()
          .forEach(
              (table, items) -> {
                if (!items.isEmpty()) {
                  out.put(table, sorted(items));
                }
              });
      Map<String, Object> unprocessed = new TreeMap<>();
      response
          .unprocessedKeys()
          .forEach(
              (table, keys) -> {
                if (keys.hasKeys() && !keys.keys().isEmpty()) {
                  unprocessed.put(table, keys.keys().size());
                }
              });
      return Map.of("Responses", out, "UnprocessedKeys", unprocessed);
    }

    // --- transactions

    private Op transactWrite(int index) {
      List<TransactWriteItem> actions = new ArrayList<>();
      // divergence: moto answers a data-dependent failure inside a transaction (n = n + 1 with no
      // n) with ValidationException instead of TransactionCanceledException / ValidationError:
      // only clauses that cannot fail on data (Mode.SAFE) go into transactions.
      for (Key key : distinctKeys(4)) {
        Expr e = new Expr(random);
        ReturnValuesOnConditionCheckFailure onFailure =
            chance(50) ? ReturnValuesOnConditionCheckFailure.ALL_OLD : null;
        // A ConditionCheck one time in five, conditions on a third of the rest: a transaction
        // of up to four actions then commits about as often as it is cancelled.
        switch (random.nextInt(5)) {
          case 0:
          case 4:
            {
              String condition = chance(35) ? condition(e, key, false, 0) : null;
              actions.add(
                  TransactWriteItem.builder()
                      .put(
                          Put.builder()
                              .tableName(key.table())
                              .item(newItem(key))
                              .conditionExpression(condition)
                              .expressionAttributeNames(e.namesOrNull())
                              .expressionAttributeValues(e.valuesOrNull())
                              .returnValuesOnConditionCheckFailure(
                                  condition == null ? null : onFailure)
                              .build())
                      .build());
              break;
            }
          case 1:
            {
              String update = updateExpression(e, key, Mode.SAFE, index);
              String condition = chance(35) ? condition(e, key, false, 0) : null;
              actions.add(
                  TransactWriteItem.builder()
                      .update(
                          Update.builder()
                              .tableName(key.table())
                              .key(key.attributes())
                              .updateExpression(update)
                              .conditionExpression(condition)
                              .expressionAttributeNames(e.namesOrNull())
                              .expressionAttributeValues(e.valuesOrNull())
                              .returnValuesOnConditionCheckFailure(
                                  condition == null ? null : onFailure)
                              .build())
                      .build());
              break;
            }
          case 2:
            {
              String condition = chance(35) ? condition(e, key, false, 0) : null;
              actions.add(
                  TransactWriteItem.builder()
                      .delete(
                          Delete.builder()
                              .tableName(key.table())
                              .key(key.attributes())
                              .conditionExpression(condition)
                              .expressionAttributeNames(e.namesOrNull())
                              .expressionAttributeValues(e.valuesOrNull())
                              .returnValuesOnConditionCheckFailure(
                                  condition == null ? null : onFailure)
                              .build())
                      .build());
              break;
            }
          default:
            {
              String condition = condition(e, key, false, 0);
              actions.add(
                  TransactWriteItem.builder()
                      .conditionCheck(
                          ConditionCheck.builder()
                              .tableName(key.table())
                              .key(key.attributes())
                              .conditionExpression(condition)
                              .expressionAttributeNames(e.namesOrNull())
                              .expressionAttributeValues(e.valuesOrNull())
                              .returnValuesOnConditionCheckFailure(onFailure)
                              .build())
                      .build());
              break;
            }
        }
      }
      TransactWriteItemsRequest r =
          TransactWriteItemsRequest.builder().transactItems(actions).build();
      return new Op(
          "TransactWriteItems " + r,
          c -> {
            c.transactWriteItems(r);
            return "committed";
          });
    }

    private Op transactGet() {
      List<TransactGetItem> gets = new ArrayList<>();
      for (Key key : distinctKeys(4)) {
        // divergence: moto ignores a Get's ProjectionExpression in TransactGetItems; none sent.
        gets.add(
            TransactGetItem.builder()
                .get(Get.builder().tableName(key.table()).key(key.attributes()).build())
                .build());
      }
      TransactGetItemsRequest r = TransactGetItemsRequest.builder().transactItems(gets).build();
      return new Op(
          "TransactGetItems " + r,
          c ->
              c.transactGetItems(r).responses().stream()
                  .map(
                      response ->
                          response.hasItem() && response.item() != null
                              ? (Object) item(response.item())
                              : "no item")
                  .collect(Collectors.toList()));
    }

    // --- queries and scans

    private Op queryTable() {
      Expr e = new Expr(random);
      String keyCondition = e.path("pk") + " = " + e.value(s(pick(PKS)));
      if (chance(75)) {
        String sk = e.path("sk");
        switch (random.nextInt(7)) {
          case 0:
            keyCondition += " AND " + sk + " = " + e.value(s(pick(SK_OPERANDS)));
            break;
          case 1:
            keyCondition +=
                " AND "
                    + sk
                    + " "
                    + pick(List.of("<", "<=", ">", ">="))
                    + " "
                    + e.value(s(pick(SK_OPERANDS)));
            break;
          case 2:
          case 3:
            {
              int a = random.nextInt(SK_OPERANDS.size());
              int b = a + random.nextInt(SK_OPERANDS.size() - a);
              keyCondition +=
                  " AND "
                      + sk
                      + " BETWEEN "
                      + e.value(s(SK_OPERANDS.get(a)))
                      + " AND "
                      + e.value(s(SK_OPERANDS.get(b)));
              break;
            }
          default:
            keyCondition +=
                " AND begins_with("
                    + sk
                    + ", "
                    + e.value(s(pick(List.of("a", "a#", "b", "b#", "c", "d"))))
                    + ")";
        }
      }
      return query(e, rangeKey(), keyCondition, null);
    }

    private Op queryIndex() {
      Expr e = new Expr(random);
      String keyCondition = e.path("gpk") + " = " + e.value(s(pick(GROUPS)));
      if (chance(75)) {
        String gsk = e.path("gsk");
        switch (random.nextInt(4)) {
          case 0:
            keyCondition += " AND " + gsk + " = " + e.value(n(gskOperand()));
            break;
          case 1:
            keyCondition +=
                " AND "
                    + gsk
                    + " "
                    + pick(List.of("<", "<=", ">", ">="))
                    + " "
                    + e.value(n(gskOperand()));
            break;
          default:
            {
              int a = Integer.parseInt(gskOperand());
              int b = a + random.nextInt(300);
              keyCondition +=
                  " AND "
                      + gsk
                      + " BETWEEN "
                      + e.value(n(String.valueOf(a)))
                      + " AND "
                      + e.value(n(String.valueOf(b)));
            }
        }
      }
      return query(e, rangeKey(), keyCondition, INDEX);
    }

    private String gskOperand() {
      return String.valueOf(random.nextInt(500) - 250);
    }

    private Op query(Expr e, Key key, String keyCondition, String index) {
      QueryRequest.Builder request =
          QueryRequest.builder()
              .tableName(rangeTable)
              .indexName(index)
              .keyConditionExpression(keyCondition)
              .scanIndexForward(chance(50) ? Boolean.FALSE : chance(50) ? Boolean.TRUE : null);
      if (chance(50)) {
        request.filterExpression(condition(e, key, true, 0));
      }
      if (chance(60)) {
        request.limit(1 + random.nextInt(4));
      }
      if (chance(15)) {
        request.select(Select.COUNT);
      } else {
        request.projectionExpression(projection(e));
      }
      if (index == null && chance(30)) {
        request.consistentRead(true);
      }
      request.expressionAttributeNames(e.namesOrNull()).expressionAttributeValues(e.valuesOrNull());
      QueryRequest r = request.build();
      return new Op("Query " + r, c -> queryPages(c, r));
    }

    /** Every page, in order: its items in order, counts and LastEvaluatedKey. */
    private static Object queryPages(DynamoDbClient client, QueryRequest first) {
      List<Object> pages = new ArrayList<>();
      QueryRequest request = first;
      for (int page = 0; page < 100; page++) {
        QueryResponse response = client.query(request);
        Map<String, Object> canonical = new TreeMap<>();
        canonical.put("Items", response.hasItems() ? inOrder(response.items()) : "none");
        canonical.put("Count", response.count());
        canonical.put("ScannedCount", response.scannedCount());
        boolean more = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty();
        canonical.put("LastEvaluatedKey", more ? item(response.lastEvaluatedKey()) : "none");
        pages.add(canonical);
        if (!more) {
          break;
        }
        request = request.toBuilder().exclusiveStartKey(response.lastEvaluatedKey()).build();
      }
      return lastPageSettled(pages);
    }

    /**
     * A page that filled its Limit with the last items may or may not carry a LastEvaluatedKey:
     * AWS's Query documentation says a LastEvaluatedKey "does not necessarily mean that there is
     * more data", and the page that follows it is then empty. moto leaves the key out, AWS (and our
     * engine) give it. Both are read here as "no more pages"; every other page and key is compared
     * as it came.
     */
    private static List<Object> lastPageSettled(List<Object> pages) {
      if (pages.size() < 2) {
        return pages;
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> last = (Map<String, Object>) pages.get(pages.size() - 1);
      if (!Integer.valueOf(0).equals(last.get("ScannedCount"))) {
        return pages;
      }
      List<Object> settled = new ArrayList<>(pages.subList(0, pages.size() - 1));
      @SuppressWarnings("unchecked")
      Map<String, Object> previous =
          new TreeMap<>((Map<String, Object>) settled.get(settled.size() - 1));
      previous.put("LastEvaluatedKey", "none");
      settled.set(settled.size() - 1, previous);
      return settled;
    }

    private Op scan() {
      Expr e = new Expr(random);
      boolean onIndex = chance(20);
      Key key = onIndex || chance(60) ? rangeKey() : hashKey();
      ScanRequest.Builder request =
          ScanRequest.builder().tableName(key.table()).indexName(onIndex ? INDEX : null);
      if (chance(70)) {
        request.filterExpression(condition(e, key, false, 0));
      }
      if (chance(40)) {
        request.limit(1 + random.nextInt(7));
      }
      // divergence: moto's Scan with Select COUNT returns the items too; not generated.
      request.projectionExpression(projection(e));
      request.expressionAttributeNames(e.namesOrNull()).expressionAttributeValues(e.valuesOrNull());
      ScanRequest r = request.build();
      return new Op("Scan " + r, c -> scanAll(c, r));
    }

    /**
     * All pages of a scan merged: scan order is unspecified, so with a Limit the pages differ
     * between implementations; their union, and the total counts, may not.
     */
    private static Object scanAll(DynamoDbClient client, ScanRequest first) {
      List<Map<String, AttributeValue>> items = new ArrayList<>();
      int count = 0;
      int scanned = 0;
      ScanRequest request = first;
      for (int page = 0; page < 200; page++) {
        ScanResponse response = client.scan(request);
        items.addAll(response.items());
        count += response.count();
        scanned += response.scannedCount();
        if (!response.hasLastEvaluatedKey() || response.lastEvaluatedKey().isEmpty()) {
          break;
        }
        request = request.toBuilder().exclusiveStartKey(response.lastEvaluatedKey()).build();
      }
      Map<String, Object> canonical = new TreeMap<>();
      canonical.put("Items", sorted(items));
      canonical.put("Count", count);
      canonical.put("ScannedCount", scanned);
      return canonical;
    }

    // --- small helpers

    private boolean chance(int percent) {
      return random.nextInt(100) < percent;
    }

    private <T> T pick(List<T> from) {
      return from.get(random.nextInt(from.size()));
    }

    private static AttributeValue s(String value) {
      return AttributeValue.fromS(value);
    }

    private static AttributeValue n(String value) {
      return AttributeValue.fromN(value);
    }
  }
}
