package io.s3clean.localcloud.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3clean.clock.ManualClock;
import io.s3clean.dynamodb.store.FileJournal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQS engine's semantics as the SQS Developer Guide states them, on a clock the test moves. */
class SqsEngineTest {
  private static final String DLQ_ARN = "arn:aws:sqs:us-east-1:000000000000:work-dlq";
  @TempDir Path dir;

  /** The engine reads it for every timestamp and timeout; the test moves it. */
  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-03T12:00:00Z"));

  private SqsEngine engine = SqsEngine.start(Optional.empty(), "us-east-1", "000000000000", clock);

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void aReceivedMessageStaysHiddenForTheVisibilityTimeoutThenComesBackWithAHigherReceiveCount() {
    String queue = engine.createQueue("work", Map.of("VisibilityTimeout", "30"), Map.of());
    engine.send(queue, OutgoingMessage.of("hello"), "sender");

    ReceivedMessage first = receiveOne(queue);
    assertThat(engine.receive(queue, SqsEngine.Receive.of(10, 0))).isEmpty();
    assertThat(counts(queue)).containsExactly("0", "1", "0");
    clock.advance(Duration.ofSeconds(30));
    ReceivedMessage second = receiveOne(queue);

    assertThat(second.messageId()).isEqualTo(first.messageId());
    assertThat(second.receiptHandle()).isNotEqualTo(first.receiptHandle());
    assertThat(first.attributes())
        .containsEntry("ApproximateReceiveCount", "1")
        .containsEntry("SenderId", "sender");
    assertThat(second.attributes())
        .containsEntry("ApproximateReceiveCount", "2")
        .containsEntry(
            "ApproximateFirstReceiveTimestamp",
            first.attributes().get("ApproximateFirstReceiveTimestamp"));
    assertThat(second.md5OfBody()).isEqualTo("5d41402abc4b2a76b9719d911017c592"); // md5("hello")
  }

  @Test
  void aDeletedMessageNeverComesBackAndItsHandleDeletesNothingTwice() {
    String queue = engine.createQueue("work", Map.of(), Map.of());
    engine.send(queue, OutgoingMessage.of("a"), "sender");
    ReceivedMessage message = receiveOne(queue);

    List<SqsEngine.Outcome<Void>> deleted =
        engine.delete(queue, List.of(message.receiptHandle(), message.receiptHandle()));
    clock.advance(Duration.ofHours(1));

    assertThat(deleted).allSatisfy(outcome -> assertThat(outcome.error()).isNull());
    assertThat(engine.receive(queue, SqsEngine.Receive.of(10, 0))).isEmpty();
    assertThat(counts(queue)).containsExactly("0", "0", "0");
  }

  @Test
  void aMessageReceivedMaxReceiveCountTimesMovesToTheDeadLetterQueueOnItsNextReceiveKeepingItsId() {
    String deadLetters = engine.createQueue("work-dlq", Map.of(), Map.of());
    String queue =
        engine.createQueue(
            "work",
            Map.of(
                "VisibilityTimeout",
                "10",
                "RedrivePolicy",
                "{\"deadLetterTargetArn\":\"" + DLQ_ARN + "\",\"maxReceiveCount\":\"2\"}"),
            Map.of());
    String id = engine.send(queue, OutgoingMessage.of("poison"), "sender").messageId();

    receiveOne(queue);
    clock.advance(Duration.ofSeconds(10));
    receiveOne(queue);
    clock.advance(Duration.ofSeconds(10));
    List<ReceivedMessage> third = engine.receive(queue, SqsEngine.Receive.of(10, 0));

    assertThat(third).isEmpty();
    ReceivedMessage moved = receiveOne(deadLetters);
    assertThat(moved.messageId()).isEqualTo(id);
    assertThat(moved.body()).isEqualTo("poison");
    assertThat(moved.attributes())
        .containsEntry("DeadLetterQueueSourceArn", "arn:aws:sqs:us-east-1:000000000000:work");
    assertThat(engine.deadLetterSourceQueues(deadLetters)).containsExactly(queue);
  }

  @Test
  void delaysHoldMessagesBackAndRetentionDropsThem() {
    String queue =
        engine.createQueue(
            "work", Map.of("DelaySeconds", "5", "MessageRetentionPeriod", "60"), Map.of());
    engine.send(queue, OutgoingMessage.of("late"), "sender");
    engine.send(queue, new OutgoingMessage("now", 0, Map.of(), null), "sender");

    assertThat(counts(queue)).containsExactly("1", "0", "1");
    assertThat(engine.receive(queue, SqsEngine.Receive.of(10, 0)))
        .extracting(ReceivedMessage::body)
        .containsExactly("now");
    clock.advance(Duration.ofSeconds(5));
    assertThat(counts(queue)).containsExactly("1", "1", "0");
    clock.advance(Duration.ofSeconds(60));
    assertThat(counts(queue)).containsExactly("0", "0", "0");
  }

  @Test
  void aLongPollReturnsAsSoonAsAMessageArrives() throws Exception {
    String queue = engine.createQueue("work", Map.of(), Map.of());
    CompletableFuture<List<ReceivedMessage>> waiting = longPoll(queue);

    engine.send(queue, OutgoingMessage.of("arrived"), "sender");

    assertThat(waiting.get(5, TimeUnit.SECONDS))
        .extracting(ReceivedMessage::body)
        .containsExactly("arrived");
  }

  @Test
  void changingTheVisibilityToZeroMakesAMessageReceivableAtOnceAndOnlyInFlightOnesChange() {
    String queue = engine.createQueue("work", Map.of(), Map.of());
    engine.send(queue, OutgoingMessage.of("a"), "sender");
    ReceivedMessage message = receiveOne(queue);

    assertThat(
            engine.changeVisibility(
                queue, List.of(new SqsEngine.VisibilityChange(message.receiptHandle(), 0))))
        .allSatisfy(o -> assertThat(o.error()).isNull());
    ReceivedMessage again = receiveOne(queue);
    engine.delete(queue, List.of(again.receiptHandle()));

    SqsException notInFlight =
        engine
            .changeVisibility(
                queue, List.of(new SqsEngine.VisibilityChange(again.receiptHandle(), 10)))
            .get(0)
            .error();
    assertThat(notInFlight.shape()).isEqualTo("MessageNotInflight");
  }

  @Test
  void messageAttributesKeepTheirTypesAndTheirDigestIsTheOneTheDeveloperGuideDefines() {
    String queue = engine.createQueue("work", Map.of(), Map.of());
    Map<String, MessageAttribute> attributes =
        Map.of(
            "text", MessageAttribute.string("String", "value"),
            "count", MessageAttribute.string("Number", "3"),
            "blob", MessageAttribute.binary("Binary", new byte[] {1, 2, 3}));

    SentMessage sent =
        engine.send(queue, new OutgoingMessage("body", null, attributes, null), "sender");
    ReceivedMessage received =
        engine.receive(queue, new SqsEngine.Receive(1, null, 0, Set.of(), Set.of("All"))).get(0);

    assertThat(received.messageAttributes()).containsOnlyKeys("text", "count", "blob");
    assertThat(received.md5OfMessageAttributes())
        .isEqualTo(sent.md5OfMessageAttributes())
        .hasSize(32);
    // only those asked for are returned, with the digest of those
    engine.changeVisibility(
        queue, List.of(new SqsEngine.VisibilityChange(received.receiptHandle(), 0)));
    ReceivedMessage some =
        engine.receive(queue, new SqsEngine.Receive(1, null, 0, Set.of(), Set.of("te.*"))).get(0);
    assertThat(some.messageAttributes()).containsOnlyKeys("text");
    assertThat(some.md5OfMessageAttributes())
        .isEqualTo(
            AttributeDigest.ofAttributes(
                Map.of("text", MessageAttribute.string("String", "value"))));
  }

  @Test
  void badRequestsAreRefusedAsSqsRefusesThemAndChangeNothing() {
    String queue = engine.createQueue("work", Map.of(), Map.of());
    engine.send(queue, OutgoingMessage.of("kept"), "sender");

    assertThat(shape(() -> engine.createQueue("work", Map.of("VisibilityTimeout", "5"), Map.of())))
        .isEqualTo("QueueNameExists");
    assertThat(shape(() -> engine.createQueue("bad name", Map.of(), Map.of())))
        .isEqualTo("InvalidParameterValue");
    assertThat(shape(() -> engine.createQueue("jobs.fifo", Map.of("FifoQueue", "true"), Map.of())))
        .isEqualTo("UnsupportedOperation");
    assertThat(
            shape(
                () -> engine.createQueue("other", Map.of("VisibilityTimeout", "43201"), Map.of())))
        .isEqualTo("InvalidAttributeValue");
    assertThat(shape(() -> engine.createQueue("other", Map.of("Colour", "blue"), Map.of())))
        .isEqualTo("InvalidAttributeName");
    assertThat(
            shape(
                () ->
                    engine.setAttributes(
                        queue, Map.of("RedrivePolicy", "{\"maxReceiveCount\":3}"))))
        .isEqualTo("InvalidAttributeValue");
    assertThat(shape(() -> engine.queueUrl("missing"))).isEqualTo("QueueDoesNotExist");
    assertThat(
            engine.queueUrlOfArn(
                "arn:aws:sqs:us-east-1:000000000000:"
                    + queue.substring(queue.lastIndexOf('/') + 1)))
        .isEqualTo(queue);
    assertThat(shape(() -> engine.queueUrlOfArn("arn:aws:sqs:us-east-1:000000000000:missing")))
        .isEqualTo("QueueDoesNotExist");
    assertThat(
            shape(
                () ->
                    engine.queueUrlOfArn(
                        "arn:aws:sqs:eu-west-1:000000000000:"
                            + queue.substring(queue.lastIndexOf('/') + 1))))
        .isEqualTo("QueueDoesNotExist");
    assertThat(shape(() -> engine.receive(queue, SqsEngine.Receive.of(11, 0))))
        .isEqualTo("InvalidParameterValue");
    assertThat(shape(() -> engine.send(queue, OutgoingMessage.of("\u0000"), "sender")))
        .isEqualTo("InvalidMessageContents");
    assertThat(shape(() -> engine.send(queue, OutgoingMessage.of("x".repeat(1_048_577)), "sender")))
        .isEqualTo("InvalidParameterValue");
    assertThat(engine.delete(queue, List.of("not-a-handle")).get(0).error().shape())
        .isEqualTo("ReceiptHandleIsInvalid");

    assertThat(engine.listQueues(null)).containsExactly(queue);
    assertThat(engine.receive(queue, SqsEngine.Receive.of(10, 0)))
        .extracting(ReceivedMessage::body)
        .containsExactly("kept");
  }

  @Test
  void aQueueIsPurgedAtMostOnceAMinute() {
    String queue = engine.createQueue("work", Map.of(), Map.of());
    engine.send(queue, OutgoingMessage.of("a"), "sender");

    engine.purgeQueue(queue);
    engine.send(queue, OutgoingMessage.of("b"), "sender");

    assertThat(shape(() -> engine.purgeQueue(queue))).isEqualTo("PurgeQueueInProgress");
    assertThat(counts(queue).get(0)).isEqualTo("1");
    clock.advance(Duration.ofSeconds(60));
    engine.purgeQueue(queue);
    assertThat(counts(queue).get(0)).isEqualTo("0");
  }

  @Test
  void queuesMessagesAndWhatIsInFlightSurviveARestartAndATornLastRecordIsDropped()
      throws IOException {
    engine.close();
    engine = SqsEngine.start(Optional.of(dir), "us-east-1", "000000000000", clock);
    String queue =
        engine.createQueue("work", Map.of("VisibilityTimeout", "30"), Map.of("team", "storage"));
    ReceivedMessage inFlight = sendFiveReceiveTwoDeleteOne(queue);
    engine.close();
    // a crash in the middle of the next record
    Files.write(
        dir.resolve(FileJournal.LOG), new byte[] {0, 0, 0, 40, 3, 1}, StandardOpenOption.APPEND);

    engine = SqsEngine.start(Optional.of(dir), "us-east-1", "000000000000", clock);

    assertThat(engine.tags(queue)).containsEntry("team", "storage");
    assertFourLeftOneOfThemInFlight(queue, inFlight);
    engine.close();
    engine = SqsEngine.start(Optional.of(dir), "us-east-1", "000000000000", clock);
    assertThat(counts(queue)).containsExactly("0", "4", "0");
  }

  @Test
  void aSnapshotEmptiesTheLogAndTheOldLogReplayedOverItChangesNothing() throws IOException {
    engine.close();
    engine = SqsEngine.start(Optional.of(dir), "us-east-1", "000000000000", clock);
    String queue = engine.createQueue("work", Map.of("VisibilityTimeout", "30"), Map.of());
    ReceivedMessage inFlight = sendFiveReceiveTwoDeleteOne(queue);
    Path log = dir.resolve(FileJournal.LOG);
    byte[] history = Files.readAllBytes(log);

    engine.compact();
    assertThat(Files.size(log)).isZero();
    engine.close();
    // killed between the snapshot's move and the log's truncation: both are replayed
    Files.write(log, history);
    engine = SqsEngine.start(Optional.of(dir), "us-east-1", "000000000000", clock);

    assertFourLeftOneOfThemInFlight(queue, inFlight);
  }

  @Test
  void aDeadLetterMoveTornByACrashIsUndoneWholeAndTheMessageIsNotLost() throws IOException {
    engine.close();
    engine = SqsEngine.start(Optional.of(dir), "us-east-1", "000000000000", clock);
    String deadLetters = engine.createQueue("work-dlq", Map.of(), Map.of());
    String queue =
        engine.createQueue(
            "work",
            Map.of(
                "VisibilityTimeout",
                "10",
                "RedrivePolicy",
                "{\"deadLetterTargetArn\":\"" + DLQ_ARN + "\",\"maxReceiveCount\":\"1\"}"),
            Map.of());
    // a body large enough that a crash can cut the move's write in the middle of the send it logs
    String body = "x".repeat(100_000);
    String id = engine.send(queue, OutgoingMessage.of(body), "sender").messageId();
    receiveOne(queue);
    clock.advance(Duration.ofSeconds(10));
    Path log = dir.resolve(FileJournal.LOG);
    long beforeTheMove = Files.size(log);
    assertThat(engine.receive(queue, SqsEngine.Receive.of(10, 0))).isEmpty(); // moved to the DLQ
    engine.close();
    long afterTheMove = Files.size(log);
    assertThat(afterTheMove - beforeTheMove).isGreaterThan(100_000);

    // when the process died 4 KiB into that write
    try (java.nio.channels.FileChannel file =
        java.nio.channels.FileChannel.open(log, StandardOpenOption.WRITE)) {
      file.truncate(beforeTheMove + 4096);
    }
    engine = SqsEngine.start(Optional.of(dir), "us-east-1", "000000000000", clock);

    // then the move never happened: the message is still in its queue, received once
    assertThat(counts(queue)).containsExactly("1", "0", "0");
    assertThat(counts(deadLetters)).containsExactly("0", "0", "0");
    List<ReceivedMessage> again = engine.receive(queue, SqsEngine.Receive.of(10, 0));
    assertThat(again).isEmpty(); // its second receive moves it, as before the crash
    assertThat(receiveOne(deadLetters).messageId()).isEqualTo(id);
  }

  @Test
  void aMessageWhoseStateChangedManyTimesIsReceivedOnceAfterARestart() {
    engine.close();
    engine = SqsEngine.start(Optional.of(dir), "us-east-1", "000000000000", clock);
    String queue = engine.createQueue("work", Map.of("VisibilityTimeout", "30"), Map.of());
    engine.send(queue, OutgoingMessage.of("only"), "sender");
    ReceivedMessage first = receiveOne(queue);
    engine.changeVisibility(
        queue, List.of(new SqsEngine.VisibilityChange(first.receiptHandle(), 0)));
    engine.close();
    clock.advance(Duration.ofSeconds(31));
    engine = SqsEngine.start(Optional.of(dir), "us-east-1", "000000000000", clock);

    List<ReceivedMessage> received =
        engine.receive(queue, new SqsEngine.Receive(10, 0, 0, Set.of("All"), Set.of()));

    assertThat(received)
        .singleElement()
        .satisfies(m -> assertThat(m.attributes()).containsEntry("ApproximateReceiveCount", "2"));
  }

  /** m0..m4 sent; m0 and m1 received (30 s visibility), m1 deleted: returns m0, in flight. */
  private ReceivedMessage sendFiveReceiveTwoDeleteOne(String queue) {
    IntStream.range(0, 5).forEach(i -> engine.send(queue, OutgoingMessage.of("m" + i), "sender"));
    ReceivedMessage inFlight = receiveOne(queue);
    engine.delete(queue, List.of(receiveOne(queue).receiptHandle()));
    return inFlight;
  }

  /** What {@link #sendFiveReceiveTwoDeleteOne} left, each message once; then all four received. */
  private void assertFourLeftOneOfThemInFlight(String queue, ReceivedMessage inFlight) {
    assertThat(counts(queue)).containsExactly("3", "1", "0");
    clock.advance(Duration.ofSeconds(30));
    List<ReceivedMessage> all = engine.receive(queue, SqsEngine.Receive.of(10, 0));
    assertThat(all)
        .extracting(ReceivedMessage::body)
        .containsExactlyInAnyOrder("m0", "m2", "m3", "m4");
    assertThat(all)
        .filteredOn(m -> m.messageId().equals(inFlight.messageId()))
        .singleElement()
        .satisfies(m -> assertThat(m.attributes()).containsEntry("ApproximateReceiveCount", "2"));
  }

  @Test
  void withAVisibilityTimeoutOfZeroOneReceiveReturnsAMessageOnceAndTheNextReturnsItAgain() {
    String queue = engine.createQueue("work", Map.of("VisibilityTimeout", "0"), Map.of());
    engine.send(queue, OutgoingMessage.of("only"), "sender");

    List<ReceivedMessage> first = engine.receive(queue, SqsEngine.Receive.of(10, 0));
    List<ReceivedMessage> second = engine.receive(queue, SqsEngine.Receive.of(10, 0));

    assertThat(first).extracting(ReceivedMessage::body).containsExactly("only");
    assertThat(second)
        .singleElement()
        .satisfies(m -> assertThat(m.attributes()).containsEntry("ApproximateReceiveCount", "2"));
  }

  @Test
  void creatingAQueueAgainComparesOnlyTheAttributesTheCallNames() {
    String queue = engine.createQueue("work", Map.of(), Map.of());
    engine.setAttributes(queue, Map.of("VisibilityTimeout", "60"));

    assertThat(engine.createQueue("work", Map.of(), Map.of())).isEqualTo(queue);
    assertThat(engine.createQueue("work", Map.of("VisibilityTimeout", "60"), Map.of()))
        .isEqualTo(queue);
    assertThat(shape(() -> engine.createQueue("work", Map.of("VisibilityTimeout", "30"), Map.of())))
        .isEqualTo("QueueNameExists");
  }

  @Test
  void onlyTheLatestReceiptHandleChangesAMessagesVisibilityWhileAnyDeletesIt() {
    String queue = engine.createQueue("work", Map.of("VisibilityTimeout", "10"), Map.of());
    engine.send(queue, OutgoingMessage.of("a"), "sender");
    ReceivedMessage first = receiveOne(queue);
    clock.advance(Duration.ofSeconds(10));
    ReceivedMessage second = receiveOne(queue);

    SqsException stale =
        engine
            .changeVisibility(
                queue, List.of(new SqsEngine.VisibilityChange(first.receiptHandle(), 0)))
            .get(0)
            .error();

    assertThat(stale.shape()).isEqualTo("InvalidParameterValue");
    assertThat(engine.receive(queue, SqsEngine.Receive.of(10, 0)))
        .as("still held by the second receive")
        .isEmpty();
    assertThat(
            engine.changeVisibility(
                queue, List.of(new SqsEngine.VisibilityChange(second.receiptHandle(), 5))))
        .allSatisfy(o -> assertThat(o.error()).isNull());
    assertThat(engine.delete(queue, List.of(first.receiptHandle())))
        .allSatisfy(o -> assertThat(o.error()).isNull());
    assertThat(counts(queue)).containsExactly("0", "0", "0");
  }

  @Test
  void messagesMovedToADeadLetterQueueExpireByTheirOwnSentTimeNotBehindNewerOnes() {
    String deadLetters =
        engine.createQueue("work-dlq", Map.of("MessageRetentionPeriod", "120"), Map.of());
    String queue =
        engine.createQueue(
            "work",
            Map.of(
                "VisibilityTimeout",
                "10",
                "RedrivePolicy",
                "{\"deadLetterTargetArn\":\"" + DLQ_ARN + "\",\"maxReceiveCount\":1}"),
            Map.of());
    engine.send(queue, OutgoingMessage.of("old"), "sender");
    receiveOne(queue);
    clock.advance(Duration.ofSeconds(50));
    engine.send(deadLetters, OutgoingMessage.of("new"), "sender");
    clock.advance(Duration.ofSeconds(50));
    assertThat(engine.receive(queue, SqsEngine.Receive.of(10, 0)))
        .as("moved on this receive")
        .isEmpty();
    assertThat(counts(deadLetters).get(0)).isEqualTo("2");

    clock.advance(Duration.ofSeconds(20));

    assertThat(engine.receive(deadLetters, SqsEngine.Receive.of(10, 0)))
        .extracting(ReceivedMessage::body)
        .containsExactly("new");
  }

  @Test
  void endingLongPollsReturnsAWaitingReceiveAtOnce() throws Exception {
    String queue = engine.createQueue("work", Map.of(), Map.of());
    CompletableFuture<List<ReceivedMessage>> waiting = longPoll(queue);

    engine.endLongPolls();

    assertThat(waiting.get(2, TimeUnit.SECONDS)).isEmpty();
  }

  /** A receive that waits up to 20 s, already waiting when this returns. */
  private CompletableFuture<List<ReceivedMessage>> longPoll(String queue)
      throws InterruptedException {
    CompletableFuture<List<ReceivedMessage>> waiting =
        CompletableFuture.supplyAsync(() -> engine.receive(queue, SqsEngine.Receive.of(10, 20)));
    Thread.sleep(200);
    assertThat(waiting).as("still waiting").isNotDone();
    return waiting;
  }

  private ReceivedMessage receiveOne(String queue) {
    List<ReceivedMessage> received = engine.receive(queue, SqsEngine.Receive.of(1, 0));
    assertThat(received).hasSize(1);
    return received.get(0);
  }

  /** Visible, in flight, delayed. */
  private List<String> counts(String queue) {
    Map<String, String> attributes = engine.attributes(queue, List.of("All"));
    return List.of(
        attributes.get("ApproximateNumberOfMessages"),
        attributes.get("ApproximateNumberOfMessagesNotVisible"),
        attributes.get("ApproximateNumberOfMessagesDelayed"));
  }

  private static String shape(Runnable call) {
    try {
      call.run();
    } catch (SqsException e) {
      return e.shape();
    }
    throw new AssertionError("no SqsException");
  }
}
