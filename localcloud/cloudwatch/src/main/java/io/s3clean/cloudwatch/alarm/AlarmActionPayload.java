package io.s3clean.cloudwatch.alarm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * The event CloudWatch sends a Lambda alarm action, shaped as the metric alarm example in "Invoke a
 * Lambda function from an alarm": {@code source}, {@code alarmArn}, {@code accountId}, {@code
 * time}, {@code region} and {@code alarmData} with the alarm's name, new and previous state (value,
 * reason, reasonData as a JSON string, timestamp) and its configuration.
 */
public final class AlarmActionPayload {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AlarmActionPayload() {}

  public static String build(
      AlarmDefinition alarm,
      String alarmArn,
      String accountId,
      String region,
      StateChange change,
      Instant time) {
    ObjectNode root = JSON.createObjectNode();
    root.put("source", "aws.cloudwatch");
    root.put("alarmArn", alarmArn);
    root.put("accountId", accountId);
    root.put("time", AwsTime.iso(time));
    root.put("region", region);
    ObjectNode data = root.putObject("alarmData");
    data.put("alarmName", alarm.alarmName());
    state(data.putObject("state"), change.current());
    state(data.putObject("previousState"), change.previous());
    ObjectNode configuration = data.putObject("configuration");
    configuration.put("description", alarm.alarmDescription());
    ObjectNode query = configuration.putArray("metrics").addObject();
    // AWS gives each metric of the alarm an id; derive one that is stable per alarm
    query.put("id", UUID.nameUUIDFromBytes(alarmArn.getBytes(StandardCharsets.UTF_8)).toString());
    ObjectNode metricStat = query.putObject("metricStat");
    ObjectNode metric = metricStat.putObject("metric");
    metric.put("namespace", alarm.metric().namespace());
    metric.put("name", alarm.metric().name());
    ObjectNode dimensions = metric.putObject("dimensions");
    alarm.metric().dimensions().forEach(dimensions::put);
    metricStat.put("period", alarm.periodSeconds());
    metricStat.put("stat", alarm.statistic().awsName());
    query.put("returnData", true);
    return root.toString();
  }

  private static void state(ObjectNode node, AlarmStateValue state) {
    node.put("value", state.value().name());
    node.put("reason", state.reason());
    if (state.reasonData() != null) {
      node.put("reasonData", state.reasonData());
    }
    node.put("timestamp", AwsTime.iso(state.timestamp()));
  }
}
