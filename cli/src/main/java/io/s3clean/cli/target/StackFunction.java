package io.s3clean.cli.target;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The stack's functions, by the names docs/design.md gives them; the bucket adoption's is idle
 * unless the stack adopted a bucket.
 */
public enum StackFunction {
  SIZE_TRACKING("size-tracking", "SizeTracking"),
  EVENT_LOGGING("event-logging", "EventLogging"),
  CLEANER("cleaner", "Cleaner"),
  PLOTTING("plotting", "Plotting"),
  BUCKET_ADOPTION("bucket-adoption", "BucketAdoption");

  private final String suffix;
  private final String outputPrefix;

  StackFunction(String suffix, String outputPrefix) {
    this.suffix = suffix;
    this.outputPrefix = outputPrefix;
  }

  /** As the command line and function names spell it, e.g. {@code size-tracking}. */
  public String suffix() {
    return suffix;
  }

  public static Optional<StackFunction> bySuffix(String suffix) {
    return Arrays.stream(values())
        .filter(f -> f.suffix.equals(suffix.toLowerCase(Locale.ROOT)))
        .findFirst();
  }

  /** The stack output naming the function's log group, e.g. {@code SizeTrackingLogGroupName}. */
  public String logGroupOutput() {
    return outputPrefix + "LogGroupName";
  }

  /** The log group the stack gives the function: {@code /aws/lambda/<stack>-<function>}. */
  public String logGroup(String stackName) {
    return "/aws/lambda/" + stackName + "-" + suffix;
  }

  @Override
  public String toString() {
    return suffix;
  }
}
