package io.s3clean.cloudwatch.alarm;

/** The three states of a metric alarm; new alarms start in INSUFFICIENT_DATA. */
public enum AlarmState {
  OK,
  ALARM,
  INSUFFICIENT_DATA
}
