package io.s3clean.localcloud.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** State under a data directory outlives the emulators that wrote it. */
class PersistenceTest {

  private static final Map<String, AttributeValue> ITEM_KEY =
      Map.of("id", AttributeValue.fromS("kept"));

  @Test
  void anotherProcessStartedOnTheSameDataDirectorySeesTheTableTheQueuesTheMessageAndTheObject(
      @TempDir Path dataDir) throws Exception {
    // given: state written by emulators in this JVM, which then stop
    try (Emulators first = Emulators.start(EmulatorConfig.persistentAt(dataDir))) {
      writeState(LocalClients.of(first.endpoints()));
    }

    // when: EmulatorsMain starts in a fresh JVM on the same directory
    Process second = startEmulatorsMain(dataDir);
    try {
      Endpoints endpoints = readEndpointsUntilReady(second);

      // then
      assertStateIsThere(LocalClients.of(endpoints));
    } finally {
      // SIGTERM, as Ctrl-C would: the shutdown hook stops the emulators and the JVM exits
      second.destroy();
      assertThat(second.waitFor(20, TimeUnit.SECONDS))
          .as("EmulatorsMain stopped on SIGTERM")
          .isTrue();
    }
  }

  @Test
  void eachStartInOneJvmUsesItsOwnDataDirectory(@TempDir Path first, @TempDir Path other) {
    // given
    try (Emulators emulators = Emulators.start(EmulatorConfig.persistentAt(first))) {
      try (SqsClient sqs = LocalClients.of(emulators.endpoints()).sqs()) {
        sqs.createQueue(create -> create.queueName("only-in-first"));
      }
    }

    // when
    List<String> inOther = queueNames(other);
    List<String> inFirstAgain = queueNames(first);

    // then
    assertThat(inOther).isEmpty();
    assertThat(inFirstAgain).singleElement().asString().endsWith("/only-in-first");
  }

  @Test
  void emulatorsStartedOnADataDirectoryInUseFailAtOnceAndLeaveTheOwnerServing(
      @TempDir Path dataDir) {
    try (Emulators owner = Emulators.start(EmulatorConfig.persistentAt(dataDir))) {
      // when
      long begin = System.nanoTime();
      assertThatThrownBy(() -> Emulators.start(EmulatorConfig.persistentAt(dataDir)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("in use");
      Duration failedAfter = Duration.ofNanos(System.nanoTime() - begin);

      // then
      assertThat(failedAfter).isLessThan(Duration.ofSeconds(1));
      try (SqsClient sqs = LocalClients.of(owner.endpoints()).sqs()) {
        assertThat(sqs.listQueues().queueUrls()).isEmpty();
      }
    }
  }

  private static List<String> queueNames(Path dataDir) {
    try (Emulators emulators = Emulators.start(EmulatorConfig.persistentAt(dataDir));
        SqsClient sqs = LocalClients.of(emulators.endpoints()).sqs()) {
      return sqs.listQueues().queueUrls();
    }
  }

  private static void writeState(LocalClients clients) {
    try (DynamoDbClient dynamoDb = clients.dynamoDb();
        SqsClient sqs = clients.sqs();
        S3Client s3 = clients.s3()) {
      dynamoDb.createTable(
          table ->
              table
                  .tableName("kept")
                  .keySchema(
                      KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                  .attributeDefinitions(
                      AttributeDefinition.builder()
                          .attributeName("id")
                          .attributeType(ScalarAttributeType.S)
                          .build())
                  .billingMode(BillingMode.PAY_PER_REQUEST));
      dynamoDb.putItem(
          put ->
              put.tableName("kept")
                  .item(
                      Map.of(
                          "id", AttributeValue.fromS("kept"), "size", AttributeValue.fromN("7"))));

      String dlqUrl = sqs.createQueue(create -> create.queueName("kept-dlq")).queueUrl();
      String dlqArn =
          sqs.getQueueAttributes(
                  get -> get.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
              .attributes()
              .get(QueueAttributeName.QUEUE_ARN);
      String queueUrl =
          sqs.createQueue(
                  create ->
                      create
                          .queueName("kept")
                          .attributes(
                              Map.of(
                                  QueueAttributeName.REDRIVE_POLICY,
                                  "{\"deadLetterTargetArn\":\""
                                      + dlqArn
                                      + "\",\"maxReceiveCount\":\"3\"}")))
              .queueUrl();
      sqs.sendMessage(send -> send.queueUrl(queueUrl).messageBody("still here"));

      s3.createBucket(create -> create.bucket("kept"));
      s3.putObject(put -> put.bucket("kept").key("dir/object"), RequestBody.fromString("1234567"));
    }
  }

  private static void assertStateIsThere(LocalClients clients) {
    try (DynamoDbClient dynamoDb = clients.dynamoDb();
        SqsClient sqs = clients.sqs();
        S3Client s3 = clients.s3()) {
      assertThat(
              dynamoDb
                  .getItem(get -> get.tableName("kept").key(ITEM_KEY).consistentRead(true))
                  .item())
          .containsEntry("size", AttributeValue.fromN("7"));

      String queueUrl = sqs.getQueueUrl(get -> get.queueName("kept")).queueUrl();
      assertThat(
              sqs.getQueueAttributes(
                      get ->
                          get.queueUrl(queueUrl).attributeNames(QueueAttributeName.REDRIVE_POLICY))
                  .attributes())
          .extractingByKey(QueueAttributeName.REDRIVE_POLICY)
          .asString()
          .contains("arn:aws:sqs:us-east-1:000000000000:kept-dlq");
      assertThat(
              sqs.receiveMessage(receive -> receive.queueUrl(queueUrl).waitTimeSeconds(1))
                  .messages())
          .extracting(Message::body)
          .containsExactly("still here");

      assertThat(s3.getObjectAsBytes(get -> get.bucket("kept").key("dir/object")).asUtf8String())
          .isEqualTo("1234567");
    }
  }

  private static Process startEmulatorsMain(Path dataDir) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-XX:TieredStopAtLevel=1",
            "-cp",
            System.getProperty("java.class.path"),
            EmulatorsMain.class.getName(),
            dataDir.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }

  /** EmulatorsMain prints one {@code name endpoint} line per emulator, then {@code ready ...}. */
  private static Endpoints readEndpointsUntilReady(Process process) throws IOException {
    var reader =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    Map<String, URI> endpoints = new HashMap<>();
    for (String line = reader.readLine();
        line != null && !line.startsWith("ready");
        line = reader.readLine()) {
      String[] fields = line.trim().split("\\s+", 2);
      if (fields.length == 2 && fields[1].startsWith("http://")) {
        endpoints.put(fields[0], URI.create(fields[1]));
      }
    }
    assertThat(endpoints)
        .as("endpoints printed before ready")
        .containsKeys("dynamodb", "sqs", "s3");
    return new Endpoints(
        endpoints.get("dynamodb"),
        endpoints.get("sqs"),
        endpoints.get("s3"),
        EmulatorConfig.DEFAULT_REGION);
  }
}
