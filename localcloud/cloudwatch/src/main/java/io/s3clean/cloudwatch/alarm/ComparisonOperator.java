package io.s3clean.cloudwatch.alarm;

/** How an alarm compares a period's statistic with its threshold (the statistic comes first). */
public enum ComparisonOperator {
  GREATER_THAN_OR_EQUAL_TO_THRESHOLD("GreaterThanOrEqualToThreshold", "greater than or equal to"),
  GREATER_THAN_THRESHOLD("GreaterThanThreshold", "greater than"),
  LESS_THAN_THRESHOLD("LessThanThreshold", "less than"),
  LESS_THAN_OR_EQUAL_TO_THRESHOLD("LessThanOrEqualToThreshold", "less than or equal to");

  private final String awsName;
  private final String phrase;

  ComparisonOperator(String awsName, String phrase) {
    this.awsName = awsName;
    this.phrase = phrase;
  }

  public String awsName() {
    return awsName;
  }

  /** The words of AWS's state reasons: "was greater than or equal to the threshold". */
  String phrase() {
    return phrase;
  }

  /** Whether {@code value} breaches {@code threshold}. */
  public boolean breaches(double value, double threshold) {
    return switch (this) {
      case GREATER_THAN_OR_EQUAL_TO_THRESHOLD -> value >= threshold;
      case GREATER_THAN_THRESHOLD -> value > threshold;
      case LESS_THAN_THRESHOLD -> value < threshold;
      case LESS_THAN_OR_EQUAL_TO_THRESHOLD -> value <= threshold;
    };
  }

  public static ComparisonOperator fromAwsName(String name) {
    for (ComparisonOperator op : values()) {
      if (op.awsName.equals(name)) {
        return op;
      }
    }
    if (name.equals("LessThanLowerOrGreaterThanUpperThreshold")
        || name.equals("LessThanLowerThreshold")
        || name.equals("GreaterThanUpperThreshold")) {
      throw new IllegalArgumentException(
          "ComparisonOperator "
              + name
              + " compares with an anomaly detection band, which the"
              + " embedded CloudWatch does not model; use one of the four threshold operators");
    }
    throw new IllegalArgumentException("unknown ComparisonOperator '" + name + "'");
  }
}
