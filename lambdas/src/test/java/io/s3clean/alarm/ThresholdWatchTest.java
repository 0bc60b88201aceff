package io.s3clean.alarm;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3clean.logging.JsonLog;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThresholdWatchTest {
  private final List<String> rearmed = new ArrayList<>();
  private final List<String> logged = new ArrayList<>();
  private final JsonLog log = new JsonLog(logged::add);
  private final ThresholdWatch watch =
      new ThresholdWatch("total-size", 20, (alarm, reason) -> rearmed.add(alarm + ": " + reason));

  @Test
  void growthToTheThresholdOrOverReArmsTheAlarm() {
    watch.changed("watched", true, 20, log);
    watch.changed("watched", true, 46, log);

    assertThat(rearmed)
        .containsExactly(
            "total-size: s3clean: watched grew to 20 bytes, at or over the threshold of 20;"
                + " re-armed so that the next evaluation invokes the cleaner",
            "total-size: s3clean: watched grew to 46 bytes, at or over the threshold of 20;"
                + " re-armed so that the next evaluation invokes the cleaner");
    assertThat(logged)
        .allSatisfy(
            line ->
                assertThat(line).contains("\"alarm_rearmed\"").doesNotContain("\"total_size\""));
  }

  @Test
  void growthBelowTheThresholdAndShrinkingOverItLeaveTheAlarmAlone() {
    watch.changed("watched", true, 19, log);
    // the cleaner's own deletions: the bucket shrinks but is still over
    watch.changed("watched", false, 30, log);

    assertThat(rearmed).isEmpty();
    assertThat(logged).isEmpty();
  }

  @Test
  void aFailedReArmIsLoggedAndDoesNotFailTheBatchWhoseChangesAreAlreadyRecorded() {
    ThresholdWatch throttled =
        new ThresholdWatch(
            "total-size",
            20,
            (alarm, reason) -> {
              throw new IllegalStateException("Rate exceeded");
            });

    throttled.changed("watched", true, 25, log);

    assertThat(logged)
        .singleElement()
        .asString()
        .contains("\"alarm_rearm_failed\"", "\"error\":\"Rate exceeded\"");
  }
}
