package io.s3clean.localcloud.provision;

import static io.s3clean.localcloud.provision.Types.string;
import static io.s3clean.localcloud.provision.Types.type;

import io.s3clean.cloudwatch.alarm.AlarmDefinition;
import io.s3clean.cloudwatch.alarm.MetricAlarm;
import io.s3clean.cloudwatch.filter.MetricFilter;
import io.s3clean.template.ResourceProperties;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Log groups, metric filters and alarms, on the embedded cloud's simulated CloudWatch. */
final class MonitoringTypes {
  private MonitoringTypes() {}

  static List<ResourceType> all() {
    return List.of(logGroup(), metricFilter(), alarm());
  }

  private static ResourceType logGroup() {
    return type(
        "AWS::Logs::LogGroup",
        Set.of("LogGroupName"),
        Set.of("RetentionInDays", "KmsKeyId", "Tags", "LogGroupClass", "DataProtectionPolicy"),
        (id, props, d) -> {
          String name =
              string(
                  props,
                  "LogGroupName",
                  id,
                  d.stackName() + "-" + id + "-" + DataPlaneTypes.shortId(d, id));
          d.cloudWatch().logs().createLogGroup(name);
          String arn =
              "arn:aws:logs:" + d.region() + ":" + d.accountId() + ":log-group:" + name + ":*";
          return Created.emulated(name, name, Map.of("Arn", arn));
        });
  }

  private static ResourceType metricFilter() {
    return type(
        "AWS::Logs::MetricFilter",
        Set.of("LogGroupName", "FilterName", "FilterPattern", "MetricTransformations"),
        Set.of(),
        (id, props, d) -> {
          MetricFilter filter =
              translated(
                  id,
                  () ->
                      MetricFilter.fromCloudFormation(
                          d.stackName() + "-" + id, ResourceProperties.of(id, props)));
          d.cloudWatch().addMetricFilter(filter);
          return Created.emulated(filter.filterName(), filter.filterName(), Map.of())
              .withWarnings(filter.warnings());
        });
  }

  private static ResourceType alarm() {
    return type(
        "AWS::CloudWatch::Alarm",
        Set.of(
            "AlarmName",
            "AlarmDescription",
            "Namespace",
            "MetricName",
            "Dimensions",
            "Statistic",
            "Period",
            "EvaluationPeriods",
            "DatapointsToAlarm",
            "Threshold",
            "ComparisonOperator",
            "TreatMissingData",
            "AlarmActions",
            "OKActions",
            "InsufficientDataActions",
            "ActionsEnabled"),
        Set.of("Tags"),
        (id, props, d) -> {
          AlarmDefinition definition =
              translated(
                  id,
                  () ->
                      AlarmDefinition.fromCloudFormation(
                          d.stackName() + "-" + id, ResourceProperties.of(id, props)));
          MetricAlarm alarm = translated(id, () -> d.cloudWatch().addAlarm(definition));
          return Created.emulated(
              definition.alarmName(), definition.alarmName(), Map.of("Arn", alarm.arn()));
        });
  }

  private static <T> T translated(String id, java.util.function.Supplier<T> step) {
    try {
      return step.get();
    } catch (IllegalArgumentException e) {
      throw new ProvisioningException(id + ": " + e.getMessage(), e);
    }
  }
}
