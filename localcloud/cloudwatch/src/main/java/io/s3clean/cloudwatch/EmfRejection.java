package io.s3clean.cloudwatch;

import io.s3clean.cloudwatch.logs.LogEvent;

/** A log event whose Embedded Metric Format document was invalid, and why no metric came of it. */
public record EmfRejection(LogEvent event, String reason) {}
