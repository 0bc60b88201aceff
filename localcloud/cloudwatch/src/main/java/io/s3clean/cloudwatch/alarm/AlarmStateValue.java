package io.s3clean.cloudwatch.alarm;

import java.time.Instant;

/** An alarm's state with the reason it was entered; {@code reasonData} is JSON or null. */
public record AlarmStateValue(
    AlarmState value, String reason, String reasonData, Instant timestamp) {}
