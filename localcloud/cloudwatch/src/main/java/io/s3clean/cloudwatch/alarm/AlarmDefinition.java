package io.s3clean.cloudwatch.alarm;

import io.s3clean.cloudwatch.metrics.MetricId;
import io.s3clean.cloudwatch.metrics.Statistic;
import io.s3clean.template.ResourceProperties;
import io.s3clean.template.TemplateException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A metric alarm's configuration, as {@code AWS::CloudWatch::Alarm} (or PutMetricAlarm) states it
 * for a single metric. Invalid combinations fail on construction with the rule they break.
 */
public record AlarmDefinition(
    String alarmName,
    String alarmDescription,
    MetricId metric,
    Statistic statistic,
    int periodSeconds,
    int evaluationPeriods,
    int datapointsToAlarm,
    ComparisonOperator comparisonOperator,
    double threshold,
    TreatMissingData treatMissingData,
    List<String> alarmActions,
    List<String> okActions,
    List<String> insufficientDataActions,
    boolean actionsEnabled) {

  // Lambda alarm actions name a function, optionally with a version or alias.
  private static final Pattern LAMBDA_ARN =
      Pattern.compile(
          "arn:aws[a-z-]*:lambda:[a-z0-9-]+:\\d{12}:function:[A-Za-z0-9_-]+"
              + "(:[A-Za-z0-9_$-]+)?");
  private static final int MAX_ACTIONS_PER_STATE = 5;
  private static final int ONE_DAY_SECONDS = 86_400;

  public AlarmDefinition {
    Objects.requireNonNull(alarmName, "alarmName");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(statistic, "statistic");
    Objects.requireNonNull(comparisonOperator, "comparisonOperator");
    Objects.requireNonNull(treatMissingData, "treatMissingData");
    alarmDescription = alarmDescription == null ? "" : alarmDescription;
    alarmActions = List.copyOf(alarmActions);
    okActions = List.copyOf(okActions);
    insufficientDataActions = List.copyOf(insufficientDataActions);
    require(!alarmName.isBlank(), "an alarm needs a name");
    // "Using Amazon CloudWatch alarms": periods of 10, 20 or 30 seconds (high-resolution
    // alarms) or any multiple of 60 seconds.
    require(
        periodSeconds == 10
            || periodSeconds == 20
            || periodSeconds == 30
            || (periodSeconds > 0 && periodSeconds % 60 == 0),
        alarmName
            + ": Period must be 10, 20, 30 or a multiple of 60 seconds, was "
            + periodSeconds);
    require(evaluationPeriods >= 1, alarmName + ": EvaluationPeriods must be at least 1");
    require(
        datapointsToAlarm >= 1 && datapointsToAlarm <= evaluationPeriods,
        alarmName
            + ": DatapointsToAlarm must be between 1 and EvaluationPeriods ("
            + evaluationPeriods
            + "), was "
            + datapointsToAlarm);
    require(
        (long) periodSeconds * evaluationPeriods <= ONE_DAY_SECONDS,
        alarmName + ": EvaluationPeriods x Period must not exceed one day");
    require(Double.isFinite(threshold), alarmName + ": Threshold must be a number");
    checkActions(alarmName, "AlarmActions", alarmActions);
    checkActions(alarmName, "OKActions", okActions);
    checkActions(alarmName, "InsufficientDataActions", insufficientDataActions);
  }

  private static void checkActions(String alarmName, String property, List<String> actions) {
    require(
        actions.size() <= MAX_ACTIONS_PER_STATE,
        alarmName + ": " + property + " holds at most 5 actions");
    for (String action : actions) {
      require(
          LAMBDA_ARN.matcher(action).matches(),
          alarmName
              + ": "
              + property
              + " entry '"
              + action
              + "' is not a Lambda function ARN;"
              + " the embedded CloudWatch runs Lambda alarm actions only");
    }
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  /** This definition with ActionsEnabled set, as EnableAlarmActions and DisableAlarmActions do. */
  public AlarmDefinition withActionsEnabled(boolean enabled) {
    return new AlarmDefinition(
        alarmName,
        alarmDescription,
        metric,
        statistic,
        periodSeconds,
        evaluationPeriods,
        datapointsToAlarm,
        comparisonOperator,
        threshold,
        treatMissingData,
        alarmActions,
        okActions,
        insufficientDataActions,
        enabled);
  }

  /** Whether this alarm's period needs a high-resolution metric (10, 20 or 30 seconds). */
  public boolean highResolution() {
    return periodSeconds < 60;
  }

  public List<String> actionsFor(AlarmState state) {
    return switch (state) {
      case ALARM -> alarmActions;
      case OK -> okActions;
      case INSUFFICIENT_DATA -> insufficientDataActions;
    };
  }

  public static Builder builder(String alarmName) {
    return new Builder(alarmName);
  }

  /**
   * An {@code AWS::CloudWatch::Alarm}'s properties, intrinsic functions already resolved. The name
   * is {@code AlarmName} when the template sets one, else {@code defaultName} (CloudFormation would
   * generate one).
   */
  public static AlarmDefinition fromCloudFormation(
      String defaultName, ResourceProperties properties) {
    for (String unsupported :
        List.of(
            "Metrics",
            "ExtendedStatistic",
            "ThresholdMetricId",
            "EvaluateLowSampleCountPercentile",
            "Unit")) {
      if (properties.has(unsupported)) {
        throw properties.invalid(unsupported, unsupportedBecause(unsupported));
      }
    }
    properties.onlyKnown(
        Set.of(
            "AlarmName",
            "AlarmDescription",
            "MetricName",
            "Namespace",
            "Dimensions",
            "Statistic",
            "Period",
            "EvaluationPeriods",
            "DatapointsToAlarm",
            "ComparisonOperator",
            "Threshold",
            "TreatMissingData",
            "AlarmActions",
            "OKActions",
            "InsufficientDataActions",
            "ActionsEnabled"));
    Map<String, String> dimensions = new LinkedHashMap<>();
    for (ResourceProperties dimension : properties.objects("Dimensions")) {
      dimension.onlyKnown(Set.of("Name", "Value"));
      dimensions.put(dimension.requiredString("Name"), dimension.requiredString("Value"));
    }
    int evaluationPeriods =
        properties
            .integer("EvaluationPeriods")
            .orElseThrow(() -> properties.invalid("EvaluationPeriods", "is required"));
    try {
      return builder(properties.string("AlarmName").orElse(defaultName))
          .description(properties.string("AlarmDescription").orElse(""))
          .metric(
              new MetricId(
                  properties.requiredString("Namespace"),
                  properties.requiredString("MetricName"),
                  dimensions))
          .statistic(Statistic.fromAwsName(properties.requiredString("Statistic")))
          .period(
              properties
                  .integer("Period")
                  .orElseThrow(() -> properties.invalid("Period", "is required")))
          .evaluationPeriods(evaluationPeriods)
          .datapointsToAlarm(properties.integer("DatapointsToAlarm").orElse(evaluationPeriods))
          .comparisonOperator(
              ComparisonOperator.fromAwsName(properties.requiredString("ComparisonOperator")))
          .threshold(
              properties
                  .number("Threshold")
                  .orElseThrow(() -> properties.invalid("Threshold", "is required")))
          .treatMissingData(
              TreatMissingData.fromAwsName(properties.string("TreatMissingData").orElse("missing")))
          .alarmActions(properties.strings("AlarmActions"))
          .okActions(properties.strings("OKActions"))
          .insufficientDataActions(properties.strings("InsufficientDataActions"))
          .actionsEnabled(properties.bool("ActionsEnabled").orElse(true))
          .build();
    } catch (IllegalArgumentException e) {
      if (e instanceof TemplateException) {
        throw e;
      }
      throw new TemplateException(properties.resource() + ": " + e.getMessage(), e);
    }
  }

  private static String unsupportedBecause(String property) {
    return switch (property) {
      case "Metrics", "ThresholdMetricId" ->
          "is not supported: the embedded CloudWatch evaluates single-metric alarms, not metric"
              + " math or anomaly detection";
      case "ExtendedStatistic", "EvaluateLowSampleCountPercentile" ->
          "is not supported: the embedded CloudWatch computes SampleCount, Average, Sum, Minimum"
              + " and Maximum, not percentiles";
      default ->
          "is not supported: the embedded CloudWatch does not keep datapoints apart by unit, so"
              + " an alarm Unit could silently match data AWS would not";
    };
  }

  /** Builds a definition with AWS's defaults: DatapointsToAlarm = EvaluationPeriods, missing. */
  public static final class Builder {
    private final String alarmName;
    private String description = "";
    private MetricId metric;
    private Statistic statistic;
    private int period;
    private int evaluationPeriods = 1;
    private Integer datapointsToAlarm;
    private ComparisonOperator comparisonOperator;
    private double threshold = Double.NaN;
    private TreatMissingData treatMissingData = TreatMissingData.MISSING;
    private final List<String> alarmActions = new ArrayList<>();
    private final List<String> okActions = new ArrayList<>();
    private final List<String> insufficientDataActions = new ArrayList<>();
    private boolean actionsEnabled = true;

    private Builder(String alarmName) {
      this.alarmName = alarmName;
    }

    public Builder description(String value) {
      description = value;
      return this;
    }

    public Builder metric(MetricId value) {
      metric = value;
      return this;
    }

    public Builder metric(String namespace, String name) {
      return metric(MetricId.of(namespace, name));
    }

    public Builder statistic(Statistic value) {
      statistic = value;
      return this;
    }

    public Builder period(int seconds) {
      period = seconds;
      return this;
    }

    public Builder evaluationPeriods(int value) {
      evaluationPeriods = value;
      return this;
    }

    public Builder datapointsToAlarm(int value) {
      datapointsToAlarm = value;
      return this;
    }

    public Builder comparisonOperator(ComparisonOperator value) {
      comparisonOperator = value;
      return this;
    }

    public Builder threshold(double value) {
      threshold = value;
      return this;
    }

    public Builder treatMissingData(TreatMissingData value) {
      treatMissingData = value;
      return this;
    }

    public Builder alarmActions(List<String> arns) {
      alarmActions.addAll(arns);
      return this;
    }

    public Builder alarmAction(String arn) {
      alarmActions.add(arn);
      return this;
    }

    public Builder okActions(List<String> arns) {
      okActions.addAll(arns);
      return this;
    }

    public Builder insufficientDataActions(List<String> arns) {
      insufficientDataActions.addAll(arns);
      return this;
    }

    public Builder actionsEnabled(boolean value) {
      actionsEnabled = value;
      return this;
    }

    public AlarmDefinition build() {
      return new AlarmDefinition(
          alarmName,
          description,
          metric,
          statistic,
          period,
          evaluationPeriods,
          datapointsToAlarm == null ? evaluationPeriods : datapointsToAlarm,
          comparisonOperator,
          threshold,
          treatMissingData,
          alarmActions,
          okActions,
          insufficientDataActions,
          actionsEnabled);
    }
  }
}
