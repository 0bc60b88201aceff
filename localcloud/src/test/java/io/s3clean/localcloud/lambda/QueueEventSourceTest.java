package io.s3clean.localcloud.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.s3clean.cloudwatch.logs.LambdaLogWriter;
import io.s3clean.cloudwatch.logs.LogStore;
import io.s3clean.localcloud.emulator.EmulatorConfig;
import io.s3clean.localcloud.emulator.Emulators;
import io.s3clean.localcloud.emulator.LocalClients;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The event source mapping on the SQS engine: how far it reads ahead of the function, and what it
 * deletes.
 */
class QueueEventSourceTest {
  private static Emulators emulators;
  private static SqsClient sqs;
  private final List<String> errors = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    emulators = Emulators.start(EmulatorConfig.inMemory());
    sqs = LocalClients.of(emulators.endpoints()).sqs();
  }

  @AfterAll
  static void stop() {
    sqs.close();
    emulators.close();
  }

  @Test
  void eachSlotGathersItsNextBatchWhileTheFunctionRunsButNoFurther() throws Exception {
    String queue = queue("read-ahead");
    send(queue, 20);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger invocations = new AtomicInteger();
    RequestHandler<SQSEvent, SQSBatchResponse> blocked =
        (event, context) -> {
          invocations.incrementAndGet();
          await(release);
          return new SQSBatchResponse(List.of());
        };

    try (QueueEventSource source = source(queue, 2, 1, blocked)) {
      // One batch in the function, one gathered and waiting: 4 of 20 messages in flight.
      awaitUntil(() -> inFlight(queue) == 4);
      Thread.sleep(1_500);
      assertThat(inFlight(queue)).isEqualTo(4);
      assertThat(invocations).hasValue(1);

      release.countDown();
      awaitUntil(() -> visible(queue) + inFlight(queue) == 0);
      assertThat(invocations).hasValue(10);
    }
  }

  @Test
  void deletesWhatSucceededAndLeavesTheReportedFailures() throws Exception {
    String queue = queue("failures");
    send(queue, 30);
    Set<String> seen = ConcurrentHashMap.newKeySet();
    RequestHandler<SQSEvent, SQSBatchResponse> failsOdd =
        (event, context) ->
            new SQSBatchResponse(
                event.getRecords().stream()
                    .peek(m -> seen.add(m.getBody()))
                    .filter(m -> Integer.parseInt(m.getBody()) % 2 == 1)
                    .map(m -> new SQSBatchResponse.BatchItemFailure(m.getMessageId()))
                    .toList());

    try (QueueEventSource source = source(queue, 10, 3, failsOdd)) {
      awaitUntil(() -> seen.size() == 30 && visible(queue) + inFlight(queue) == 15);
    }
    // The 15 failures stay in the queue, invisible until their timeout; the 15 successes are gone.
    assertThat(visible(queue) + inFlight(queue)).isEqualTo(15);
  }

  @Test
  void eachRecordCarriesItsMessageAttributesAndSystemAttributesAsLambdasEventDoes()
      throws Exception {
    String queue = queue("attributes");
    sqs.sendMessage(
        r ->
            r.queueUrl(queue)
                .messageBody("with attributes")
                .messageAttributes(
                    Map.of(
                        "origin",
                        software.amazon.awssdk.services.sqs.model.MessageAttributeValue.builder()
                            .dataType("String")
                            .stringValue("test")
                            .build())));
    List<SQSEvent.SQSMessage> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    RequestHandler<SQSEvent, SQSBatchResponse> recording =
        (event, context) -> {
          seen.addAll(event.getRecords());
          return new SQSBatchResponse(List.of());
        };

    try (QueueEventSource source = source(queue, 10, 1, recording)) {
      awaitUntil(() -> !seen.isEmpty());
    }

    SQSEvent.SQSMessage record = seen.get(0);
    assertThat(record.getMessageAttributes()).containsOnlyKeys("origin");
    assertThat(record.getMessageAttributes().get("origin").getStringValue()).isEqualTo("test");
    assertThat(record.getMd5OfMessageAttributes()).hasSize(32);
    assertThat(record.getAttributes())
        .containsKeys("ApproximateReceiveCount", "SentTimestamp", "SenderId");
    assertThat(record.getEventSourceArn()).endsWith(":attributes");
  }

  @Test
  void aBatchWhoseInvocationTimedOutComesBackAfterTheVisibilityTimeout() throws Exception {
    String queue =
        sqs.createQueue(
                r ->
                    r.queueName("timeouts")
                        .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "2")))
            .queueUrl();
    send(queue, 1);
    List<String> receiveCounts = new java.util.concurrent.CopyOnWriteArrayList<>();
    RequestHandler<SQSEvent, SQSBatchResponse> hangsOnce =
        (event, context) -> {
          receiveCounts.add(
              event.getRecords().get(0).getAttributes().get("ApproximateReceiveCount"));
          if (receiveCounts.size() == 1) {
            try {
              Thread.sleep(3_000); // past the function's timeout of 1 s
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          return new SQSBatchResponse(List.of());
        };

    try (QueueEventSource source = source(queue, 10, 1, hangsOnce, 1)) {
      awaitUntil(() -> receiveCounts.size() == 2 && visible(queue) + inFlight(queue) == 0);
    }
    // the timed-out batch was not deleted: it came back, received a second time, and then succeeded
    assertThat(receiveCounts).containsExactly("1", "2");
  }

  @AfterEach
  void noErrors() {
    assertThat(errors).isEmpty();
  }

  private QueueEventSource source(
      String queue,
      int batchSize,
      int concurrency,
      RequestHandler<SQSEvent, SQSBatchResponse> handler) {
    return source(queue, batchSize, concurrency, handler, 30);
  }

  private QueueEventSource source(
      String queue,
      int batchSize,
      int concurrency,
      RequestHandler<SQSEvent, SQSBatchResponse> handler,
      int timeoutSeconds) {
    FunctionSpec spec =
        new FunctionSpec(
            "test-function",
            "arn:aws:lambda:us-east-1:000000000000:function:test-function",
            "Test::handle",
            Map.of(),
            timeoutSeconds,
            512,
            "/aws/lambda/test-function");
    HostedFunction function =
        new HostedFunction(
            spec,
            handler,
            LambdaLogWriter.forNewEnvironment(
                LogStore.inMemory(Clock.systemUTC()), spec.logGroup(), Clock.systemUTC(), 512));
    return new QueueEventSource(
        emulators.sqsEngine(),
        queue,
        "arn:aws:sqs:us-east-1:000000000000:" + queue.substring(queue.lastIndexOf('/') + 1),
        "us-east-1",
        new QueueEventSource.Settings(batchSize, Duration.ZERO, true, concurrency),
        function,
        (what, e) -> errors.add(what + ": " + e));
  }

  private static String queue(String name) {
    return sqs.createQueue(
            r -> r.queueName(name).attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "60")))
        .queueUrl();
  }

  private static void send(String queue, int count) {
    IntStream.range(0, count)
        .forEach(i -> sqs.sendMessage(r -> r.queueUrl(queue).messageBody(Integer.toString(i))));
  }

  private static int visible(String queue) {
    return attribute(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
  }

  private static int inFlight(String queue) {
    return attribute(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);
  }

  private static int attribute(String queue, QueueAttributeName name) {
    return Integer.parseInt(
        sqs.getQueueAttributes(r -> r.queueUrl(queue).attributeNames(name)).attributes().get(name));
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void awaitUntil(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 20 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}
