package io.s3clean.localcloud;

import static io.s3clean.localcloud.LocalCloudTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3clean.cloudwatch.alarm.ActionAttempt;
import io.s3clean.localcloud.emulator.EmulatorConfig;
import io.s3clean.template.CloudFormationTemplate;
import io.s3clean.template.ShippedTemplate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Issue 15's promises on the embedded cloud at time scale 60, where CloudWatch evaluates over an
 * evaluation range as AWS documents it: no breach is missed while the alarm is still in ALARM, and
 * a cleanup that fails is retried until the bucket is below the threshold.
 */
class CleanupGuaranteesTest {
  private static final Duration PERIOD = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The missed breach: the first upload is cleaned, and the second, made right after, lands while
   * the peak's period still holds the alarm in ALARM. Without a re-arm it is no transition and
   * nothing cleans it.
   */
  @Test
  void twoUploadsThatCrossTheThresholdOneRightAfterTheOtherAreBothCleanedWithinTwoPeriods() {
    try (LocalCloud cloud =
        LocalClouds.start(
            ShippedTemplate.parsed(), EmulatorConfig.inMemory(), e -> {}, (w, e) -> {})) {
      String bucket = cloud.stack().output("WatchedBucketName");
      S3Client s3 = cloud.clients().s3();
      awaitFirstEvaluation(cloud);

      Instant first = upload(cloud, bucket, "first.bin", 25);
      Instant firstGone = awaitGone(cloud, bucket, "first.bin");
      Instant second = upload(cloud, bucket, "second.bin", 25);
      Instant secondGone = awaitGone(cloud, bucket, "second.bin");

      assertThat(Duration.between(first, firstGone)).isLessThanOrEqualTo(PERIOD.multipliedBy(2));
      assertThat(Duration.between(first, second)).isLessThanOrEqualTo(PERIOD.multipliedBy(2));
      assertThat(Duration.between(second, secondGone)).isLessThanOrEqualTo(PERIOD.multipliedBy(2));
      assertThat(s3.listObjectsV2(r -> r.bucket(bucket)).contents()).isEmpty();
    }
  }

  /**
   * S3 refuses the cleaner's first deletion (its role lacks s3:DeleteObject until it is restored).
   */
  @Test
  void aBucketOverTheThresholdWhoseFirstCleanupFailsEndsBelowItWithinThreePeriods() {
    CloudFormationTemplate withoutDelete = ShippedTemplate.parsed();
    cleanerActions(withoutDelete).remove("s3:DeleteObject");
    try (LocalCloud cloud =
        LocalClouds.start(withoutDelete, EmulatorConfig.inMemory(), e -> {}, (w, e) -> {})) {
      String bucket = cloud.stack().output("WatchedBucketName");
      awaitFirstEvaluation(cloud);

      Instant uploaded = upload(cloud, bucket, "big.bin", 25);
      await(
          () -> cloud.cloudWatch().actionAttempts().stream().anyMatch(a -> !a.succeeded()),
          "a failed first cleanup");
      assertThat(cloud.updateRolePolicies(ShippedTemplate.parsed())).contains("CleanerRole");
      Instant gone = awaitGone(cloud, bucket, "big.bin");

      assertThat(Duration.between(uploaded, gone)).isLessThanOrEqualTo(PERIOD.multipliedBy(3));
      assertThat(LocalClouds.logs(cloud, cloud.stack().output("CleanerLogGroupName")))
          .anySatisfy(
              e -> assertThat(e.message()).contains("\"cleanup_failed\"", "\"total_size\":25"));
    }
  }

  /**
   * The template's EventInvokeConfig: after Lambda's two retries, the invocation record goes to the
   * cleaner's failure queue; meanwhile every failed run has re-armed the alarm, so the cleaner
   * keeps running once a period while the bucket is over, and logs the total each time.
   */
  @Test
  void aCleanupThatKeepsFailingIsRecordedInTheFailureQueueAndTriedAgainEveryPeriod()
      throws Exception {
    CloudFormationTemplate withoutDelete = ShippedTemplate.parsed();
    cleanerActions(withoutDelete).remove("s3:DeleteObject");
    try (LocalCloud cloud =
        LocalClouds.start(withoutDelete, EmulatorConfig.inMemory(), e -> {}, (w, e) -> {})) {
      String bucket = cloud.stack().output("WatchedBucketName");
      String failures = cloud.stack().output("CleanerFailureQueueUrl");
      awaitFirstEvaluation(cloud);

      upload(cloud, bucket, "stuck.bin", 25);
      List<Message> records = awaitMessages(cloud, failures);

      JsonNode record = JSON.readTree(records.get(0).body());
      assertThat(record.at("/requestContext/condition").asText()).isEqualTo("RetriesExhausted");
      assertThat(record.at("/requestContext/approximateInvokeCount").asInt()).isEqualTo(3);
      assertThat(record.at("/requestContext/functionArn").asText())
          .endsWith(":function:local-cleaner:live");
      assertThat(record.at("/requestPayload/alarmData/alarmName").asText())
          .isEqualTo(cloud.stack().output("AlarmName"));
      assertThat(record.at("/responsePayload/errorMessage").asText()).contains("s3:DeleteObject");
      // the first event's three attempts, and the invocations of the alarm's later transitions
      List<ActionAttempt> attempts = cloud.cloudWatch().actionAttempts();
      assertThat(attempts.stream().filter(a -> a.attempt() == 1).count()).isGreaterThan(1);
      assertThat(cloud.clients().s3().listObjectsV2(r -> r.bucket(bucket)).contents()).hasSize(1);
    }
  }

  private static void awaitFirstEvaluation(LocalCloud cloud) {
    String alarm = cloud.stack().output("AlarmName");
    await(
        () -> cloud.cloudWatch().describeAlarm(alarm).orElseThrow().lastEvaluated() != null,
        "the first evaluation");
  }

  private static Instant upload(LocalCloud cloud, String bucket, String key, int size) {
    Instant at = cloud.cloudWatch().clock().instant();
    cloud
        .clients()
        .s3()
        .putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(new byte[size]));
    return at;
  }

  /**
   * @return the cloud's time when the key was seen gone
   */
  private static Instant awaitGone(LocalCloud cloud, String bucket, String key) {
    await(
        () ->
            cloud
                .clients()
                .s3()
                .listObjectsV2(r -> r.bucket(bucket).prefix(key))
                .contents()
                .isEmpty(),
        key + " deleted by the cleaner");
    return cloud.cloudWatch().clock().instant();
  }

  private static List<Message> awaitMessages(LocalCloud cloud, String queueUrl) {
    List<Message> received = new java.util.ArrayList<>();
    await(
        () -> {
          received.addAll(
              cloud
                  .clients()
                  .sqs()
                  .receiveMessage(r -> r.queueUrl(queueUrl).waitTimeSeconds(0))
                  .messages());
          return !received.isEmpty();
        },
        "an invocation record in the failure queue");
    return received;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> cleanerActions(CloudFormationTemplate template) {
    Map<String, Object> policy =
        (Map<String, Object>)
            ((List<Object>) template.resource("CleanerRole").properties().get("Policies")).get(0);
    List<Object> statements =
        (List<Object>) ((Map<String, Object>) policy.get("PolicyDocument")).get("Statement");
    return statements.stream()
        .map(s -> ((Map<String, Object>) s).get("Action"))
        .filter(a -> a instanceof List<?> list && list.contains("s3:DeleteObjectVersion"))
        .map(a -> (List<Object>) a)
        .findFirst()
        .orElseThrow();
  }
}
