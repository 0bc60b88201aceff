package io.s3clean.cli.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/** A second process sees a running embedded cloud's data, alarm and logs through its one endpoint, on its clock. */
class AttachedLocalTargetTest {
  @TempDir
  Path dataDir;

  @Test
  void seesTheSameBucketAlarmAndLogsAsTheProcessRunningTheCloud() throws Exception {
    Path stackDir = dataDir.resolve("s3clean");
    try (LocalTarget running = new LocalTarget("s3clean", stackDir, 60, line -> {}, EmbeddedClouds::start)) {
      StackTarget.StackInfo stack = running.deploy(Map.of(), line -> {});
      RunningCloud note = running.publish();
      String bucket = stack.output("WatchedBucketName");
      running.s3().putObject(r -> r.bucket(bucket).key("seen.txt"), RequestBody.fromBytes(new byte[5]));

      try (AttachedLocalTarget attached = new AttachedLocalTarget("s3clean", note)) {
        String alarm = stack.output("AlarmName");
        // the datapoint is there before the alarm evaluates it, once a (scaled) minute: wait for both
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!(attached.alarm(alarm).latestValue().equals(java.util.Optional.of(5.0))
            && attached.alarm(alarm).state().equals("OK")) && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }

        assertThat(attached.describe()).get().extracting(s -> s.output("WatchedBucketName")).isEqualTo(bucket);
        assertThat(attached.s3().listObjectsV2(r -> r.bucket(bucket)).contents()).extracting(o -> o.key())
            .containsExactly("seen.txt");
        assertThat(attached.alarm(alarm).latestValue()).hasValue(5.0);
        assertThat(attached.alarm(alarm)).usingRecursiveComparison().ignoringFields("latestValue")
            .isEqualTo(running.alarm(alarm));
        assertThat(attached.alarmHistory(alarm, Instant.EPOCH)).isEqualTo(running.alarmHistory(alarm, Instant.EPOCH));
        assertThat(attached.logs(stack.output("SizeTrackingLogGroupName"), Instant.EPOCH))
            .anyMatch(line -> line.message().contains("\"key\":\"seen.txt\""));
      }
    }
  }
}
