package io.s3clean.cleanup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3clean.event.MalformedEventException;
import java.io.IOException;
import java.io.InputStream;

/** Reads the payload CloudWatch sends a Lambda alarm action. */
public final class AlarmEvents {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AlarmEvents() {}

  public static AlarmTrigger parse(InputStream payload) {
    JsonNode root;
    try {
      root = JSON.readTree(payload);
    } catch (IOException e) {
      throw new MalformedEventException("alarm payload is not JSON: " + e.getMessage(), e);
    }
    JsonNode alarmData = root == null ? null : root.get("alarmData");
    if (alarmData == null || !alarmData.isObject()) {
      throw new MalformedEventException("not a CloudWatch alarm action payload: no alarmData");
    }
    JsonNode state = alarmData.path("state");
    String value = state.path("value").asText("");
    if (value.isEmpty()) {
      throw new MalformedEventException("alarm payload has no alarmData.state.value");
    }
    return new AlarmTrigger(
        alarmData.path("alarmName").asText(""),
        value,
        state.path("reason").asText(""),
        state.path("timestamp").asText(""));
  }
}
