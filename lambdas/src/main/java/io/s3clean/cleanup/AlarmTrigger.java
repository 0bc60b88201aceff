package io.s3clean.cleanup;

/** What the cleaner needs of a CloudWatch alarm action's payload. */
public record AlarmTrigger(String alarmName, String state, String reason, String timestamp) {
  public boolean inAlarm() {
    return "ALARM".equals(state);
  }
}
