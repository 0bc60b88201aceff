package io.s3clean.cli.target;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3clean.history.HistoryReader;
import io.s3clean.history.HistoryRecord;
import io.s3clean.localcloud.RunningCloud;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;

/**
 * Stopping the embedded cloud and starting it again loses nothing and re-creates nothing: the
 * alarm's state and history, the size history, the cloud's time and the stack's CloudFormation
 * record (id, creation time, events) go on from where they were.
 */
class LocalRestartTest {
  @TempDir Path dataDir;

  @Test
  void aRestartedCloudShowsTheSameAlarmStateHistoryAndTimelineAndPrintsNoCreation()
      throws Exception {
    Path stackDir = dataDir.resolve("s3clean");
    String alarm;
    StackTarget.AlarmStatus statusBefore;
    List<StackTarget.AlarmTransition> transitionsBefore;
    List<HistoryRecord> timelineBefore;
    Instant stoppedAt;
    Stack stackBefore;
    Map<String, String> outputsBefore;
    List<StackEvent> eventsBefore;
    // the endpoint's port, fixed as s3clean's is, which queue URLs name
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort();
    }
    try (CloudHost first =
        new CloudHost("s3clean", stackDir, 60, port, line -> {}, EmbeddedClouds::start)) {
      StackTarget.StackInfo stack = first.deploy(Map.of(), line -> {});
      alarm = stack.typed().alarmName();
      outputsBefore = stack.outputs();
      String bucket = stack.typed().watchedBucket();
      first
          .s3()
          .putObject(r -> r.bucket(bucket).key("big.bin"), RequestBody.fromBytes(new byte[25]));
      await(
          () -> first.s3().listObjectsV2(r -> r.bucket(bucket)).contents().isEmpty(),
          "the cleanup");
      await(() -> timeline(first, stack).size() == 2, "the deletion in the size history");
      await(
          () ->
              first.alarmHistory(alarm, Instant.EPOCH).stream()
                  .anyMatch(t -> t.from().equals("ALARM")),
          "the alarm back to OK after the cleanup");
      statusBefore = first.alarm(alarm);
      transitionsBefore = first.alarmHistory(alarm, Instant.EPOCH);
      timelineBefore = timeline(first, stack);
      stoppedAt = first.clock().instant();
      try (CloudFormationClient cloudFormation = cloudFormation(first.publish())) {
        stackBefore = cloudFormation.describeStacks(r -> r.stackName("s3clean")).stacks().get(0);
        eventsBefore =
            cloudFormation.describeStackEvents(r -> r.stackName("s3clean")).stackEvents();
      }
    }

    List<String> progress = new ArrayList<>();
    try (CloudHost again =
        new CloudHost("s3clean", stackDir, 60, port, progress::add, EmbeddedClouds::start)) {
      StackTarget.StackInfo stack = again.describe().orElseThrow();

      assertThat(again.alarm(alarm))
          .usingRecursiveComparison()
          .ignoringFields("latestValue")
          .isEqualTo(statusBefore);
      assertThat(again.alarmHistory(alarm, Instant.EPOCH)).isEqualTo(transitionsBefore);
      assertThat(timeline(again, stack)).isEqualTo(timelineBefore);
      assertThat(again.clock().instant())
          .isAfterOrEqualTo(stoppedAt)
          .isBefore(stoppedAt.plusSeconds(600));
      assertThat(progress)
          .noneMatch(line -> line.contains("CREATE_"))
          .anyMatch(line -> line.startsWith("embedded cloud restarted in"));
      // CloudFormation keeps the stack's id, creation time and events, and records no re-creation
      try (CloudFormationClient cloudFormation = cloudFormation(again.publish())) {
        Stack stackAfter =
            cloudFormation.describeStacks(r -> r.stackName("s3clean")).stacks().get(0);
        assertThat(stackAfter.stackId()).isEqualTo(stackBefore.stackId());
        assertThat(stackAfter.creationTime()).isEqualTo(stackBefore.creationTime());
        assertThat(eventsBefore)
            .anyMatch(e -> e.resourceStatusAsString().equals("CREATE_COMPLETE"));
        // the same events, physical ids too: a queue's URL names the queue emulator's port, which a
        // restart takes again
        assertThat(cloudFormation.describeStackEvents(r -> r.stackName("s3clean")).stackEvents())
            .isEqualTo(eventsBefore);
        assertThat(stack.outputs()).isEqualTo(outputsBefore);
      }
    }
  }

  private static CloudFormationClient cloudFormation(RunningCloud running) {
    return CloudFormationClient.builder()
        .endpointOverride(URI.create(running.endpoints().get("endpoint")))
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .build();
  }

  private static List<HistoryRecord> timeline(CloudHost target, StackTarget.StackInfo stack) {
    return new HistoryReader(target.dynamoDb(), stack.typed().historyTable())
        .read(stack.typed().watchedBucket());
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(100);
    }
  }
}
