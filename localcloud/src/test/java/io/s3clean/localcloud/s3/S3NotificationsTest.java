package io.s3clean.localcloud.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3clean.engines.ForwardingListener;
import io.s3clean.event.MessageParser;
import io.s3clean.event.ObjectEvent;
import io.s3clean.localcloud.emulator.EmulatorConfig;
import io.s3clean.localcloud.emulator.Emulators;
import io.s3clean.localcloud.emulator.LocalClients;
import io.s3clean.localcloud.sns.SnsService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Notifications raised for changes made by any S3 client, delivered through SNS to SQS as AWS
 * shapes them.
 */
class S3NotificationsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Emulators emulators;
  private static S3Notifications notifications;
  private static SnsService sns;
  private static S3Client s3;
  private static SqsClient sqs;

  @BeforeAll
  static void start() {
    ForwardingListener forwarding = new ForwardingListener();
    emulators = Emulators.start(EmulatorConfig.inMemory().withObjectChangeListener(forwarding));
    LocalClients clients = LocalClients.of(emulators.endpoints());
    s3 = clients.s3();
    sqs = clients.sqs();
    sns =
        new SnsService(
            emulators.region(), emulators.accountId(), emulators.sqsEngine(), Clock.systemUTC());
    notifications =
        new S3Notifications(emulators.region(), Clock.systemUTC(), sns.publisher(), (w, e) -> {});
    forwarding.forwardTo(notifications);
  }

  @AfterAll
  static void stop() {
    notifications.close();
    s3.close();
    sqs.close();
    emulators.close();
  }

  @Test
  void configuringABucketSendsS3sTestEventToEachTopic() throws Exception {
    Setup setup = setup(false, "", "");

    JsonNode envelope = JSON.readTree(receive(setup.queueUrl, 1).get(0).body());
    JsonNode testEvent = JSON.readTree(envelope.get("Message").asText());

    assertThat(envelope.get("Type").asText()).isEqualTo("Notification");
    assertThat(envelope.get("TopicArn").asText()).isEqualTo(setup.topicArn);
    assertThat(testEvent.get("Event").asText()).isEqualTo("s3:TestEvent");
    assertThat(testEvent.get("Bucket").asText()).isEqualTo(setup.bucket);
  }

  @Test
  void putsAndDeletesBecomeEventsWithEncodedKeysAndIncreasingSequencers() throws Exception {
    Setup setup = setup(false, "", "");
    receive(setup.queueUrl, 1); // the test event

    s3.putObject(
        r -> r.bucket(setup.bucket).key("dir/a bé.txt"), RequestBody.fromBytes(new byte[7]));
    s3.putObject(
        r -> r.bucket(setup.bucket).key("dir/a bé.txt"), RequestBody.fromBytes(new byte[9]));
    s3.deleteObject(r -> r.bucket(setup.bucket).key("dir/a bé.txt"));

    List<Message> messages = receive(setup.queueUrl, 3);
    List<ObjectEvent> events = new ArrayList<>();
    MessageParser parser = new MessageParser();
    messages.forEach(m -> events.addAll(parser.parse(m.body()).events()));
    events.sort((a, b) -> a.sequencer().compareTo(b.sequencer()));
    assertThat(events)
        .extracting(ObjectEvent::eventName)
        .containsExactly("ObjectCreated:Put", "ObjectCreated:Put", "ObjectRemoved:Delete");
    assertThat(events).extracting(ObjectEvent::size).containsExactly(7L, 9L, 0L);
    assertThat(events).extracting(ObjectEvent::key).containsOnly("dir/a bé.txt");
    String raw =
        JSON.readTree(JSON.readTree(messages.get(0).body()).get("Message").asText())
            .at("/Records/0/s3/object/key")
            .asText();
    assertThat(raw).isEqualTo("dir/a+b%C3%A9.txt");
  }

  @Test
  void aBurstHandedToSnsInBatchesArrivesAsOneMessagePerEventEachWithItsOwnId() throws Exception {
    Setup setup = setup(false, "", "");
    receive(setup.queueUrl, 1);

    for (int i = 0; i < 25; i++) {
      int size = i;
      s3.putObject(
          r -> r.bucket(setup.bucket).key("burst/" + size), RequestBody.fromBytes(new byte[size]));
    }
    notifications.drain();

    List<Message> messages = receive(setup.queueUrl, 25);
    List<ObjectEvent> events = new ArrayList<>();
    messages.forEach(m -> events.addAll(new MessageParser().parse(m.body()).events()));
    assertThat(events)
        .extracting(ObjectEvent::size)
        .containsExactlyInAnyOrderElementsOf(
            java.util.stream.LongStream.range(0, 25).boxed().toList());
    assertThat(messages)
        .extracting(m -> JSON.readTree(m.body()).get("MessageId").asText())
        .doesNotHaveDuplicates();
  }

  @Test
  void prefixAndSuffixRulesFilterWhatIsSent() throws Exception {
    Setup setup = setup(false, "in/", ".csv");
    receive(setup.queueUrl, 1);
    List<String> raised = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<String> notified = new java.util.concurrent.CopyOnWriteArrayList<>();
    notifications.addRaisedListener(change -> raised.add(change.key()));
    notifications.addNotifiedListener(change -> notified.add(change.key()));

    s3.putObject(
        r -> r.bucket(setup.bucket).key("in/skip.txt"), RequestBody.fromBytes(new byte[1]));
    s3.putObject(
        r -> r.bucket(setup.bucket).key("out/skip.csv"), RequestBody.fromBytes(new byte[1]));
    s3.putObject(
        r -> r.bucket(setup.bucket).key("in/take.csv"), RequestBody.fromBytes(new byte[1]));
    notifications.drain();

    List<Message> messages = receive(setup.queueUrl, 1);
    assertThat(new MessageParser().parse(messages.get(0).body()).events())
        .extracting(ObjectEvent::key)
        .containsExactly("in/take.csv");
    assertThat(sqs.receiveMessage(r -> r.queueUrl(setup.queueUrl).waitTimeSeconds(1)).messages())
        .isEmpty();
    // every change is raised (an audit starts there); only the one the rules take is notified, once
    assertThat(raised).containsExactly("in/skip.txt", "out/skip.csv", "in/take.csv");
    assertThat(notified).containsExactly("in/take.csv");
  }

  @Test
  void aRawSubscriptionGetsTheS3EventWithoutTheEnvelope() throws Exception {
    Setup setup = setup(true, "", "");
    receive(setup.queueUrl, 1);

    s3.putObject(r -> r.bucket(setup.bucket).key("raw.txt"), RequestBody.fromBytes(new byte[3]));

    JsonNode body = JSON.readTree(receive(setup.queueUrl, 1).get(0).body());
    assertThat(body.has("Type")).isFalse();
    assertThat(body.at("/Records/0/eventSource").asText()).isEqualTo("aws:s3");
    assertThat(body.at("/Records/0/s3/object/size").asLong()).isEqualTo(3);
  }

  private record Setup(String bucket, String topicArn, String queueUrl) {}

  private static Setup setup(boolean raw, String prefix, String suffix) {
    String name = "n" + UUID.randomUUID().toString().substring(0, 8);
    s3.createBucket(r -> r.bucket(name));
    String queueUrl = sqs.createQueue(r -> r.queueName(name)).queueUrl();
    String topicArn = sns.createTopic(name);
    sns.subscribe(
        topicArn,
        "sqs",
        "arn:aws:sqs:" + emulators.region() + ":" + emulators.accountId() + ":" + name,
        raw);
    notifications.configure(
        name,
        List.of(
            new TopicNotification(
                "created", topicArn, List.of("s3:ObjectCreated:*"), prefix, suffix),
            new TopicNotification(
                "removed", topicArn, List.of("s3:ObjectRemoved:*"), prefix, suffix)));
    return new Setup(name, topicArn, queueUrl);
  }

  private static List<Message> receive(String queueUrl, int count) {
    List<Message> messages = new ArrayList<>();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (messages.size() < count && System.nanoTime() < deadline) {
      List<Message> batch =
          sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
              .messages();
      messages.addAll(batch);
      batch.forEach(
          m -> sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle())));
    }
    assertThat(messages).as("messages on " + queueUrl).hasSize(count);
    return messages;
  }
}
