package io.s3clean.alarm;

/**
 * The alarm that invokes the cleaner. CloudWatch runs an alarm's actions only on a transition, and
 * while a breaching datapoint is in the evaluation range the alarm stays in ALARM whatever the
 * missing-data setting says: a new breach in that window invokes nobody. Setting the alarm to OK
 * re-arms it: its next evaluation, still finding a breaching datapoint, is a new transition.
 */
public interface AlarmControl {
  /** Sets the alarm to OK until its next evaluation (CloudWatch SetAlarmState). */
  void rearm(String alarmName, String reason);
}
