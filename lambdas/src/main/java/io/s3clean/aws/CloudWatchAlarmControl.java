package io.s3clean.aws;

import io.s3clean.alarm.AlarmControl;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;

/** Re-arms the alarm with SetAlarmState: OK until CloudWatch evaluates it again. */
public final class CloudWatchAlarmControl implements AlarmControl {
  /** SetAlarmState's StateReason is at most 1,023 characters. */
  private static final int MAX_REASON = 1023;

  private final CloudWatchClient cloudWatch;

  public CloudWatchAlarmControl(CloudWatchClient cloudWatch) {
    this.cloudWatch = cloudWatch;
  }

  @Override
  public void rearm(String alarmName, String reason) {
    cloudWatch.setAlarmState(
        r ->
            r.alarmName(alarmName)
                .stateValue(StateValue.OK)
                .stateReason(
                    reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason));
  }
}
