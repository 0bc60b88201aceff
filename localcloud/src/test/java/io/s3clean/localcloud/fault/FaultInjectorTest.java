package io.s3clean.localcloud.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.s3clean.engines.S3EventName;
import io.s3clean.event.MessageParser;
import io.s3clean.event.ObjectEvent;
import io.s3clean.localcloud.emulator.EmulatorConfig;
import io.s3clean.localcloud.emulator.Emulators;
import io.s3clean.localcloud.emulator.LocalClients;
import io.s3clean.localcloud.s3.S3Notifications;
import io.s3clean.localcloud.s3.TopicNotification;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Each injection point against the real emulators: what AWS would do, where AWS would do it, and
 * only when planned.
 */
class FaultInjectorTest {
  private static final String TOPIC = "arn:aws:sns:us-east-1:000000000000:events";
  private static Emulators emulators;
  private static DynamoDbClient admin;

  @BeforeAll
  static void start() {
    emulators = Emulators.start(EmulatorConfig.inMemory());
    admin = LocalClients.of(emulators.endpoints()).dynamoDb();
    admin.createTable(
        t ->
            t.tableName("items")
                .billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(a -> a.attributeName("id").attributeType("S"))
                .keySchema(k -> k.attributeName("id").keyType("HASH")));
  }

  @AfterAll
  static void stop() {
    admin.close();
    emulators.close();
  }

  @Test
  void noPlanDeliversEveryNotificationOnceAndInOrder() {
    List<ObjectEvent> delivered = notify(FaultPlan.NONE, 50);

    assertThat(delivered)
        .extracting(ObjectEvent::size)
        .containsExactlyElementsOf(java.util.stream.LongStream.range(0, 50).boxed().toList());
  }

  @Test
  void duplicatesArriveTwiceAndHeldBackNotificationsArriveAfterNewerOnesOfTheirKey() {
    FaultInjector faults =
        new FaultInjector(new FaultPlan(7, 0.3, 0.3, Duration.ofMillis(40), 0, 0, 0, 2));

    List<ObjectEvent> delivered = notify(faults, 200);

    FaultReport report = faults.report();
    assertThat(delivered).hasSize(200 + (int) report.duplicated());
    assertThat(delivered)
        .extracting(ObjectEvent::size)
        .containsAll(java.util.stream.LongStream.range(0, 200).boxed().toList());
    assertThat(report.duplicated()).isBetween(30L, 90L);
    assertThat(report.heldBack()).isBetween(30L, 90L);
    assertThat(report.publishedOutOfOrder()).isPositive();
  }

  @Test
  void aFirstAttemptThrottledOnTheWireIsRetriedByTheSdkAndSucceeds() {
    FaultInjector faults = new FaultInjector(new FaultPlan(1, 0, 0, Duration.ZERO, 0, 1, 0, 2));
    try (DynamoDbClient dynamo = functionClient(faults)) {
      String answer =
          invoke(
              faults,
              1,
              () -> {
                dynamo.putItem(
                    r -> r.tableName("items").item(Map.of("id", AttributeValue.fromS("retried"))));
                return "done";
              });

      assertThat(answer).isEqualTo("done");
      assertThat(faults.report().throttlesRetried()).isEqualTo(1);
      assertThat(
              admin
                  .getItem(
                      r -> r.tableName("items").key(Map.of("id", AttributeValue.fromS("retried"))))
                  .hasItem())
          .isTrue();
    }
  }

  @Test
  void aSurfacedThrottleReachesTheHandlerAsTheSdkRaisesItAndWritesNothing() {
    FaultInjector faults = new FaultInjector(new FaultPlan(1, 0, 0, Duration.ZERO, 0, 1, 1, 2));
    try (DynamoDbClient dynamo = functionClient(faults)) {
      assertThatThrownBy(
              () ->
                  invoke(
                      faults,
                      1,
                      () ->
                          dynamo.putItem(
                              r ->
                                  r.tableName("items")
                                      .item(Map.of("id", AttributeValue.fromS("throttled"))))))
          .isInstanceOfSatisfying(
              ProvisionedThroughputExceededException.class,
              e -> {
                assertThat(e.isThrottlingException()).isTrue();
                assertThat(e.awsErrorDetails().errorCode())
                    .isEqualTo("ProvisionedThroughputExceededException");
              });
      assertThat(
              admin
                  .getItem(
                      r ->
                          r.tableName("items").key(Map.of("id", AttributeValue.fromS("throttled"))))
                  .hasItem())
          .isFalse();
    }
  }

  @Test
  void aCrashComesRightAfterTheFirstCommittedTransactionWhichStaysCommitted() {
    FaultInjector faults = new FaultInjector(new FaultPlan(1, 0, 0, Duration.ZERO, 1, 0, 0, 2));
    try (DynamoDbClient dynamo = functionClient(faults)) {
      assertThatThrownBy(
              () ->
                  invoke(
                      faults,
                      1,
                      () -> {
                        transactPut(dynamo, "first-group");
                        transactPut(dynamo, "second-group");
                        return "unreachable";
                      }))
          .isInstanceOf(InjectedCrash.class)
          .hasMessageContaining("after its first ledger write");

      assertThat(exists("first-group")).isTrue();
      assertThat(exists("second-group")).isFalse();
      assertThat(faults.report().crashedAfterWrite()).isEqualTo(1);
    }
  }

  @Test
  void anInvocationThatWritesNothingCrashesAfterItsHandlerReturned() {
    FaultInjector faults = new FaultInjector(new FaultPlan(1, 0, 0, Duration.ZERO, 1, 0, 0, 2));

    assertThatThrownBy(() -> invoke(faults, 1, () -> "all duplicates"))
        .isInstanceOf(InjectedCrash.class);
    assertThat(faults.report().crashedAfterReturn()).isEqualTo(1);
  }

  @Test
  void aBatchWithAMessageOnItsLastReceiveIsSpared() {
    FaultInjector faults = new FaultInjector(new FaultPlan(1, 0, 0, Duration.ZERO, 1, 1, 1, 2));
    try (DynamoDbClient dynamo = functionClient(faults)) {
      String answer =
          invoke(
              faults,
              3,
              () -> {
                transactPut(dynamo, "spared");
                return "done";
              });

      assertThat(answer).isEqualTo("done");
      assertThat(exists("spared")).isTrue();
      assertThat(faults.report().spared()).isEqualTo(1);
      assertThat(faults.report().crashes() + faults.report().throttlesSurfaced()).isZero();
    }
  }

  @Test
  void callsOutsideAQueueInvocationAreNeverFaulted() {
    FaultInjector faults = new FaultInjector(new FaultPlan(1, 0, 0, Duration.ZERO, 1, 1, 1, 2));
    try (DynamoDbClient dynamo = functionClient(faults)) {
      String answer =
          faults.aroundInvocation(
              "an alarm payload",
              () -> {
                transactPut(dynamo, "alarm-action");
                return "done";
              });

      assertThat(answer).isEqualTo("done");
      assertThat(faults.report().queueInvocations()).isZero();
    }
  }

  /** A DynamoDB client as the embedded cloud builds it for a function, with the plan's faults. */
  private static DynamoDbClient functionClient(FaultInjector faults) {
    return LocalClients.of(emulators.endpoints(), LocalClients.Transport.URL_CONNECTION)
        .intercepted(faults.dynamoDbInterceptor())
        .withHttpClient(faults::throttling)
        .dynamoDb();
  }

  private static <O> O invoke(FaultInjector faults, int receiveCount, Supplier<O> handler) {
    SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
    message.setMessageId("m1");
    message.setAttributes(Map.of("ApproximateReceiveCount", Integer.toString(receiveCount)));
    SQSEvent event = new SQSEvent();
    event.setRecords(List.of(message));
    return faults.aroundInvocation(event, handler);
  }

  private static Object transactPut(DynamoDbClient dynamo, String id) {
    return dynamo.transactWriteItems(
        r ->
            r.transactItems(
                TransactWriteItem.builder()
                    .put(
                        Put.builder()
                            .tableName("items")
                            .item(Map.of("id", AttributeValue.fromS(id)))
                            .build())
                    .build()));
  }

  private static boolean exists(String id) {
    return admin
        .getItem(r -> r.tableName("items").key(Map.of("id", AttributeValue.fromS(id))))
        .hasItem();
  }

  private static List<ObjectEvent> notify(FaultPlan plan, int changes) {
    return notify(new FaultInjector(plan), changes);
  }

  /** {@code changes} puts of one key, sized 0, 1, 2, ..., as S3Notifications delivers them. */
  private static List<ObjectEvent> notify(FaultInjector faults, int changes) {
    List<ObjectEvent> delivered = new CopyOnWriteArrayList<>();
    MessageParser parser = new MessageParser();
    try (S3Notifications notifications =
        new S3Notifications(
            "us-east-1",
            Clock.systemUTC(),
            (topic, subject, message) -> delivered.addAll(parser.parse(message).events()),
            (w, e) -> {},
            faults)) {
      notifications.configure(
          "bucket",
          List.of(new TopicNotification("all", TOPIC, List.of("s3:ObjectCreated:*"), "", "")));
      for (int i = 0; i < changes; i++) {
        notifications.onObjectCreated("bucket", "key", i, "etag", S3EventName.PUT, null);
      }
      notifications.drain();
    }
    return delivered;
  }
}
