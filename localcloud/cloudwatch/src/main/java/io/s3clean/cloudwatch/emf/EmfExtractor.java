package io.s3clean.cloudwatch.emf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3clean.cloudwatch.metrics.Datapoint;
import io.s3clean.cloudwatch.metrics.MetricId;
import io.s3clean.cloudwatch.metrics.MetricUnits;
import io.s3clean.cloudwatch.metrics.StorageResolution;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Extracts metrics from log events in CloudWatch Embedded Metric Format, following "Specification:
 * Embedded metric format" in the CloudWatch user guide: a JSON object whose {@code _aws} member
 * holds a {@code Timestamp} (epoch milliseconds) and {@code CloudWatchMetrics} directives; each
 * directive's dimension sets and metric names refer to top-level members; metric values are numbers
 * or arrays of up to 100 numbers; StorageResolution 1 makes a high-resolution metric.
 */
public final class EmfExtractor {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  // "While Lambda may prepend log events with metadata such as timestamp and request id, a valid
  // embedded metric format document after this metadata is considered valid."
  private static final Pattern LAMBDA_PREFIX =
      Pattern.compile("^\\S+\\t[0-9a-fA-F-]{36}\\t(?:[A-Z]+\\t)?");
  // PutMetricData accepts datapoints up to two weeks old and up to two hours ahead.
  private static final Duration MAX_AGE = Duration.ofDays(14);
  private static final Duration MAX_AHEAD = Duration.ofHours(2);

  private EmfExtractor() {}

  /** Extracts the metrics of one log event ingested at {@code ingestionTime}. */
  public static EmfResult extract(String message, Instant ingestionTime) {
    String document = LAMBDA_PREFIX.matcher(message.strip()).replaceFirst("");
    if (!document.startsWith("{") || !document.contains("\"_aws\"")) {
      return new EmfResult.NotEmf();
    }
    JsonNode root;
    try {
      root = JSON.readTree(document);
    } catch (JsonProcessingException e) {
      return new EmfResult.Invalid(
          "the log event is not one valid JSON object: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject() || !root.has("_aws")) {
      return new EmfResult.NotEmf();
    }
    try {
      return new EmfResult.Extracted(datapoints(root, ingestionTime));
    } catch (InvalidEmf e) {
      return new EmfResult.Invalid(e.getMessage());
    }
  }

  private static List<Datapoint> datapoints(JsonNode root, Instant ingestionTime) {
    JsonNode aws = root.get("_aws");
    require(aws.isObject(), "_aws must be an object");
    JsonNode timestampNode = aws.get("Timestamp");
    require(
        timestampNode != null && timestampNode.canConvertToExactIntegral(),
        "_aws.Timestamp must be a number of milliseconds since the epoch");
    Instant timestamp = Instant.ofEpochMilli(timestampNode.asLong());
    require(
        !timestamp.isBefore(ingestionTime.minus(MAX_AGE)),
        "_aws.Timestamp " + timestamp + " is more than two weeks in the past");
    require(
        !timestamp.isAfter(ingestionTime.plus(MAX_AHEAD)),
        "_aws.Timestamp " + timestamp + " is more than two hours in the future");
    JsonNode directives = aws.get("CloudWatchMetrics");
    require(directives != null && directives.isArray(), "_aws.CloudWatchMetrics must be an array");

    List<Datapoint> datapoints = new ArrayList<>();
    for (int d = 0; d < directives.size(); d++) {
      datapoints.addAll(
          directive(root, directives.get(d), "CloudWatchMetrics[" + d + "]", timestamp));
    }
    return datapoints;
  }

  private static List<Datapoint> directive(
      JsonNode root, JsonNode directive, String where, Instant timestamp) {
    require(directive.isObject(), where + " must be an object");
    JsonNode namespace = directive.get("Namespace");
    require(
        namespace != null
            && namespace.isTextual()
            && !namespace.textValue().isEmpty()
            && namespace.textValue().length() <= 1024,
        where + ".Namespace must be a string of 1 to" + " 1024 characters");
    JsonNode dimensionSets = directive.get("Dimensions");
    require(
        dimensionSets != null && dimensionSets.isArray() && dimensionSets.size() >= 1,
        where + ".Dimensions must be an array of at least one dimension set");
    JsonNode metrics = directive.get("Metrics");
    require(metrics != null && metrics.isArray(), where + ".Metrics must be an array");
    require(metrics.size() <= 100, where + ".Metrics must not hold more than 100 metrics");

    List<Map<String, String>> dimensionValues = new ArrayList<>();
    for (int s = 0; s < dimensionSets.size(); s++) {
      dimensionValues.add(
          dimensionSet(root, dimensionSets.get(s), where + ".Dimensions[" + s + "]"));
    }
    List<Datapoint> datapoints = new ArrayList<>();
    for (int m = 0; m < metrics.size(); m++) {
      String at = where + ".Metrics[" + m + "]";
      JsonNode definition = metrics.get(m);
      require(definition.isObject(), at + " must be an object");
      JsonNode name = definition.get("Name");
      require(
          name != null
              && name.isTextual()
              && !name.textValue().isEmpty()
              && name.textValue().length() <= 1024,
          at + ".Name must be a string of 1 to 1024" + " characters");
      String unit = definition.has("Unit") ? definition.get("Unit").asText() : "None";
      require(MetricUnits.isValid(unit), at + ".Unit '" + unit + "' is not a CloudWatch unit");
      StorageResolution resolution = resolution(definition.get("StorageResolution"), at);
      List<Double> values = values(root, name.textValue(), at);
      for (Map<String, String> dimensions : dimensionValues) {
        MetricId metric = new MetricId(namespace.textValue(), name.textValue(), dimensions);
        for (double value : values) {
          datapoints.add(new Datapoint(metric, timestamp, value, unit, resolution));
        }
      }
    }
    return datapoints;
  }

  private static Map<String, String> dimensionSet(JsonNode root, JsonNode set, String where) {
    require(set.isArray(), where + " must be an array of dimension names");
    require(set.size() <= 30, where + " must not hold more than 30 dimension keys");
    Map<String, String> dimensions = new LinkedHashMap<>();
    for (JsonNode key : set) {
      require(
          key.isTextual() && !key.textValue().isEmpty() && key.textValue().length() <= 250,
          where + " holds a dimension name that is not a string of 1 to 250 characters");
      JsonNode target = root.get(key.textValue());
      require(
          target != null,
          where + " names '" + key.textValue() + "', which is not a top-level member");
      require(
          target.isTextual() && target.textValue().length() <= 1024,
          "dimension member '"
              + key.textValue()
              + "' must have a string value of at most 1024"
              + " characters");
      dimensions.put(key.textValue(), target.textValue());
    }
    return dimensions;
  }

  private static StorageResolution resolution(JsonNode node, String where) {
    if (node == null) {
      return StorageResolution.STANDARD;
    }
    require(
        node.isInt() && (node.intValue() == 1 || node.intValue() == 60),
        where + ".StorageResolution must be 1 or 60");
    return StorageResolution.ofSeconds(node.intValue());
  }

  private static List<Double> values(JsonNode root, String name, String where) {
    JsonNode target = root.get(name);
    require(target != null, where + " names '" + name + "', which is not a top-level member");
    if (target.isNumber()) {
      return List.of(target.doubleValue());
    }
    require(
        target.isArray(), "metric member '" + name + "' must be a number or an array of numbers");
    require(
        target.size() <= 100, "metric member '" + name + "' must not hold more than 100 values");
    List<Double> values = new ArrayList<>();
    for (JsonNode value : target) {
      require(
          value.isNumber(), "metric member '" + name + "' must be a number or an array of numbers");
      values.add(value.doubleValue());
    }
    return values;
  }

  private static void require(boolean condition, String reason) {
    if (!condition) {
      throw new InvalidEmf(reason);
    }
  }

  private static final class InvalidEmf extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidEmf(String reason) {
      super(reason, null, false, false);
    }
  }
}
