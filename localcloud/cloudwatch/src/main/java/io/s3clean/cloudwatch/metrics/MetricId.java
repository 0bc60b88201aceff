package io.s3clean.cloudwatch.metrics;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A metric's identity as CloudWatch defines it: namespace, name and the exact set of dimensions. A
 * datapoint published with one more or one fewer dimension belongs to a different metric.
 */
public record MetricId(String namespace, String name, Map<String, String> dimensions) {
  public MetricId {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    if (namespace.isBlank() || name.isBlank()) {
      throw new IllegalArgumentException("a metric needs a namespace and a name");
    }
    dimensions = Collections.unmodifiableMap(new TreeMap<>(dimensions));
  }

  public static MetricId of(String namespace, String name) {
    return new MetricId(namespace, name, Map.of());
  }

  @Override
  public String toString() {
    return namespace + "/" + name + (dimensions.isEmpty() ? "" : dimensions);
  }
}
