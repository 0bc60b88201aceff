package io.s3clean.localcloud;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3clean.cloudwatch.logs.LogEvent;
import io.s3clean.ledger.LedgerReader;
import io.s3clean.ledger.dynamodb.DynamoLedgerReader;
import io.s3clean.localcloud.emulator.EmulatorConfig;
import io.s3clean.localcloud.provision.DeployedStack;
import io.s3clean.localcloud.provision.StackEvent;
import io.s3clean.template.ShippedTemplate;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The shipped template on the embedded cloud, driven only through plain AWS clients. */
class LocalCloudTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final List<StackEvent> EVENTS = new CopyOnWriteArrayList<>();
  private static final List<String> ERRORS = new CopyOnWriteArrayList<>();
  private static LocalCloud cloud;
  private static DeployedStack stack;
  private static S3Client s3;
  private static LedgerReader ledger;
  private static String bucket;

  @BeforeAll
  static void start() {
    // a threshold no test reaches: a cleaner deleting what a test deletes would add a second delete
    // event to its history (AlarmOnLocalCloudTest and CleanupGuaranteesTest are the cleaner's)
    cloud =
        LocalClouds.start(
            ShippedTemplate.parsed(),
            EmulatorConfig.inMemory(),
            Map.of("ThresholdBytes", "1000000000000"),
            EVENTS::add,
            (what, e) -> ERRORS.add(what + ": " + e));
    stack = cloud.stack();
    s3 = cloud.clients().s3();
    ledger = new DynamoLedgerReader(cloud.clients().dynamoDb(), stack.output("ObjectTableName"));
    bucket = stack.output("WatchedBucketName");
  }

  @AfterAll
  static void stop() {
    s3.close();
    cloud.close();
  }

  @Test
  void deploysEveryResourceAndReportsItAsCloudFormationDoes() {
    assertThat(EVENTS)
        .filteredOn(e -> e.status().equals("CREATE_COMPLETE"))
        .extracting(StackEvent::logicalId)
        .contains(
            "WatchedBucket",
            "TrackingQueue",
            "ObjectTable",
            "SizeTrackingFunction",
            "SizeTrackingEventSourceMapping",
            "PlotApiRoute",
            "local");
    assertThat(stack.notEmulated()).anyMatch(r -> r.startsWith("WatchedBucketPolicy"));
    assertThat(stack.warnings()).isEmpty();
    assertThat(stack.outputs())
        .containsKeys(
            "WatchedBucketName",
            "ObjectTableName",
            "HistoryTableName",
            "TrackingQueueUrl",
            "AlarmName");
  }

  @Test
  void aPutThroughAPlainS3ClientIsTrackedAndADeleteSubtractsTheStoredSize() {
    // when
    s3.putObject(r -> r.bucket(bucket).key("reports/a b.txt"), RequestBody.fromBytes(new byte[18]));
    s3.putObject(r -> r.bucket(bucket).key("big.bin"), RequestBody.fromBytes(new byte[28]));

    // then
    await(
        () ->
            ledger.find(bucket, "big.bin").isPresent()
                && ledger.find(bucket, "reports/a b.txt").isPresent(),
        "both objects in the ledger");
    assertThat(ledger.find(bucket, "reports/a b.txt"))
        .get()
        .satisfies(o -> assertThat(o.size()).isEqualTo(18));
    assertThat(historyOf("big.bin")).extracting(h -> h.get("size_delta").n()).containsExactly("28");

    // and when
    s3.deleteObject(r -> r.bucket(bucket).key("big.bin"));

    // then
    await(() -> !ledger.find(bucket, "big.bin").get().live(), "big.bin removed from the ledger");
    assertThat(historyOf("big.bin"))
        .extracting(h -> h.get("size_delta").n())
        .containsExactly("28", "-28");
    await(
        () -> ledger.state(bucket).totalSize() == listedBytes(),
        "the ledger total equal to the bucket listing");
    // the logging function saw the same events and recovered the delete's size from stored state
    await(
        () ->
            LocalClouds.logs(cloud, "/aws/lambda/local-event-logging").stream()
                .anyMatch(
                    e ->
                        e.message().contains("\"key\":\"big.bin\"")
                            && e.message().contains("\"size_delta\":-28")),
        "an event log line for the delete with size_delta -28");
  }

  @Test
  void aPoisonMessageGoesToTheDeadLetterQueueAfterThreeReceivesWhileTheRestIsApplied() {
    SqsClient sqs = cloud.clients().sqs();
    String queue = stack.output("TrackingQueueUrl");
    String dlq = stack.output("TrackingDlqUrl");
    sqs.sendMessage(
        r -> r.queueUrl(queue).messageBody("{\"Type\":\"Notification\",\"Message\":\"not json\"}"));
    s3.putObject(r -> r.bucket(bucket).key("after-poison.txt"), RequestBody.fromBytes(new byte[5]));

    await(() -> ledger.find(bucket, "after-poison.txt").isPresent(), "the healthy event applied");
    await(() -> approximateMessages(sqs, dlq) == 1, "the poison message in the DLQ");
    assertThat(LocalClouds.logs(cloud, "/aws/lambda/local-size-tracking"))
        .filteredOn(e -> e.message().contains("malformed_message"))
        .hasSize(3);
    assertThat(ERRORS).isEmpty();
  }

  @Test
  void everyFunctionWritesStartEndAndReportLines() {
    s3.putObject(r -> r.bucket(bucket).key("logged.txt"), RequestBody.fromBytes(new byte[1]));
    await(() -> ledger.find(bucket, "logged.txt").isPresent(), "the put applied");

    List<LogEvent> events = LocalClouds.logs(cloud, "/aws/lambda/local-size-tracking");
    assertThat(events).anyMatch(e -> e.message().startsWith("START RequestId: "));
    assertThat(events).anyMatch(e -> e.message().startsWith("END RequestId: "));
    assertThat(events)
        .anyMatch(
            e ->
                e.message()
                    .matches(
                        "REPORT RequestId: \\S+\tDuration: [0-9.]+ ms\tBilled Duration: \\d+ ms\t.*"));
  }

  @Test
  void theHttpApiServesThePlotToSignedCallersOnly() throws Exception {
    s3.putObject(r -> r.bucket(bucket).key("plotted.txt"), RequestBody.fromBytes(new byte[3]));
    await(() -> ledger.find(bucket, "plotted.txt").isPresent(), "the put applied");
    String endpoint =
        String.valueOf(stack.resources().get("PlotApi").attributes().get("ApiEndpoint"));
    HttpClient http = HttpClient.newHttpClient();

    HttpResponse<byte[]> unsigned =
        http.send(
            HttpRequest.newBuilder(URI.create(endpoint + "/plot")).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    HttpResponse<byte[]> signed =
        http.send(
            HttpRequest.newBuilder(URI.create(endpoint + "/plot?width=640&height=360"))
                .header(
                    "Authorization",
                    "AWS4-HMAC-SHA256 Credential=local/20261123/us-east-1/execute-api/aws4_request, "
                        + "SignedHeaders=host;x-amz-date, Signature=0")
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());

    assertThat(unsigned.statusCode()).isEqualTo(403);
    assertThat(signed.statusCode()).isEqualTo(200);
    assertThat(signed.headers().firstValue("Content-Type")).hasValue("image/png");
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(signed.body()));
    assertThat(image.getWidth()).isEqualTo(640);
    assertThat(s3.listObjectsV2(r -> r.bucket(stack.output("PlotBucketName"))).contents())
        .anyMatch(o -> o.key().endsWith("latest.png"));
  }

  private static long approximateMessages(SqsClient sqs, String url) {
    Map<QueueAttributeName, String> attributes =
        sqs.getQueueAttributes(
                r ->
                    r.queueUrl(url)
                        .attributeNames(
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
            .attributes();
    return Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
        + Long.parseLong(
            attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
  }

  private static List<Map<String, AttributeValue>> historyOf(String key) {
    return cloud
        .clients()
        .dynamoDb()
        .queryPaginator(
            q ->
                q.tableName(stack.output("HistoryTableName"))
                    .keyConditionExpression("bucket_name = :b")
                    .expressionAttributeValues(Map.of(":b", AttributeValue.fromS(bucket))))
        .items()
        .stream()
        .filter(h -> h.get("object_name").s().equals(key))
        .toList();
  }

  private static long listedBytes() {
    return s3.listObjectsV2Paginator(r -> r.bucket(bucket)).contents().stream()
        .mapToLong(o -> o.size())
        .sum();
  }

  static void await(BooleanSupplier condition, String what) {
    await(condition, what, WAIT);
  }

  static void await(BooleanSupplier condition, String what, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + wait.toSeconds() + " s waiting for " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
