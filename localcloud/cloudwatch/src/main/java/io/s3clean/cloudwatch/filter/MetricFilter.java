package io.s3clean.cloudwatch.filter;

import io.s3clean.cloudwatch.metrics.Datapoint;
import io.s3clean.cloudwatch.metrics.MetricId;
import io.s3clean.cloudwatch.metrics.MetricUnits;
import io.s3clean.cloudwatch.metrics.StorageResolution;
import io.s3clean.template.ResourceProperties;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A metric filter on a log group: every event of the group is matched against the pattern and each
 * match publishes a datapoint at the event's timestamp. Everything is checked when the filter is
 * created, so an event can only match or not match.
 *
 * <p>Rules from the Logs user guide ("Filter pattern syntax", "Configuring metric values for a
 * metric filter", "Publishing dimensions with metrics"): a non-matching event publishes the default
 * value when there is one; dimensions come only from JSON and space-delimited patterns, at most
 * three, and exclude a default value. Metric filter metrics are standard resolution (one minute).
 */
public final class MetricFilter {
  private static final int MAX_DIMENSIONS = 3;

  private final String filterName;
  private final String logGroupName;
  private final FilterPattern pattern;
  private final List<MetricTransformation> transformations;
  private final List<Compiled> compiled;
  private final List<String> warnings;

  /** A transformation with its value and dimensions resolved against the pattern. */
  private record Compiled(
      MetricTransformation transformation,
      Double constant,
      FieldReference valueField,
      Map<String, FieldReference> dimensions) {}

  private MetricFilter(
      String filterName,
      String logGroupName,
      FilterPattern pattern,
      List<MetricTransformation> transformations,
      List<Compiled> compiled) {
    this.filterName = filterName;
    this.logGroupName = logGroupName;
    this.pattern = pattern;
    this.transformations = transformations;
    this.compiled = compiled;
    this.warnings = warnings(pattern, compiled);
  }

  /**
   * @throws FilterPatternException when the pattern, a metric value or a dimension cannot be
   *     honoured exactly
   */
  public static MetricFilter create(
      String filterName,
      String logGroupName,
      String filterPattern,
      List<MetricTransformation> transformations) {
    FilterPattern pattern = FilterPattern.parse(filterPattern);
    if (transformations.size() != 1) {
      // PutMetricFilter: "metricTransformations ... Array Members: Fixed number of 1 item."
      throw new FilterPatternException(
          "metric filter "
              + filterName
              + " needs exactly one metric transformation, as AWS"
              + " requires; got "
              + transformations.size());
    }
    List<Compiled> compiled = new ArrayList<>();
    for (MetricTransformation t : transformations) {
      compiled.add(compile(filterName, pattern, t));
    }
    return new MetricFilter(
        filterName, logGroupName, pattern, List.copyOf(transformations), List.copyOf(compiled));
  }

  /** An {@code AWS::Logs::MetricFilter}'s properties, intrinsic functions already resolved. */
  public static MetricFilter fromCloudFormation(String filterName, ResourceProperties properties) {
    properties.onlyKnown(
        Set.of("FilterName", "FilterPattern", "LogGroupName", "MetricTransformations"));
    List<MetricTransformation> transformations = new ArrayList<>();
    for (ResourceProperties t : properties.objects("MetricTransformations")) {
      transformations.add(MetricTransformation.fromCloudFormation(t));
    }
    try {
      return create(
          properties.string("FilterName").orElse(filterName),
          properties.requiredString("LogGroupName"),
          properties.string("FilterPattern").orElse(""),
          transformations);
    } catch (FilterPatternException e) {
      throw properties.invalid(
          "FilterPattern/MetricTransformations", "rejected: " + e.getMessage());
    }
  }

  private static Compiled compile(
      String filterName, FilterPattern pattern, MetricTransformation t) {
    String value = t.metricValue().strip();
    Double constant = null;
    FieldReference valueField = null;
    if (value.startsWith("$")) {
      valueField = pattern.reference(value);
    } else {
      BigDecimal number = FieldValue.parseNumber(value);
      if (number == null) {
        throw new FilterPatternException(
            filterName
                + ": MetricValue '"
                + t.metricValue()
                + "' is neither a number nor a field"
                + " reference such as $.total_size or $bytes");
      }
      constant = number.doubleValue();
    }
    if (t.dimensions().size() > MAX_DIMENSIONS) {
      throw new FilterPatternException(
          filterName
              + ": a metric filter can have at most 3 dimensions, got "
              + t.dimensions().keySet());
    }
    if (!t.dimensions().isEmpty() && t.defaultValue() != null) {
      throw new FilterPatternException(
          filterName
              + ": a metric filter with dimensions cannot have a DefaultValue (Logs user"
              + " guide: \"If you assign dimensions to metrics that metric filters generate, you"
              + " can't specify default values for those metrics\")");
    }
    if (!MetricUnits.isValid(t.unit())) {
      throw new FilterPatternException(
          filterName + ": Unit '" + t.unit() + "' is not a CloudWatch unit");
    }
    Map<String, FieldReference> dimensions = new LinkedHashMap<>();
    t.dimensions().forEach((name, field) -> dimensions.put(name, pattern.reference(field.strip())));
    return new Compiled(t, constant, valueField, dimensions);
  }

  /**
   * A dimension whose field the pattern does not name: the embedded cloud reads it from every
   * matched event, but the Logs user guide only promises "any of the properties in the metric
   * filter" as a dimension, so AWS may publish the metric without it and an alarm on the
   * dimensioned metric would never see a datapoint.
   */
  private static List<String> warnings(FilterPattern pattern, List<Compiled> compiled) {
    List<String> warnings = new ArrayList<>();
    for (Compiled c : compiled) {
      c.dimensions()
          .forEach(
              (name, field) -> {
                if (!pattern.names(field)) {
                  warnings.add(
                      "dimension "
                          + name
                          + " of "
                          + c.transformation().metricName()
                          + " reads "
                          + field.text()
                          + ", which the filter pattern "
                          + pattern.text()
                          + " does not name;"
                          + " CloudWatch takes dimensions from the properties in the filter (Logs user guide),"
                          + " so AWS may publish the metric without it: add ("
                          + field.text()
                          + " = *) to the"
                          + " pattern");
                }
              });
    }
    return List.copyOf(warnings);
  }

  /** What this filter may do differently on AWS, one sentence each; empty for a sound filter. */
  public List<String> warnings() {
    return warnings;
  }

  public String filterName() {
    return filterName;
  }

  public String logGroupName() {
    return logGroupName;
  }

  public FilterPattern pattern() {
    return pattern;
  }

  public List<MetricTransformation> transformations() {
    return transformations;
  }

  /** The datapoints one log event publishes: none, a match's values, or the default value. */
  public List<Datapoint> apply(String message, Instant timestamp) {
    Optional<PatternMatch> match = pattern.match(message);
    List<Datapoint> datapoints = new ArrayList<>();
    for (Compiled c : compiled) {
      MetricTransformation t = c.transformation();
      if (match.isEmpty()) {
        if (t.defaultValue() != null) {
          datapoints.add(datapoint(t, Map.of(), timestamp, t.defaultValue()));
        }
        continue;
      }
      valueOf(c, match.get())
          .flatMap(
              value -> dimensionsOf(c, match.get()).map(d -> datapoint(t, d, timestamp, value)))
          .ifPresent(datapoints::add);
    }
    return datapoints;
  }

  /**
   * A matched event whose value field is absent or not a number publishes nothing: a metric needs a
   * number, and publishing the default value would report a match as a non-match.
   */
  private static Optional<Double> valueOf(Compiled c, PatternMatch match) {
    if (c.constant() != null) {
      return Optional.of(c.constant());
    }
    return match.value(c.valueField()).map(FieldValue::parseNumber).map(BigDecimal::doubleValue);
  }

  private static Optional<Map<String, String>> dimensionsOf(Compiled c, PatternMatch match) {
    Map<String, String> values = new LinkedHashMap<>();
    for (Map.Entry<String, FieldReference> dimension : c.dimensions().entrySet()) {
      Optional<String> value = match.value(dimension.getValue());
      if (value.isEmpty() || value.get().isEmpty()) {
        return Optional.empty();
      }
      values.put(dimension.getKey(), value.get());
    }
    return Optional.of(values);
  }

  private static Datapoint datapoint(
      MetricTransformation t, Map<String, String> dimensions, Instant timestamp, double value) {
    return new Datapoint(
        new MetricId(t.metricNamespace(), t.metricName(), dimensions),
        timestamp,
        value,
        t.unit(),
        StorageResolution.STANDARD);
  }

  @Override
  public String toString() {
    return "MetricFilter[" + filterName + " on " + logGroupName + ": " + pattern.text() + "]";
  }
}
