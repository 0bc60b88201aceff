package io.s3clean.localcloud.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.s3clean.localcloud.LocalCloud;
import io.s3clean.localcloud.LocalClouds;
import io.s3clean.localcloud.emulator.Endpoints;
import io.s3clean.localcloud.emulator.LocalClients;
import io.s3clean.localcloud.usage.UsageMeter.Payer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The embedded cloud's meter against what the AWS documentation says each call costs, driven by the
 * SDK through the endpoint as any client is, and a known workload through the whole stack.
 */
class UsageMeteringTest {
  private static LocalCloud cloud;
  private static LocalClients clients;

  @BeforeAll
  static void start() {
    // a threshold no run reaches: the cleaner's work is no S3 event's cost
    cloud = LocalClouds.shipped(Map.of("ThresholdBytes", "1000000000000"), 60);
    URI at = cloud.endpoint();
    clients = LocalClients.of(Endpoints.at(at, cloud.emulators().region()));
  }

  @AfterAll
  static void stop() {
    cloud.close();
  }

  @BeforeEach
  void reset() {
    cloud.meter().reset();
  }

  private static Usage usage() {
    return cloud.meter().snapshot();
  }

  @Test
  void aTwoItemTransactionOfOneKilobyteItemsIsFourWriteUnitsAndAStronglyConsistentReadOfThemTwo() {
    String table = cloud.stack().output("ObjectTableName");
    try (DynamoDbClient dynamo = clients.dynamoDb()) {
      dynamo.transactWriteItems(
          t -> t.transactItems(put(table, "metered/a"), put(table, "metered/b")));
      dynamo.batchGetItem(
          b ->
              b.requestItems(
                  Map.of(
                      table,
                      software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes.builder()
                          .consistentRead(true)
                          .keys(
                              Map.of("bucket_name", s(bucketName()), "object_name", s("metered/a")),
                              Map.of("bucket_name", s(bucketName()), "object_name", s("metered/b")))
                          .build())));
    }

    assertThat(
            usage()
                .quantity("dynamodb", "TransactWriteItems", UsageMeter.WRITE_UNITS, Payer.CLIENTS))
        .isEqualTo(4);
    assertThat(usage().quantity("dynamodb", "BatchGetItem", UsageMeter.READ_UNITS, Payer.CLIENTS))
        .isEqualTo(2);
    assertThat(usage().quantity("dynamodb", UsageMeter.WRITE_UNITS, Payer.STACK)).isZero();
  }

  private static TransactWriteItem put(String table, String key) {
    // bucket and key attributes, and a filler: 1,000 bytes in all, one write unit, doubled in a
    // transaction
    String filler =
        "x"
            .repeat(
                1000
                    - ("bucket_name".length()
                        + bucketName().length()
                        + "object_name".length()
                        + key.length()
                        + "d".length()));
    return TransactWriteItem.builder()
        .put(
            Put.builder()
                .tableName(table)
                .item(Map.of("bucket_name", s(bucketName()), "object_name", s(key), "d", s(filler)))
                .build())
        .build();
  }

  private static String bucketName() {
    return cloud.stack().output("WatchedBucketName");
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  @Test
  void sqsAndSnsBillEachSixtyFourKilobyteChunkAsARequest() {
    String queue;
    try (SqsClient sqs = clients.sqs()) {
      queue = sqs.createQueue(c -> c.queueName("metered")).queueUrl();
      sqs.sendMessage(s -> s.queueUrl(queue).messageBody("small"));
      sqs.sendMessage(s -> s.queueUrl(queue).messageBody("x".repeat(100 * 1024)));
      sqs.deleteQueue(d -> d.queueUrl(queue));
    }
    try (SnsClient sns =
        LocalClients.of(cloud.emulators().endpoints()).asCloudCaller().sns(cloud.endpoint())) {
      sns.publish(
          p ->
              p.topicArn(cloud.stack().output("TopicArn"))
                  .message("{\"Records\":[]," + "\"pad\":\"" + "x".repeat(70 * 1024) + "\"}"));
    }

    assertThat(usage().quantity("sqs", "SendMessage", UsageMeter.SQS_REQUESTS, Payer.CLIENTS))
        .isEqualTo(3);
    assertThat(usage().quantity("sqs", "CreateQueue", UsageMeter.SQS_REQUESTS, Payer.CLIENTS))
        .isEqualTo(1);
    // the cloud's own SNS client says it is the stack's: a publish of 70 KB is two
    assertThat(usage().quantity("sns", "Publish", UsageMeter.SNS_PUBLISHES, Payer.STACK))
        .isEqualTo(2);
    assertThat(usage().quantity("sns", "delivery to SQS", UsageMeter.SNS_DELIVERIES, Payer.STACK))
        .isEqualTo(2);
  }

  @Test
  void s3CountsRequestsByClassAndDeletesApart() throws Exception {
    try (S3Client s3 = clients.s3()) {
      s3.putObject(p -> p.bucket(bucketName()).key("metered/x"), RequestBody.fromString("x"));
      s3.getObject(g -> g.bucket(bucketName()).key("metered/x")).close();
      s3.headObject(h -> h.bucket(bucketName()).key("metered/x"));
      s3.listObjectsV2(l -> l.bucket(bucketName()));
      s3.deleteObject(d -> d.bucket(bucketName()).key("metered/x"));
    }

    assertThat(
            usage().quantity("s3", UsageMeter.S3_WRITE_CLASS, UsageMeter.REQUESTS, Payer.CLIENTS))
        .isEqualTo(2);
    assertThat(usage().quantity("s3", UsageMeter.S3_READ_CLASS, UsageMeter.REQUESTS, Payer.CLIENTS))
        .isEqualTo(2);
    assertThat(usage().quantity("s3", UsageMeter.S3_DELETE, UsageMeter.REQUESTS, Payer.CLIENTS))
        .isEqualTo(1);
  }

  @Test
  void aKnownWorkloadIsMeteredThroughTheWholeStack() throws Exception {
    MeteredRun.Result run = MeteredRun.run(cloud, 30, 60, line -> {});
    Usage usage = run.usage();

    // 20 uploads and 10 deletes, each one S3 event that S3 publishes to the topic once
    assertThat(usage.s3Events()).isEqualTo(30);
    assertThat(usage.quantity("s3", UsageMeter.S3_WRITE_CLASS, UsageMeter.REQUESTS, Payer.CLIENTS))
        .isEqualTo(20);
    assertThat(usage.quantity("s3", UsageMeter.S3_DELETE, UsageMeter.REQUESTS, Payer.CLIENTS))
        .isEqualTo(10);
    assertThat(usage.quantity("sns", "Publish", UsageMeter.SNS_PUBLISHES, Payer.STACK))
        .isEqualTo(30);
    // the topic has two queues: each event is delivered, and sent, twice
    assertThat(usage.quantity("sns", "delivery to SQS", UsageMeter.SNS_DELIVERIES, Payer.STACK))
        .isEqualTo(60);
    assertThat(
            usage.quantity("sqs", "SendMessage (from SNS)", UsageMeter.SQS_REQUESTS, Payer.STACK))
        .isEqualTo(60);
    // the pollers received every message; the functions' calls reached the endpoint as the stack's
    assertThat(
            usage.quantity(
                "sqs", "ReceiveMessage (by Lambda)", UsageMeter.SQS_REQUESTS, Payer.STACK))
        .isBetween(1.0, 60.0);
    assertThat(usage.quantity("dynamodb", UsageMeter.WRITE_UNITS, Payer.STACK))
        .isGreaterThanOrEqualTo(2 * 30);
    assertThat(usage.quantity("dynamodb", UsageMeter.WRITE_UNITS, Payer.CLIENTS)).isZero();
    // invocations and GB-seconds are the REPORT lines' own figures
    double reported = 0;
    int reports = 0;
    Pattern report = Pattern.compile("Billed Duration: (\\d+) ms\\tMemory Size: (\\d+) MB");
    for (String group : cloud.cloudWatch().logs().logGroups()) {
      for (var event :
          cloud
              .cloudWatch()
              .logs()
              .read(group, run.usage().since(), line -> line.startsWith("REPORT "))) {
        Matcher m = report.matcher(event.message());
        assertThat(m.find()).as(event.message()).isTrue();
        reported += Long.parseLong(m.group(1)) / 1000.0 * Long.parseLong(m.group(2)) / 1024.0;
        reports++;
      }
    }
    assertThat(usage.quantity("lambda", UsageMeter.INVOCATIONS, Payer.STACK))
        .isEqualTo(reports)
        .isGreaterThan(1);
    assertThat(usage.quantity("lambda", UsageMeter.GB_SECONDS, Payer.STACK))
        .isCloseTo(reported, within(1e-9));
    assertThat(usage.quantity("logs", UsageMeter.BYTES_INGESTED, Payer.STACK))
        .isGreaterThan(30 * 100);
    // two custom metrics: the metric filter's CurrentTotalSize, and CurrentTotalSizeHighRes, which
    // the
    // tracker publishes through EMF at either alarm resolution
    assertThat(run.standing()).isEqualTo(new CostEstimate.Standing(2, 1, 0, 2, 14));

    CostEstimate estimate =
        CostEstimate.of(
            usage,
            run.standing(),
            100_000,
            PriceTable.shipped().region("us-east-1"),
            PriceTable.shipped().date());
    assertThat(estimate.dollarsPerMillionEvents()).isGreaterThan(0);
    assertThat(estimate.fixedDollarsPerMonth()).isGreaterThan(0);
    assertThat(estimate.lines())
        .filteredOn(l -> l.section() == CostEstimate.Section.WORKLOAD)
        .extracting(CostEstimate.Line::service)
        .containsOnly("s3");
  }

  @Test
  void theUsageResourceAnswersTheSnapshotAndAResetStartsAgain() throws Exception {
    try (S3Client s3 = clients.s3()) {
      s3.listObjectsV2(l -> l.bucket(bucketName()));
    }
    HttpClient http = HttpClient.newHttpClient();
    URI usage = cloud.endpoint().resolve(io.s3clean.localcloud.endpoint.AwsEndpoint.USAGE_PATH);

    HttpResponse<String> got =
        http.send(
            HttpRequest.newBuilder(usage).GET().build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> reset =
        http.send(
            HttpRequest.newBuilder(usage).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> after =
        http.send(
            HttpRequest.newBuilder(usage).GET().build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> wrong =
        http.send(
            HttpRequest.newBuilder(usage).POST(HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(
            Usage.fromJson(got.body())
                .quantity("s3", UsageMeter.S3_WRITE_CLASS, UsageMeter.REQUESTS, Payer.CLIENTS))
        .isEqualTo(1);
    assertThat(Usage.fromJson(reset.body()).lines()).isEqualTo(Usage.fromJson(got.body()).lines());
    assertThat(Usage.fromJson(after.body()).lines()).isEmpty();
    assertThat(Usage.fromJson(after.body()).since())
        .isAfterOrEqualTo(Usage.fromJson(got.body()).until());
    assertThat(wrong.statusCode()).isEqualTo(405);
  }
}
