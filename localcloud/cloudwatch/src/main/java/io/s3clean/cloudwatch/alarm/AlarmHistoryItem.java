package io.s3clean.cloudwatch.alarm;

import java.time.Instant;

/**
 * One entry of an alarm's history, as DescribeAlarmHistory returns it: {@code type} is
 * ConfigurationUpdate, StateUpdate or Action; {@code data} is JSON.
 */
public record AlarmHistoryItem(
    Instant timestamp, String alarmName, String type, String summary, String data) {}
