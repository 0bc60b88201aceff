package io.s3clean.alarm;

import io.s3clean.logging.JsonLog;

/**
 * Makes sure the alarm acts on every change that leaves the bucket at or over the threshold. A
 * growth of the total to at least the threshold re-arms the alarm, so its next evaluation is a
 * transition and invokes the cleaner, even if an earlier breach still holds it in ALARM (the missed
 * breach of issue 15). Only growth re-arms: the cleaner's own deletions never do, and a bucket
 * under the threshold costs nothing.
 *
 * <p>Re-arming is best effort: the change is already in the ledger, and a failed SetAlarmState is
 * logged rather than failing the batch (which would apply nothing new when delivered again).
 */
public final class ThresholdWatch {
  private final String alarmName;
  private final long threshold;
  private final AlarmControl alarm;

  public ThresholdWatch(String alarmName, long threshold, AlarmControl alarm) {
    this.alarmName = alarmName;
    this.threshold = threshold;
    this.alarm = alarm;
  }

  /** A watch that never re-arms anything, for runs without an alarm. */
  public static ThresholdWatch none() {
    return new ThresholdWatch("", Long.MAX_VALUE, (name, reason) -> {});
  }

  public long threshold() {
    return threshold;
  }

  /**
   * @param grew whether the applied changes added bytes
   * @param total the bucket's total after them
   */
  public void changed(String bucket, boolean grew, long total, JsonLog log) {
    if (!grew || total < threshold) {
      return;
    }
    String reason =
        "s3clean: "
            + bucket
            + " grew to "
            + total
            + " bytes, at or over the threshold of "
            + threshold
            + "; re-armed so that the next evaluation invokes the cleaner";
    try {
      alarm.rearm(alarmName, reason);
      log.info(
          "alarm_rearmed",
          JsonLog.fields("bucket", bucket, "alarm", alarmName, "total_size_seen", total));
    } catch (RuntimeException e) {
      log.error(
          "alarm_rearm_failed",
          JsonLog.fields("bucket", bucket, "alarm", alarmName, "error", e.getMessage()));
    }
  }
}
