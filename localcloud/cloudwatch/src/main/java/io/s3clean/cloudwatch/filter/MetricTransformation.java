package io.s3clean.cloudwatch.filter;

import io.s3clean.template.ResourceProperties;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How a metric filter turns a log event into a datapoint, as {@code AWS::Logs::MetricFilter
 * MetricTransformation} describes it. {@code metricValue} is {@code $.field} (JSON patterns),
 * {@code $field} or {@code $3} (space-delimited patterns) or a number; {@code dimensions} map a
 * dimension name to such a field.
 */
public record MetricTransformation(
    String metricNamespace,
    String metricName,
    String metricValue,
    Double defaultValue,
    Map<String, String> dimensions,
    String unit) {

  public MetricTransformation {
    Objects.requireNonNull(metricNamespace, "metricNamespace");
    Objects.requireNonNull(metricName, "metricName");
    Objects.requireNonNull(metricValue, "metricValue");
    dimensions = Collections.unmodifiableMap(new LinkedHashMap<>(dimensions));
    unit = unit == null ? "None" : unit;
  }

  public static MetricTransformation of(String namespace, String name, String metricValue) {
    return new MetricTransformation(namespace, name, metricValue, null, Map.of(), null);
  }

  public MetricTransformation withDefaultValue(double value) {
    return new MetricTransformation(
        metricNamespace, metricName, metricValue, value, dimensions, unit);
  }

  public MetricTransformation withDimension(String name, String field) {
    Map<String, String> more = new LinkedHashMap<>(dimensions);
    more.put(name, field);
    return new MetricTransformation(
        metricNamespace, metricName, metricValue, defaultValue, more, unit);
  }

  public MetricTransformation withUnit(String value) {
    return new MetricTransformation(
        metricNamespace, metricName, metricValue, defaultValue, dimensions, value);
  }

  /** One entry of the template's {@code MetricTransformations} list. */
  public static MetricTransformation fromCloudFormation(ResourceProperties properties) {
    properties.onlyKnown(
        Set.of(
            "MetricNamespace", "MetricName", "MetricValue", "DefaultValue", "Dimensions", "Unit"));
    Map<String, String> dimensions = new LinkedHashMap<>();
    for (ResourceProperties dimension : properties.objects("Dimensions")) {
      dimension.onlyKnown(Set.of("Key", "Value"));
      dimensions.put(dimension.requiredString("Key"), dimension.requiredString("Value"));
    }
    return new MetricTransformation(
        properties.requiredString("MetricNamespace"),
        properties.requiredString("MetricName"),
        properties.requiredString("MetricValue"),
        properties.number("DefaultValue").orElse(null),
        dimensions,
        properties.string("Unit").orElse(null));
  }
}
