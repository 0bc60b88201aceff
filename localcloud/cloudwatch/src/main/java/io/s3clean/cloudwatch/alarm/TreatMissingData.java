package io.s3clean.cloudwatch.alarm;

/**
 * What an alarm makes of periods without data, per "Configuring how CloudWatch alarms treat missing
 * data". It only matters when the evaluation range holds fewer real datapoints than the alarm's
 * EvaluationPeriods.
 */
public enum TreatMissingData {
  /** The default: an evaluation range with no data at all makes the alarm INSUFFICIENT_DATA. */
  MISSING("missing"),
  /** Missing periods count as within the threshold. */
  NOT_BREACHING("notBreaching"),
  /** Missing periods count as breaching. */
  BREACHING("breaching"),
  /** The alarm keeps its current state. */
  IGNORE("ignore");

  private final String awsName;

  TreatMissingData(String awsName) {
    this.awsName = awsName;
  }

  public String awsName() {
    return awsName;
  }

  public static TreatMissingData fromAwsName(String name) {
    for (TreatMissingData treatment : values()) {
      if (treatment.awsName.equals(name)) {
        return treatment;
      }
    }
    throw new IllegalArgumentException(
        "TreatMissingData must be missing, notBreaching, breaching or ignore, was '" + name + "'");
  }
}
