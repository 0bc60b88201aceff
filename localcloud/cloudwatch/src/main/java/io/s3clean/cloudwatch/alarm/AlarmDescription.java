package io.s3clean.cloudwatch.alarm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s3clean.cloudwatch.metrics.Datapoint;
import java.time.Instant;
import java.util.List;

/**
 * What a CLI shows of an alarm: its state and reason, the last datapoint of its metric, its
 * configuration and its history (newest first), with DescribeAlarms' field names in JSON; {@code
 * configurationUpdated} is when the alarm was created or its actions last enabled or disabled.
 */
public record AlarmDescription(
    AlarmDefinition definition,
    String alarmArn,
    AlarmStateValue state,
    Instant lastEvaluated,
    Datapoint lastDatapoint,
    List<AlarmHistoryItem> history,
    List<ActionAttempt> actionAttempts,
    Instant configurationUpdated) {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("AlarmName", definition.alarmName());
    root.put("AlarmArn", alarmArn);
    root.put("AlarmDescription", definition.alarmDescription());
    root.put("StateValue", state.value().name());
    root.put("StateReason", state.reason());
    if (state.reasonData() != null) {
      root.put("StateReasonData", state.reasonData());
    }
    root.put("StateUpdatedTimestamp", state.timestamp().toString());
    if (configurationUpdated != null) {
      root.put("AlarmConfigurationUpdatedTimestamp", configurationUpdated.toString());
    }
    root.put("Namespace", definition.metric().namespace());
    root.put("MetricName", definition.metric().name());
    ArrayNode dimensions = root.putArray("Dimensions");
    definition
        .metric()
        .dimensions()
        .forEach((name, value) -> dimensions.addObject().put("Name", name).put("Value", value));
    root.put("Statistic", definition.statistic().awsName());
    root.put("Period", definition.periodSeconds());
    root.put("EvaluationPeriods", definition.evaluationPeriods());
    root.put("DatapointsToAlarm", definition.datapointsToAlarm());
    root.put("Threshold", definition.threshold());
    root.put("ComparisonOperator", definition.comparisonOperator().awsName());
    root.put("TreatMissingData", definition.treatMissingData().awsName());
    root.put("ActionsEnabled", definition.actionsEnabled());
    definition.alarmActions().forEach(root.withArray("AlarmActions")::add);
    definition.okActions().forEach(root.withArray("OKActions")::add);
    definition.insufficientDataActions().forEach(root.withArray("InsufficientDataActions")::add);
    if (lastEvaluated != null) {
      root.put("LastEvaluated", lastEvaluated.toString());
    }
    if (lastDatapoint != null) {
      root.putObject("LastDatapoint")
          .put("Timestamp", lastDatapoint.timestamp().toString())
          .put("Value", lastDatapoint.value());
    }
    ArrayNode items = root.putArray("History");
    for (AlarmHistoryItem item : history) {
      items
          .addObject()
          .put("Timestamp", item.timestamp().toString())
          .put("HistoryItemType", item.type())
          .put("HistorySummary", item.summary())
          .put("HistoryData", item.data());
    }
    ArrayNode attempts = root.putArray("ActionAttempts");
    for (ActionAttempt attempt : actionAttempts) {
      ObjectNode node =
          attempts
              .addObject()
              .put("FunctionArn", attempt.functionArn())
              .put("Attempt", attempt.attempt())
              .put("StartedAt", attempt.startedAt().toString())
              .put("Succeeded", attempt.succeeded());
      if (!attempt.succeeded()) {
        node.put("Error", attempt.error());
      }
    }
    return root.toPrettyString();
  }
}
