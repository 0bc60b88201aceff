package io.s3clean.cloudwatch.alarm;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The two time formats CloudWatch alarms print. */
final class AwsTime {
  // state timestamps, reasonData and alarm action payloads: 2023-08-04T12:36:15.490+0000
  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);
  // datapoints in state reasons: 46.0 (23/11/26 10:16:00)
  private static final DateTimeFormatter REASON =
      DateTimeFormatter.ofPattern("dd/MM/yy HH:mm:ss").withZone(ZoneOffset.UTC);

  private AwsTime() {}

  static String iso(Instant instant) {
    return ISO.format(instant);
  }

  static String reason(Instant instant) {
    return REASON.format(instant);
  }
}
