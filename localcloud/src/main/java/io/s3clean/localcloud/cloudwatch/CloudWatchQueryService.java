package io.s3clean.localcloud.cloudwatch;

import io.s3clean.cloudwatch.CloudWatchSim;
import io.s3clean.cloudwatch.alarm.AlarmState;
import io.s3clean.localcloud.endpoint.AwsRequest;
import io.s3clean.localcloud.endpoint.AwsResponse;
import io.s3clean.localcloud.endpoint.ServiceHandler;
import io.s3clean.localcloud.query.QueryProtocol;
import java.util.Map;

/**
 * CloudWatch's query protocol behind the endpoint, for the CloudWatch call the handlers make
 * (SetAlarmState, which re-arms the size alarm), answered by the simulated CloudWatch with the
 * errors of the CloudWatch API reference.
 */
public final class CloudWatchQueryService implements ServiceHandler {
  private static final String NAMESPACE = "http://monitoring.amazonaws.com/doc/2010-08-01/";
  private static final int MAX_REASON = 1023;
  private final CloudWatchSim cloudWatch;

  public CloudWatchQueryService(CloudWatchSim cloudWatch) {
    this.cloudWatch = cloudWatch;
  }

  @Override
  public AwsResponse handle(AwsRequest request) {
    Map<String, String> form = request.formBody();
    String action = form.getOrDefault("Action", "");
    if (!action.equals("SetAlarmState")) {
      return QueryProtocol.error(NAMESPACE, 400, "Sender", "InvalidAction",
          "The embedded cloud's CloudWatch endpoint serves SetAlarmState only, not '" + action + "'");
    }
    String alarmName = form.get("AlarmName");
    String stateValue = form.get("StateValue");
    String reason = form.get("StateReason");
    if (alarmName == null || stateValue == null || reason == null) {
      return QueryProtocol.error(NAMESPACE, 400, "Sender", "MissingParameter",
          "SetAlarmState needs AlarmName, StateValue and StateReason");
    }
    if (reason.length() > MAX_REASON) {
      return QueryProtocol.error(NAMESPACE, 400, "Sender", "ValidationError",
          "1 validation error detected: Value at 'stateReason' failed to satisfy constraint: Member must have length"
              + " less than or equal to " + MAX_REASON);
    }
    AlarmState state;
    try {
      state = AlarmState.valueOf(stateValue);
    } catch (IllegalArgumentException e) {
      return QueryProtocol.error(NAMESPACE, 400, "Sender", "ValidationError",
          "1 validation error detected: Value '" + stateValue + "' at 'stateValue' failed to satisfy constraint:"
              + " Member must satisfy enum value set: [INSUFFICIENT_DATA, ALARM, OK]");
    }
    try {
      cloudWatch.setAlarmState(alarmName, state, reason);
    } catch (IllegalArgumentException e) {
      return QueryProtocol.error(NAMESPACE, 404, "Sender", "ResourceNotFound", e.getMessage());
    }
    return QueryProtocol.ok(NAMESPACE, "SetAlarmState", "");
  }
}
