package io.s3clean.cloudwatch.alarm;

/** The state one evaluation puts an alarm in, with AWS-style reason text and reason data. */
public record Evaluation(AlarmState state, String reason, String reasonData) {}
