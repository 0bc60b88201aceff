package io.s3clean.cli.target;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3clean.history.HistoryReader;
import io.s3clean.history.HistoryRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Stopping the embedded cloud and starting it again loses nothing and re-creates nothing: the
 * alarm's state and history, the size history and the cloud's time go on from where they were.
 */
class LocalRestartTest {
  @TempDir Path dataDir;

  @Test
  void aRestartedCloudShowsTheSameAlarmStateHistoryAndTimelineAndPrintsNoCreation() throws Exception {
    Path stackDir = dataDir.resolve("s3clean");
    String alarm;
    StackTarget.AlarmStatus statusBefore;
    List<StackTarget.AlarmTransition> transitionsBefore;
    List<HistoryRecord> timelineBefore;
    Instant stoppedAt;
    try (CloudHost first = new CloudHost("s3clean", stackDir, 60, line -> {}, EmbeddedClouds::start)) {
      StackTarget.StackInfo stack = first.deploy(Map.of(), line -> {});
      alarm = stack.output("AlarmName");
      String bucket = stack.output("WatchedBucketName");
      first.s3().putObject(r -> r.bucket(bucket).key("big.bin"), RequestBody.fromBytes(new byte[25]));
      await(() -> first.s3().listObjectsV2(r -> r.bucket(bucket)).contents().isEmpty(), "the cleanup");
      await(() -> timeline(first, stack).size() == 2, "the deletion in the size history");
      await(() -> first.alarmHistory(alarm, Instant.EPOCH).stream().anyMatch(t -> t.from().equals("ALARM")),
          "the alarm back to OK after the cleanup");
      statusBefore = first.alarm(alarm);
      transitionsBefore = first.alarmHistory(alarm, Instant.EPOCH);
      timelineBefore = timeline(first, stack);
      stoppedAt = first.clock().instant();
    }

    List<String> progress = new ArrayList<>();
    try (CloudHost again = new CloudHost("s3clean", stackDir, 60, progress::add, EmbeddedClouds::start)) {
      StackTarget.StackInfo stack = again.describe().orElseThrow();

      assertThat(again.alarm(alarm)).usingRecursiveComparison().ignoringFields("latestValue").isEqualTo(statusBefore);
      assertThat(again.alarmHistory(alarm, Instant.EPOCH)).isEqualTo(transitionsBefore);
      assertThat(timeline(again, stack)).isEqualTo(timelineBefore);
      assertThat(again.clock().instant()).isAfterOrEqualTo(stoppedAt).isBefore(stoppedAt.plusSeconds(600));
      assertThat(progress).noneMatch(line -> line.contains("CREATE_"))
          .anyMatch(line -> line.startsWith("embedded cloud restarted in"));
    }
  }

  private static List<HistoryRecord> timeline(CloudHost target, StackTarget.StackInfo stack) {
    return new HistoryReader(target.dynamoDb(), stack.output("HistoryTableName")).read(stack.output("WatchedBucketName"));
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
