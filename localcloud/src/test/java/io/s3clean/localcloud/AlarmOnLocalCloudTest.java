package io.s3clean.localcloud;

import static io.s3clean.localcloud.LocalCloudTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.s3clean.cloudwatch.alarm.AlarmDescription;
import io.s3clean.cloudwatch.alarm.AlarmHistoryItem;
import io.s3clean.cloudwatch.alarm.AlarmState;
import io.s3clean.ledger.LedgerReader;
import io.s3clean.ledger.dynamodb.DynamoLedgerReader;
import io.s3clean.localcloud.emulator.EmulatorConfig;
import io.s3clean.template.CloudFormationTemplate;
import io.s3clean.template.ShippedTemplate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The product's decision path on the embedded cloud: size-tracking log lines, the template's metric
 * filter, the alarm on CurrentTotalSize and its action, the cleaner, at 60x time.
 */
class AlarmOnLocalCloudTest {

  @Test
  void aTotalAtTheThresholdAlarmsCleansOnceAndReturnsToOk() {
    try (LocalCloud cloud =
        LocalClouds.start(
            ShippedTemplate.parsed(),
            EmulatorConfig.inMemory(),
            Map.of("NotificationEmail", "ops@example.com"),
            e -> {},
            (w, e) -> {})) {
      String bucket = cloud.stack().output("WatchedBucketName");
      String alarm = cloud.stack().output("AlarmName");
      S3Client s3 = cloud.clients().s3();
      LedgerReader ledger =
          new DynamoLedgerReader(
              cloud.clients().dynamoDb(), cloud.stack().output("ObjectTableName"));
      await(
          () -> state(cloud, alarm) == AlarmState.OK,
          "the alarm's first evaluation: OK without data");

      // when the uploads reach 46 bytes against a threshold of 20
      s3.putObject(
          r -> r.bucket(bucket).key("assignment1.txt"), RequestBody.fromBytes(new byte[18]));
      s3.putObject(
          r -> r.bucket(bucket).key("assignment2.txt"), RequestBody.fromBytes(new byte[28]));

      // then the alarm fires, the cleaner deletes the largest object once, and the alarm returns to
      // OK
      await(() -> state(cloud, alarm) == AlarmState.ALARM, "ALARM");
      await(
          () -> ledger.find(bucket, "assignment2.txt").map(o -> !o.live()).orElse(false),
          "assignment2.txt cleaned");
      await(() -> state(cloud, alarm) == AlarmState.OK, "OK again");
      assertThat(ledger.state(bucket).totalSize()).isEqualTo(18);
      assertThat(cleanups(cloud)).isEqualTo(1);
      AlarmDescription description = cloud.cloudWatch().describeAlarm(alarm).orElseThrow();
      assertThat(description.actionAttempts()).hasSize(1).allMatch(a -> a.succeeded());
      // history is newest first, as DescribeAlarmHistory returns it
      List<String> transitions =
          new java.util.ArrayList<>(
              description.history().stream()
                  .filter(h -> h.type().equals("StateUpdate"))
                  .map(AlarmHistoryItem::summary)
                  .toList());
      java.util.Collections.reverse(transitions);
      assertThat(transitions)
          .containsSubsequence("Alarm updated from OK to ALARM", "Alarm updated from ALARM to OK");
      assertThat(description.history())
          .filteredOn(h -> h.summary().equals("Alarm updated from OK to ALARM"))
          .singleElement()
          .satisfies(h -> assertThat(h.data()).contains("Threshold Crossed", "46.0"));
      // the cleaner's one notification went through SNS's Publish to the email subscription
      assertThat(cloud.sns().outbox())
          .singleElement()
          .satisfies(
              mail -> {
                assertThat(mail.endpoint()).isEqualTo("ops@example.com");
                assertThat(mail.subject()).isEqualTo("s3clean removed 1 object(s) from " + bucket);
                assertThat(mail.message())
                    .contains("\"key\" : \"assignment2.txt\"", "\"outcome\" : \"CLEANED\"");
              });

      // and when the next upload reaches exactly the threshold, the second cycle removes
      // assignment1.txt
      s3.putObject(
          r -> r.bucket(bucket).key("assignment3.txt"), RequestBody.fromBytes(new byte[2]));
      await(() -> ledger.state(bucket).totalSize() == 2, "total 2 after the second cleanup");
      await(() -> state(cloud, alarm) == AlarmState.OK, "OK after the second cycle");
      assertThat(cleanups(cloud)).isEqualTo(2);
      assertThat(s3.listObjectsV2(r -> r.bucket(bucket)).contents())
          .extracting(o -> o.key())
          .containsExactly("assignment3.txt");
    }
  }

  @Test
  void theHighResolutionOptionAlarmsWithinTenSecondsOnTheTrackersEmbeddedMetric() {
    try (LocalCloud cloud =
        LocalClouds.start(
            ShippedTemplate.parsed(),
            EmulatorConfig.inMemory(),
            Map.of("AlarmResolution", "high"),
            e -> {},
            (w, e) -> {})) {
      String bucket = cloud.stack().output("WatchedBucketName");
      String alarm = cloud.stack().output("AlarmName");
      AlarmDescription before = cloud.cloudWatch().describeAlarm(alarm).orElseThrow();
      assertThat(before.definition().periodSeconds()).isEqualTo(10);
      assertThat(before.definition().metric().name()).isEqualTo("CurrentTotalSizeHighRes");
      await(() -> state(cloud, alarm) == AlarmState.OK, "the first evaluation");

      java.time.Instant uploaded = cloud.cloudWatch().clock().instant();
      cloud
          .clients()
          .s3()
          .putObject(r -> r.bucket(bucket).key("big.bin"), RequestBody.fromBytes(new byte[46]));

      await(() -> state(cloud, alarm) == AlarmState.ALARM, "ALARM on the high-resolution metric");
      java.time.Duration reaction =
          java.time.Duration.between(
              uploaded, cloud.cloudWatch().describeAlarm(alarm).orElseThrow().state().timestamp());
      assertThat(reaction).isLessThan(java.time.Duration.ofSeconds(30));
      await(
          () -> cloud.clients().s3().listObjectsV2(r -> r.bucket(bucket)).contents().isEmpty(),
          "the cleanup");
    }
  }

  /**
   * TreatMissingData is notBreaching (see the template): with no new events the alarm leaves ALARM
   * once its evaluation range holds no datapoint, so the next upload over the threshold is a new
   * transition and runs the cleaner again. Here the alarm has no action, so the bucket stays over
   * the threshold while the alarm returns to OK with a reason that says why.
   */
  @Test
  void aBucketSittingAboveTheThresholdWithoutEventsReturnsToOkForWantOfData() {
    CloudFormationTemplate withoutAction = ShippedTemplate.parsed();
    withoutAction.resource("TotalSizeAlarm").properties().remove("AlarmActions");
    try (LocalCloud cloud =
        LocalClouds.start(
            withoutAction, EmulatorConfig.inMemory(), Map.of(), e -> {}, (w, e) -> {})) {
      String bucket = cloud.stack().output("WatchedBucketName");
      String alarm = cloud.stack().output("AlarmName");
      cloud
          .clients()
          .s3()
          .putObject(r -> r.bucket(bucket).key("big.bin"), RequestBody.fromBytes(new byte[50]));

      await(() -> state(cloud, alarm) == AlarmState.ALARM, "ALARM");
      await(
          () -> state(cloud, alarm) == AlarmState.OK, "OK once the evaluation range holds no data");

      AlarmDescription description = cloud.cloudWatch().describeAlarm(alarm).orElseThrow();
      assertThat(description.state().reason()).containsIgnoringCase("no datapoints");
      assertThat(cloud.clients().s3().listObjectsV2(r -> r.bucket(bucket)).contents()).hasSize(1);
    }
  }

  private static AlarmState state(LocalCloud cloud, String alarm) {
    return cloud.cloudWatch().describeAlarm(alarm).orElseThrow().state().value();
  }

  private static long cleanups(LocalCloud cloud) {
    return LocalClouds.logs(cloud, cloud.stack().output("CleanerLogGroupName")).stream()
        .filter(e -> e.message().contains("\"message\":\"cleanup_finished\""))
        .count();
  }
}
