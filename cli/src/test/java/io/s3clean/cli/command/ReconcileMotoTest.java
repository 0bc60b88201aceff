package io.s3clean.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3clean.cli.ExitCodes;
import io.s3clean.cli.testing.CliRun;
import io.s3clean.cli.testing.Moto;
import io.s3clean.event.ObjectEvent;
import io.s3clean.event.Sequencer;
import io.s3clean.history.HistoryReader;
import io.s3clean.history.HistoryRecord;
import io.s3clean.ledger.BucketState;
import io.s3clean.ledger.dynamodb.DynamoLedger;
import io.s3clean.ledger.dynamodb.DynamoLedgerReader;
import io.s3clean.reconcile.Difference;
import io.s3clean.reconcile.LedgerRepair;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * reconcile on moto, whose DynamoDB evaluates the transactions and conditions the ledger relies on.
 * moto runs no Lambda: the tracker's part is played by DynamoLedger.apply, its own code.
 */
@ExtendWith(Moto.class)
class ReconcileMotoTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static S3Client s3;
  private static DynamoDbClient dynamo;

  @BeforeAll
  static void clients() {
    s3 = Moto.client(S3Client.builder().forcePathStyle(true));
    dynamo = Moto.client(DynamoDbClient.builder());
  }

  @AfterAll
  static void close() {
    s3.close();
    dynamo.close();
  }

  /** A freshly deployed stack per test, so the tests share no ledger. */
  private static String deploy(String stack) {
    CliRun run = Moto.cli("--stack-name", stack, "deploy", "--jar", Moto.dummyJar().toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    return stack + "-" + Moto.ACCOUNT + "-" + Moto.REGION + "-watched";
  }

  private static void put(String bucket, String key, int size) {
    s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(new byte[size]));
  }

  private static DynamoLedger ledger(String stack) {
    return new DynamoLedger(dynamo, stack + "-objects", stack + "-history");
  }

  private static ObjectEvent event(
      String bucket, String key, ObjectEvent.Kind kind, long size, String sequencer) {
    return new ObjectEvent(
        bucket,
        key,
        kind,
        kind == ObjectEvent.Kind.CREATED ? "ObjectCreated:Put" : "ObjectRemoved:Delete",
        size,
        Sequencer.parse(sequencer),
        Instant.now());
  }

  @Test
  void reconcileListsEveryDifferenceAndApplyRepairsThemWithAHistoryRecordEach() throws Exception {
    // GIVEN a bucket holding a.txt and b.txt whose events never reached the ledger,
    String stack = "s3clean-reconcile";
    String bucket = deploy(stack);
    put(bucket, "a.txt", 18);
    put(bucket, "b.txt", 28);
    // AND a ledger still counting c.txt, which the bucket no longer has
    ledger(stack).apply(bucket, List.of(event(bucket, "c.txt", ObjectEvent.Kind.CREATED, 5, "0A")));

    // WHEN reconcile only looks
    CliRun look = Moto.cli("--stack-name", stack, "--output", "json", "reconcile");

    // THEN it lists the three differences and changes nothing
    assertThat(look.exitCode()).as(look.toString()).isEqualTo(ExitCodes.OK);
    JsonNode report = JSON.readTree(look.out());
    assertThat(report.path("differences"))
        .extracting(
            d -> d.path("key").asText(),
            d -> d.path("difference").asText(),
            d -> d.path("delta").asLong())
        .containsExactly(
            tuple("a.txt", "missing in ledger", 18L),
            tuple("b.txt", "missing in ledger", 28L),
            tuple("c.txt", "missing in bucket", -5L));
    assertThat(look.err()).contains("3 difference(s); `s3clean reconcile --apply` repairs them");
    assertThat(ledger(stack).state(bucket).totalSize()).isEqualTo(5);

    // WHEN it applies them
    CliRun apply = Moto.cli("--stack-name", stack, "reconcile", "--apply");

    // THEN the ledger counts what the bucket holds, and history ends at the same total
    assertThat(apply.exitCode()).as(apply.toString()).isEqualTo(ExitCodes.OK);
    assertThat(apply.out())
        .contains("applied:")
        .containsPattern("repaired +3")
        .containsPattern("  ledger_total +46");
    assertThat(ledger(stack).state(bucket)).isEqualTo(new BucketState(46, 2, 4));
    assertThat(new HistoryReader(dynamo, stack + "-history").read(bucket))
        .extracting(
            HistoryRecord::seq,
            HistoryRecord::objectName,
            HistoryRecord::eventType,
            HistoryRecord::totalSize)
        .containsExactly(
            tuple(1L, "c.txt", "ObjectCreated:Put", 5L),
            tuple(2L, "a.txt", "Reconcile", 23L),
            tuple(3L, "b.txt", "Reconcile", 51L),
            tuple(4L, "c.txt", "Reconcile", 46L));
    assertThat(
            JSON.readTree(Moto.cli("--stack-name", stack, "--output", "json", "status").out())
                .path("ledger_vs_bucket")
                .asText())
        .isEqualTo("match");

    // AND the events that were late all along still apply exactly: a.txt's PUT adds nothing,
    // c.txt's DELETE neither
    ledger(stack)
        .apply(
            bucket,
            List.of(
                event(bucket, "a.txt", ObjectEvent.Kind.CREATED, 18, "0B"),
                event(bucket, "c.txt", ObjectEvent.Kind.REMOVED, 0, "0C")));
    assertThat(ledger(stack).state(bucket)).isEqualTo(new BucketState(46, 2, 6));
    CliRun again = Moto.cli("--stack-name", stack, "reconcile");
    assertThat(again.err()).isEqualTo("The ledger agrees with the bucket" + System.lineSeparator());
  }

  @Test
  void aRepairThatRacesTheTrackerIsPlannedAgainAndLosesNothing() {
    // GIVEN e.txt in the bucket but not in the ledger, and d.txt whose event the tracker is
    // applying right now
    String stack = "s3clean-race";
    String bucket = deploy(stack);
    put(bucket, "e.txt", 10);
    put(bucket, "d.txt", 7);
    DynamoLedger ledger = ledger(stack);
    DynamoLedgerReader reader = new DynamoLedgerReader(dynamo, stack + "-objects");
    AtomicBoolean trackerRan = new AtomicBoolean();
    List<String> progress = new ArrayList<>();
    Runnable trackerCommitsFirst =
        () -> {
          if (trackerRan.compareAndSet(false, true)) {
            ledger.apply(
                bucket, List.of(event(bucket, "d.txt", ObjectEvent.Kind.CREATED, 7, "1A")));
          }
        };
    LedgerRepair repair =
        new LedgerRepair(
            s3, ledger, reader, bucket, Clock.systemUTC(), progress::add, trackerCommitsFirst);

    // WHEN the repair of e.txt is written just after the tracker committed d.txt
    LedgerRepair.Outcome outcome =
        repair.repair(
            List.of(
                Difference.of(
                        io.s3clean.event.VersionedKey.of("e.txt"),
                        java.util.Optional.empty(),
                        OptionalLong.of(10))
                    .orElseThrow()));

    // THEN the first write failed on the changed ledger, the second went through, and both changes
    // count
    assertThat(progress)
        .contains("The ledger changed while repairing (the tracker is running); reading it again");
    assertThat(outcome.repaired()).isEqualTo(1);
    assertThat(ledger.state(bucket)).isEqualTo(new BucketState(17, 2, 2));
    assertThat(new HistoryReader(dynamo, stack + "-history").read(bucket))
        .extracting(HistoryRecord::objectName, HistoryRecord::totalSize)
        .containsExactly(tuple("d.txt", 7L), tuple("e.txt", 17L));
  }

  @Test
  void keysAreComparedUnderTheirRealNamesAndAStateRowOffItsItemsIsCorrected() throws Exception {
    // GIVEN a key that starts with two underscores (stored with one more), and a state row someone
    // edited
    String stack = "s3clean-escape";
    String bucket = deploy(stack);
    put(bucket, "__STATE__", 3);
    ledger(stack)
        .apply(bucket, List.of(event(bucket, "__STATE__", ObjectEvent.Kind.CREATED, 3, "0A")));
    dynamo.updateItem(
        r ->
            r.tableName(stack + "-objects")
                .key(
                    Map.of(
                        "bucket_name",
                        AttributeValue.fromS(bucket),
                        "object_name",
                        AttributeValue.fromS("__STATE__")))
                .updateExpression("SET total_size = :wrong")
                .expressionAttributeValues(Map.of(":wrong", AttributeValue.fromN("999"))));

    // WHEN reconcile repairs
    CliRun run = Moto.cli("--stack-name", stack, "--output", "json", "reconcile", "--apply");

    // THEN the escaped key matches its object, and only the state row is corrected
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
    JsonNode report = JSON.readTree(run.out());
    assertThat(report.path("differences")).isEmpty();
    assertThat(report.path("state_row").asText()).isEqualTo("differs from its items' total 3");
    assertThat(report.path("applied").path("state_row_corrected").asBoolean()).isTrue();
    assertThat(ledger(stack).state(bucket)).isEqualTo(new BucketState(3, 1, 2));
    assertThat(new HistoryReader(dynamo, stack + "-history").read(bucket))
        .last()
        .extracting(
            HistoryRecord::objectName,
            HistoryRecord::eventType,
            HistoryRecord::sizeDelta,
            HistoryRecord::totalSize)
        .containsExactly("__STATE__", "Reconcile", -996L, 3L);
    assertThat(
            dynamo
                .getItem(
                    r ->
                        r.tableName(stack + "-objects")
                            .key(
                                Map.of(
                                    "bucket_name",
                                    AttributeValue.fromS(bucket),
                                    "object_name",
                                    AttributeValue.fromS("___STATE__"))))
                .item())
        .containsEntry("size", AttributeValue.fromN("3"));
  }
}
