package io.s3clean.cloudwatch.alarm;

/** A transition of one alarm, the only thing that triggers alarm actions. */
public record StateChange(String alarmName, AlarmStateValue previous, AlarmStateValue current) {}
