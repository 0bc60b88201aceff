package io.s3clean.perf.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3clean.cloudwatch.logs.LogEvent;
import io.s3clean.event.ObjectEvent;
import io.s3clean.event.S3EventMessages;
import io.s3clean.event.Sequencer;
import io.s3clean.event.VersionedKey;
import io.s3clean.ledger.BucketState;
import io.s3clean.ledger.StoredObject;
import io.s3clean.ledger.dynamodb.DynamoLedgerReader;
import io.s3clean.localcloud.LocalCloud;
import io.s3clean.localcloud.provision.DeployedStack;
import io.s3clean.reconcile.BucketListing;
import io.s3clean.reconcile.Difference;
import io.s3clean.reconcile.LedgerSnapshot;
import io.s3clean.reconcile.TrackedKeys;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * What a soak run must leave behind, checked from the outside: the bucket listing, the ledger's
 * items, state row and history, the tracking function's log lines and the dead-letter queues,
 * against every event S3 raised (heard as raised, before any delivery fault).
 */
final class SoakAudit {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LocalCloud cloud;
  private final DeployedStack stack;
  private final String bucket;
  private final List<S3EventMessages.Change> raised;
  private final Map<String, String> poison;
  private final Map<String, Long> stats = new LinkedHashMap<>();
  private List<String> trackingMessages;

  SoakAudit(
      LocalCloud cloud,
      DeployedStack stack,
      List<S3EventMessages.Change> raised,
      List<S3EventMessages.Change> declared,
      Map<String, String> poison) {
    this.cloud = cloud;
    this.stack = stack;
    this.bucket = stack.typed().watchedBucket();
    this.raised = new ArrayList<>(raised);
    this.raised.addAll(declared);
    this.poison = poison;
  }

  /** Counters the checks came across, for the report. */
  Map<String, Long> stats() {
    return stats;
  }

  List<SoakResult.Check> checks(boolean drained) {
    List<SoakResult.Check> checks = new ArrayList<>();
    checks.add(
        check(
            "pipeline drained within the time limit",
            drained,
            drained ? "both queues empty" : "gave up"));

    BucketListing listing = listing();
    LedgerSnapshot ledger = ledger();
    BucketState state = ledger.state();
    long listed = listing.totalSize();
    stats.put("objects in the bucket", (long) listing.objectCount());
    stats.put("bytes in the bucket", listed);
    checks.add(
        check(
            "ledger total == sum of the S3 listing",
            state.totalSize() == listed,
            "ledger "
                + state.totalSize()
                + ", listing "
                + listed
                + " bytes in "
                + listing.objectCount()
                + " objects"));
    checks.add(
        check(
            "ledger object count == objects listed",
            state.objectCount() == listing.objectCount(),
            state.objectCount() + " vs " + listing.objectCount()));

    List<Difference> differences = Difference.between(listing, ledger);
    checks.add(
        check(
            "every live object's item matches S3",
            differences.isEmpty(),
            differences.size() + " differences" + first(differences)));

    List<History> history = history();
    checks.addAll(historyChecks(history, state));
    checks.add(noEventLost(history, ledger));
    checks.add(deadLetters());

    // As the CLI's reconcile would, once more at the end: nothing moved while the checks ran.
    List<Difference> again = Difference.between(listing(), ledger());
    checks.add(
        check(
            "reconcile finds zero differences",
            again.isEmpty(),
            again.size() + " differences" + first(again)));
    return checks;
  }

  // ---------------------------------------------------------------- history

  /** One HistoryTable record with the event it applied. */
  private record History(
      long seq, String key, String versionId, String sequencer, long sizeDelta, long totalSize) {
    String eventKey() {
      return ObjectEvent.eventKey(key, sequencer, versionId);
    }

    VersionedKey version() {
      return new VersionedKey(key, versionId);
    }
  }

  private List<SoakResult.Check> historyChecks(List<History> history, BucketState state) {
    List<SoakResult.Check> checks = new ArrayList<>();
    stats.put("history records", (long) history.size());
    boolean gapFree = true;
    boolean running = true;
    long total = 0;
    for (int i = 0; i < history.size(); i++) {
      History record = history.get(i);
      gapFree &= record.seq() == i + 1;
      total += record.sizeDelta();
      running &= record.totalSize() == total;
    }
    checks.add(
        check(
            "history is numbered 1..n without gaps, n == applied count",
            gapFree && history.size() == state.appliedCount(),
            history.size() + " records, applied count " + state.appliedCount()));
    Set<String> eventKeys = new HashSet<>();
    long repeated = history.stream().filter(h -> !eventKeys.add(h.eventKey())).count();
    Set<String> raisedKeys = raised.stream().map(SoakAudit::eventKey).collect(Collectors.toSet());
    long phantom = eventKeys.stream().filter(k -> !raisedKeys.contains(k)).count();
    checks.add(
        check(
            "history has one record per applied event",
            repeated == 0 && phantom == 0,
            repeated
                + " events recorded twice, "
                + phantom
                + " records of events S3 never raised"));
    long last = history.isEmpty() ? 0 : history.get(history.size() - 1).totalSize();
    checks.add(
        check(
            "history's last total equals the ledger, each total = previous + delta",
            last == state.totalSize() && running,
            "last " + last + ", ledger " + state.totalSize()));
    // per version: a key's versions are items of their own, each with its own order
    Map<VersionedKey, String> newest = new HashMap<>();
    long backwards = 0;
    for (History record : history) {
      String previous = newest.put(record.version(), record.sequencer());
      if (previous != null && previous.compareTo(record.sequencer()) >= 0) {
        backwards++;
      }
    }
    checks.add(
        check(
            "per key, history applies events in S3's order",
            backwards == 0,
            backwards + " events applied after a newer one of their key"));
    return checks;
  }

  private List<History> history() {
    List<History> records = new ArrayList<>();
    dynamo()
        .queryPaginator(
            q ->
                q.tableName(stack.typed().historyTable())
                    .keyConditionExpression("bucket_name = :b")
                    .expressionAttributeValues(Map.of(":b", AttributeValue.fromS(bucket)))
                    .consistentRead(true))
        .items()
        .forEach(
            item ->
                records.add(
                    new History(
                        Long.parseLong(item.get("seq").n()),
                        item.get("object_name").s(),
                        item.containsKey("version_id") ? item.get("version_id").s() : null,
                        item.get("sequencer").s(),
                        Long.parseLong(item.get("size_delta").n()),
                        Long.parseLong(item.get("total_size").n()))));
    return records;
  }

  // ---------------------------------------------------------------- no event lost

  /**
   * Every event S3 raised is either in the history or was seen and skipped by the tracker as a
   * duplicate or as older than what the ledger held; and each key's item carries the newest event
   * S3 raised for it, with its state and size.
   */
  private SoakResult.Check noEventLost(List<History> history, LedgerSnapshot ledger) {
    Set<String> applied = history.stream().map(History::eventKey).collect(Collectors.toSet());
    Set<String> skipped = new HashSet<>();
    Map<String, Long> reasons = new TreeMap<>();
    trackingLog(
        "\"event_skipped\"",
        line -> {
          if (line.has("sequencer")) {
            skipped.add(
                ObjectEvent.eventKey(
                    line.path("key").asText(),
                    line.path("sequencer").asText(),
                    line.path("version_id").asText(null)));
            reasons.merge("skipped as " + line.path("reason").asText(), 1L, Long::sum);
          }
        });
    reasons.forEach(stats::put);
    long[] lines = new long[3];
    trackingLog("\"size_tracked\"", line -> lines[0]++);
    trackingLog("\"ledger_unavailable\"", line -> lines[1]++);
    trackingLog("InjectedCrash", line -> lines[2]++);
    stats.put("size_tracked log lines (none for a group whose invocation died)", lines[0]);
    stats.put("groups failed by the ledger (redelivered)", lines[1]);
    stats.put("size-tracking invocations killed by an injected crash", lines[2]);
    long[] durations = invocationMillis();
    stats.put("size-tracking invocations (REPORT lines)", (long) durations.length);
    stats.put("  their duration, median ms", percentile(durations, 50));
    stats.put("  their duration, p99 ms", percentile(durations, 99));
    stats.put("  their duration, longest ms", percentile(durations, 100));

    List<String> lost = new ArrayList<>();
    // each version's newest change (an unversioned bucket's key has one version, its null version)
    Map<VersionedKey, S3EventMessages.Change> newestPerKey = new HashMap<>();
    for (S3EventMessages.Change change : raised) {
      String eventKey = eventKey(change);
      if (!applied.contains(eventKey) && !skipped.contains(eventKey)) {
        lost.add(change.key() + " " + change.eventName());
      }
      newestPerKey.merge(
          new VersionedKey(change.key(), change.versionId()),
          change,
          (a, b) -> normalized(a.sequencer()).compareTo(normalized(b.sequencer())) >= 0 ? a : b);
    }
    List<String> wrongItems = new ArrayList<>();
    newestPerKey.forEach(
        (key, change) -> {
          StoredObject item = ledger.objects().get(key);
          boolean created = change.eventName().startsWith("ObjectCreated:");
          if (item == null
              || !item.sequencer().normalized().equals(normalized(change.sequencer()))
              || item.live() != created
              || (created && item.size() != change.size())) {
            wrongItems.add(key.toString());
          }
        });
    stats.put("events raised", (long) raised.size());
    for (String kind : List.of(":DeleteMarkerCreated", "LifecycleExpiration:")) {
      long count = raised.stream().filter(c -> c.eventName().contains(kind)).count();
      if (count > 0) {
        stats.put("  of them " + kind.replace(":", " ").trim(), count);
      }
    }
    stats.put("events applied", (long) applied.size());
    return check(
        "no event lost",
        lost.isEmpty() && wrongItems.isEmpty(),
        lost.size()
            + " events neither applied nor skipped"
            + first(lost)
            + ", "
            + wrongItems.size()
            + " keys whose item is not their newest event"
            + first(wrongItems));
  }

  /**
   * A batch whose invocation outlives the queue's visibility timeout (210 s / time scale) is
   * received again meanwhile, which counts towards its DLQ receives without any fault.
   */
  private long[] invocationMillis() {
    Pattern duration = Pattern.compile("\tDuration: ([0-9.]+) ms");
    return trackingMessages().stream()
        .filter(m -> m.startsWith("REPORT "))
        .map(duration::matcher)
        .filter(Matcher::find)
        .mapToLong(m -> (long) Double.parseDouble(m.group(1)))
        .sorted()
        .toArray();
  }

  private static long percentile(long[] sorted, double p) {
    return sorted.length == 0
        ? 0
        : sorted[Math.max(0, (int) Math.ceil(p / 100 * sorted.length) - 1)];
  }

  private void trackingLog(String contains, Consumer<JsonNode> line) {
    trackingMessages().stream()
        .filter(m -> m.contains(contains))
        .forEach(
            message -> {
              try {
                line.accept(JSON.readTree(message));
              } catch (IOException e) {
                line.accept(JSON.createObjectNode().put("text", message));
              }
            });
  }

  /** The size tracker's log, read once: the checks run after the pipeline drained. */
  private List<String> trackingMessages() {
    if (trackingMessages == null) {
      trackingMessages =
          cloud
              .cloudWatch()
              .logs()
              .read(stack.typed().sizeTrackingLogGroup(), Instant.EPOCH, m -> true)
              .stream()
              .map(LogEvent::message)
              .toList();
    }
    return trackingMessages;
  }

  // ---------------------------------------------------------------- dead-letter queues

  /**
   * The tracking DLQ holds exactly the poison messages, each received three times first (one
   * malformed_message line per receive); the logging DLQ holds nothing.
   */
  private SoakResult.Check deadLetters() {
    SqsClient sqs = cloud.clients().sqs();
    List<Message> tracking = drain(sqs, stack.typed().trackingDlqUrl());
    List<Message> logging = drain(sqs, stack.typed().loggingDlqUrl());
    Map<String, Long> malformed = new HashMap<>();
    trackingLog(
        "\"malformed_message\"",
        line -> malformed.merge(line.path("message_id").asText(), 1L, Long::sum));
    List<String> bodies = tracking.stream().map(Message::body).sorted().toList();
    List<String> expected = poison.values().stream().sorted().toList();
    boolean threeReceives =
        poison.keySet().stream().allMatch(id -> malformed.getOrDefault(id, 0L) == 3);
    stats.put("poison messages", (long) poison.size());
    return check(
        "every poison message is in the DLQ after 3 receives, nothing else is",
        bodies.equals(expected) && threeReceives && logging.isEmpty(),
        "tracking DLQ "
            + tracking.size()
            + " (poison "
            + poison.size()
            + "), receives per poison message "
            + poison.keySet().stream().map(id -> malformed.getOrDefault(id, 0L)).toList()
            + ", logging DLQ "
            + logging.size());
  }

  private static List<Message> drain(SqsClient sqs, String queueUrl) {
    List<Message> all = new ArrayList<>();
    for (int emptyReceives = 0; emptyReceives < 2; ) {
      List<Message> batch =
          sqs.receiveMessage(
                  r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).visibilityTimeout(600))
              .messages();
      emptyReceives = batch.isEmpty() ? emptyReceives + 1 : 0;
      all.addAll(batch);
    }
    return all;
  }

  // ---------------------------------------------------------------- bucket and ledger

  private BucketListing listing() {
    return BucketListing.of(cloud.clients().s3(), bucket, TrackedKeys.ALL);
  }

  private LedgerSnapshot ledger() {
    return LedgerSnapshot.read(
        new DynamoLedgerReader(dynamo(), stack.typed().objectTable()), bucket);
  }

  private DynamoDbClient dynamo() {
    return cloud.clients().dynamoDb();
  }

  private static String eventKey(S3EventMessages.Change change) {
    return ObjectEvent.eventKey(
        change.key(),
        normalized(change.sequencer()),
        new VersionedKey(change.key(), change.versionId()).versionId());
  }

  private static String normalized(String sequencer) {
    return Sequencer.parse(sequencer).normalized();
  }

  private static SoakResult.Check check(String name, boolean passed, String detail) {
    return new SoakResult.Check(name, passed, detail);
  }

  private static String first(Collection<?> items) {
    return items.isEmpty()
        ? ""
        : " (first: "
            + items.stream().limit(3).map(String::valueOf).collect(Collectors.joining("; "))
            + ")";
  }
}
