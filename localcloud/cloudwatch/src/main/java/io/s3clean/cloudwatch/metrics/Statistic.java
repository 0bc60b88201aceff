package io.s3clean.cloudwatch.metrics;

/** The simple statistics CloudWatch computes per period; percentiles are not simulated. */
public enum Statistic {
  SAMPLE_COUNT("SampleCount"),
  AVERAGE("Average"),
  SUM("Sum"),
  MINIMUM("Minimum"),
  MAXIMUM("Maximum");

  private final String awsName;

  Statistic(String awsName) {
    this.awsName = awsName;
  }

  /** The name CloudWatch APIs and templates use, e.g. {@code Maximum}. */
  public String awsName() {
    return awsName;
  }

  public static Statistic fromAwsName(String name) {
    for (Statistic statistic : values()) {
      if (statistic.awsName.equals(name)) {
        return statistic;
      }
    }
    throw new IllegalArgumentException(
        "unsupported statistic '"
            + name
            + "': the embedded CloudWatch computes SampleCount, Average, Sum, Minimum and Maximum"
            + " (no percentiles or other extended statistics)");
  }
}
