package io.s3clean.localcloud.cloudwatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3clean.cloudwatch.CloudWatchSim;
import io.s3clean.cloudwatch.alarm.AlarmDefinition;
import io.s3clean.cloudwatch.alarm.AlarmDescription;
import io.s3clean.cloudwatch.alarm.AlarmHistoryItem;
import io.s3clean.cloudwatch.alarm.AlarmState;
import io.s3clean.cloudwatch.metrics.Datapoint;
import io.s3clean.cloudwatch.metrics.MetricId;
import io.s3clean.cloudwatch.metrics.MetricStore;
import io.s3clean.cloudwatch.metrics.MetricUnits;
import io.s3clean.cloudwatch.metrics.PeriodStatistics;
import io.s3clean.cloudwatch.metrics.Statistic;
import io.s3clean.cloudwatch.metrics.StorageResolution;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * CloudWatch's operations over the simulated CloudWatch, free of any wire protocol: each takes the
 * decoded {@link Input} and returns its output shape as plain Java (maps in the model's member
 * order, lists, strings, numbers, booleans, {@link Instant}s), or null for an operation without
 * output; the codecs put it on the wire. Member names, limits and error codes follow botocore's
 * service model ({@code cloudwatch/2010-08-01/service-2.json}) and the CloudWatch API reference.
 */
public final class CloudWatchOperations {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_STATE_REASON = 1023;
  private static final int MAX_STATE_REASON_DATA = 4000;
  private static final int MAX_DATAPOINTS = 1440;
  private static final int LIST_METRICS_PAGE = 500;
  private static final Duration PUT_METRIC_DATA_PAST = Duration.ofDays(14);
  private static final Duration PUT_METRIC_DATA_FUTURE = Duration.ofHours(2);

  private final CloudWatchSim cloudWatch;
  private final Map<String, Function<Input, Map<String, Object>>> operations =
      new LinkedHashMap<>();

  /** The operations served, as the model names them. */
  public static final List<String> NAMES =
      List.of(
          "DescribeAlarms",
          "DescribeAlarmHistory",
          "DescribeAlarmsForMetric",
          "GetMetricStatistics",
          "GetMetricData",
          "ListMetrics",
          "PutMetricData",
          "SetAlarmState",
          "EnableAlarmActions",
          "DisableAlarmActions");

  public CloudWatchOperations(CloudWatchSim cloudWatch) {
    this.cloudWatch = cloudWatch;
    operations.put("DescribeAlarms", this::describeAlarms);
    operations.put("DescribeAlarmHistory", this::describeAlarmHistory);
    operations.put("DescribeAlarmsForMetric", this::describeAlarmsForMetric);
    operations.put("GetMetricStatistics", this::getMetricStatistics);
    operations.put("GetMetricData", this::getMetricData);
    operations.put("ListMetrics", this::listMetrics);
    operations.put("PutMetricData", this::putMetricData);
    operations.put("SetAlarmState", this::setAlarmState);
    operations.put("EnableAlarmActions", in -> setActionsEnabled(in, true));
    operations.put("DisableAlarmActions", in -> setActionsEnabled(in, false));
  }

  /**
   * Runs {@code operation}.
   *
   * @return its output, or null when the operation has none
   * @throws CloudWatchException for every error CloudWatch would answer, an unknown operation
   *     included
   */
  public Map<String, Object> call(String operation, Input input) {
    Function<Input, Map<String, Object>> handler = operations.get(operation);
    if (handler == null) {
      throw CloudWatchException.unknownOperation(operation);
    }
    return handler.apply(input);
  }

  // ---- alarms

  private Map<String, Object> describeAlarms(Input in) {
    List<String> names = in.strings("AlarmNames");
    String prefix = in.string("AlarmNamePrefix").orElse(null);
    if (!names.isEmpty() && prefix != null) {
      throw CloudWatchException.invalidParameterCombination(
          "AlarmNames and AlarmNamePrefix cannot be specified together.");
    }
    AlarmState state = in.string("StateValue").map(v -> stateValue(v, "stateValue")).orElse(null);
    String actionPrefix = in.string("ActionPrefix").orElse(null);
    List<String> types = in.strings("AlarmTypes");
    boolean metricAlarms = types.isEmpty() || types.contains("MetricAlarm");
    Predicate<AlarmDescription> wanted =
        a ->
            metricAlarms
                && (names.isEmpty() || names.contains(a.definition().alarmName()))
                && (prefix == null || a.definition().alarmName().startsWith(prefix))
                && (state == null || a.state().value() == state)
                && (actionPrefix == null
                    || allActions(a.definition()).stream()
                        .anyMatch(s -> s.startsWith(actionPrefix)));
    List<Map<String, Object>> alarms =
        cloudWatch.describeAlarms().stream().filter(wanted).map(this::alarm).toList();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("CompositeAlarms", List.of());
    page(alarms, in, maxRecords(in), "MetricAlarms", out);
    return out;
  }

  private Map<String, Object> describeAlarmsForMetric(Input in) {
    String namespace = in.requiredString("Namespace");
    String metricName = in.requiredString("MetricName");
    String statistic = in.string("Statistic").orElse(null);
    boolean extended = in.has("ExtendedStatistic");
    Integer period = in.integer("Period").orElse(null);
    Map<String, String> dimensions = in.has("Dimensions") ? dimensions(in) : null;
    List<Map<String, Object>> alarms =
        cloudWatch.describeAlarms().stream()
            .filter(a -> !extended)
            .filter(
                a ->
                    a.definition().metric().namespace().equals(namespace)
                        && a.definition().metric().name().equals(metricName))
            .filter(
                a -> statistic == null || a.definition().statistic().awsName().equals(statistic))
            .filter(a -> period == null || a.definition().periodSeconds() == period)
            .filter(
                a -> dimensions == null || a.definition().metric().dimensions().equals(dimensions))
            .map(this::alarm)
            .toList();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("MetricAlarms", alarms);
    return out;
  }

  private Map<String, Object> describeAlarmHistory(Input in) {
    String alarmName = in.string("AlarmName").orElse(null);
    String type = in.string("HistoryItemType").orElse(null);
    if (type != null
        && !List.of(
                "ConfigurationUpdate",
                "StateUpdate",
                "Action",
                "AlarmContributorStateUpdate",
                "AlarmContributorAction")
            .contains(type)) {
      throw enumError(
          type,
          "historyItemType",
          "[ConfigurationUpdate, StateUpdate, Action, AlarmContributorStateUpdate, AlarmContributorAction]");
    }
    Instant start = in.instant("StartDate").orElse(Instant.MIN);
    Instant end = in.instant("EndDate").orElse(Instant.MAX);
    String scanBy = in.string("ScanBy").orElse("TimestampDescending");
    if (!scanBy.equals("TimestampDescending") && !scanBy.equals("TimestampAscending")) {
      throw enumError(scanBy, "scanBy", "[TimestampDescending, TimestampAscending]");
    }
    List<String> types = in.strings("AlarmTypes");
    boolean metricAlarms = types.isEmpty() || types.contains("MetricAlarm");
    Comparator<AlarmHistoryItem> order = Comparator.comparing(AlarmHistoryItem::timestamp);
    List<Map<String, Object>> items =
        cloudWatch.describeAlarms().stream()
            .filter(
                a ->
                    metricAlarms
                        && (alarmName == null || a.definition().alarmName().equals(alarmName)))
            .flatMap(a -> a.history().stream())
            .filter(h -> type == null || h.type().equals(type))
            .filter(h -> !h.timestamp().isBefore(start) && !h.timestamp().isAfter(end))
            .sorted(scanBy.equals("TimestampAscending") ? order : order.reversed())
            .map(
                h -> {
                  Map<String, Object> item = new LinkedHashMap<>();
                  item.put("AlarmName", h.alarmName());
                  item.put("AlarmType", "MetricAlarm");
                  item.put("Timestamp", h.timestamp());
                  item.put("HistoryItemType", h.type());
                  item.put("HistorySummary", h.summary());
                  item.put("HistoryData", h.data());
                  return item;
                })
            .toList();
    Map<String, Object> out = new LinkedHashMap<>();
    page(items, in, maxRecords(in), "AlarmHistoryItems", out);
    return out;
  }

  private Map<String, Object> setAlarmState(Input in) {
    String alarmName = in.requiredString("AlarmName");
    String stateValue = in.requiredString("StateValue");
    String reason = in.requiredString("StateReason");
    if (reason.length() > MAX_STATE_REASON) {
      throw CloudWatchException.validation(
          "1 validation error detected: Value at 'stateReason' failed to satisfy"
              + " constraint: Member must have length less than or equal to "
              + MAX_STATE_REASON);
    }
    AlarmState state = stateValue(stateValue, "stateValue");
    String reasonData = in.string("StateReasonData").orElse(null);
    if (reasonData != null) {
      if (reasonData.length() > MAX_STATE_REASON_DATA) {
        throw CloudWatchException.validation(
            "1 validation error detected: Value at 'stateReasonData' failed to"
                + " satisfy constraint: Member must have length less than or equal to "
                + MAX_STATE_REASON_DATA);
      }
      try {
        JSON.readTree(reasonData);
      } catch (JsonProcessingException e) {
        throw CloudWatchException.invalidFormat(
            "Unable to parse StateReasonData as JSON: " + e.getOriginalMessage());
      }
    }
    try {
      cloudWatch.setAlarmState(alarmName, state, reason);
    } catch (IllegalArgumentException e) {
      throw CloudWatchException.resourceNotFound(e.getMessage());
    }
    return null;
  }

  private Map<String, Object> setActionsEnabled(Input in, boolean enabled) {
    if (!in.has("AlarmNames")) {
      throw in.missing("AlarmNames");
    }
    List<String> names = in.strings("AlarmNames");
    if (names.size() > 100) {
      throw CloudWatchException.validation(
          "1 validation error detected: Value at 'alarmNames' failed to satisfy"
              + " constraint: Member must have length less than or equal to 100");
    }
    cloudWatch.setAlarmActionsEnabled(names, enabled);
    return null;
  }

  private Map<String, Object> alarm(AlarmDescription a) {
    AlarmDefinition d = a.definition();
    Map<String, Object> alarm = new LinkedHashMap<>();
    alarm.put("AlarmName", d.alarmName());
    alarm.put("AlarmArn", a.alarmArn());
    if (!d.alarmDescription().isEmpty()) {
      alarm.put("AlarmDescription", d.alarmDescription());
    }
    if (a.configurationUpdated() != null) {
      alarm.put("AlarmConfigurationUpdatedTimestamp", a.configurationUpdated());
    }
    alarm.put("ActionsEnabled", d.actionsEnabled());
    alarm.put("OKActions", d.okActions());
    alarm.put("AlarmActions", d.alarmActions());
    alarm.put("InsufficientDataActions", d.insufficientDataActions());
    alarm.put("StateValue", a.state().value().name());
    alarm.put("StateReason", a.state().reason());
    if (a.state().reasonData() != null) {
      alarm.put("StateReasonData", a.state().reasonData());
    }
    alarm.put("StateUpdatedTimestamp", a.state().timestamp());
    alarm.put("MetricName", d.metric().name());
    alarm.put("Namespace", d.metric().namespace());
    alarm.put("Statistic", d.statistic().awsName());
    alarm.put("Dimensions", dimensionList(d.metric()));
    alarm.put("Period", d.periodSeconds());
    alarm.put("EvaluationPeriods", d.evaluationPeriods());
    alarm.put("DatapointsToAlarm", d.datapointsToAlarm());
    alarm.put("Threshold", d.threshold());
    alarm.put("ComparisonOperator", d.comparisonOperator().awsName());
    alarm.put("TreatMissingData", d.treatMissingData().awsName());
    alarm.put("StateTransitionedTimestamp", a.state().timestamp());
    return alarm;
  }

  private static List<String> allActions(AlarmDefinition d) {
    List<String> all = new ArrayList<>(d.alarmActions());
    all.addAll(d.okActions());
    all.addAll(d.insufficientDataActions());
    return all;
  }

  private static AlarmState stateValue(String value, String member) {
    try {
      return AlarmState.valueOf(value);
    } catch (IllegalArgumentException e) {
      throw enumError(value, member, "[INSUFFICIENT_DATA, ALARM, OK]");
    }
  }

  private static CloudWatchException enumError(String value, String member, String values) {
    return CloudWatchException.validation(
        "1 validation error detected: Value '"
            + value
            + "' at '"
            + member
            + "' failed to satisfy constraint: Member must satisfy enum value set: "
            + values);
  }

  // ---- metrics

  private Map<String, Object> getMetricStatistics(Input in) {
    MetricId metric =
        new MetricId(
            in.requiredString("Namespace"), in.requiredString("MetricName"), dimensions(in));
    Instant start = in.requiredInstant("StartTime");
    Instant end = in.requiredInstant("EndTime");
    int period = in.integer("Period").orElseThrow(() -> in.missing("Period"));
    List<String> names = in.strings("Statistics");
    if (!in.strings("ExtendedStatistics").isEmpty()) {
      throw CloudWatchException.invalidParameterValue(
          "ExtendedStatistics (percentiles) are not supported by the"
              + " embedded CloudWatch; it computes SampleCount, Average, Sum, Minimum and Maximum.");
    }
    if (names.isEmpty()) {
      throw CloudWatchException.missingParameter(
          "Must specify either Statistics or ExtendedStatistics.");
    }
    List<Statistic> statistics = new ArrayList<>();
    for (String name : names) {
      statistics.add(statistic(name, "Statistics"));
    }
    List<PeriodStatistics> periods =
        statistics(metric, start, end, period, in.string("Unit").orElse(null));
    String unit = unit(metric);
    List<Map<String, Object>> datapoints = new ArrayList<>();
    for (PeriodStatistics p : periods) {
      Map<String, Object> datapoint = new LinkedHashMap<>();
      datapoint.put("Timestamp", p.timestamp());
      for (Statistic statistic : Statistic.values()) {
        if (statistics.contains(statistic)) {
          datapoint.put(statistic.awsName(), p.value(statistic));
        }
      }
      datapoint.put("Unit", unit);
      datapoints.add(datapoint);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("Label", metric.name());
    out.put("Datapoints", datapoints);
    return out;
  }

  private Map<String, Object> getMetricData(Input in) {
    if (!in.has("MetricDataQueries")) {
      throw in.missing("MetricDataQueries");
    }
    Instant start = in.requiredInstant("StartTime");
    Instant end = in.requiredInstant("EndTime");
    String scanBy = in.string("ScanBy").orElse("TimestampDescending");
    if (!scanBy.equals("TimestampDescending") && !scanBy.equals("TimestampAscending")) {
      throw enumError(scanBy, "scanBy", "[TimestampDescending, TimestampAscending]");
    }
    List<Map<String, Object>> results = new ArrayList<>();
    for (Input query : in.list("MetricDataQueries")) {
      String id = query.requiredString("Id");
      if (query.has("Expression")) {
        throw CloudWatchException.invalidParameterValue(
            "The embedded CloudWatch does not evaluate metric math:"
                + " "
                + query.name("Expression")
                + " is not supported; query with MetricStat.");
      }
      Input stat =
          query
              .object("MetricStat")
              .orElseThrow(
                  () ->
                      CloudWatchException.invalidParameterCombination(
                          "Exactly one of "
                              + query.name("MetricStat")
                              + " and "
                              + query.name("Expression")
                              + " must be set."));
      Input metricInput = stat.object("Metric").orElseThrow(() -> stat.missing("Metric"));
      MetricId metric =
          new MetricId(
              metricInput.requiredString("Namespace"),
              metricInput.requiredString("MetricName"),
              dimensions(metricInput));
      int period = stat.integer("Period").orElseThrow(() -> stat.missing("Period"));
      Statistic statistic = statistic(stat.requiredString("Stat"), stat.name("Stat"));
      List<PeriodStatistics> periods =
          new ArrayList<>(statistics(metric, start, end, period, stat.string("Unit").orElse(null)));
      if (scanBy.equals("TimestampDescending")) {
        java.util.Collections.reverse(periods);
      }
      if (!query.bool("ReturnData").orElse(true)) {
        continue;
      }
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("Id", id);
      result.put("Label", query.string("Label").orElse(metric.name()));
      result.put("Timestamps", periods.stream().map(PeriodStatistics::timestamp).toList());
      result.put("Values", periods.stream().map(p -> p.value(statistic)).toList());
      result.put("StatusCode", "Complete");
      results.add(result);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("MetricDataResults", results);
    out.put("Messages", List.of());
    return out;
  }

  private Map<String, Object> listMetrics(Input in) {
    List<MetricStore.DimensionFilter> filters = new ArrayList<>();
    for (Input filter : in.list("Dimensions")) {
      filters.add(
          new MetricStore.DimensionFilter(
              filter.requiredString("Name"), filter.string("Value").orElse(null)));
    }
    String recentlyActive = in.string("RecentlyActive").orElse(null);
    if (recentlyActive != null && !recentlyActive.equals("PT3H")) {
      throw enumError(recentlyActive, "recentlyActive", "[PT3H]");
    }
    Instant activeSince = cloudWatch.clock().instant().minus(Duration.ofHours(3));
    MetricStore store = cloudWatch.metrics();
    List<Map<String, Object>> metrics =
        store
            .find(
                in.string("Namespace").orElse(null), in.string("MetricName").orElse(null), filters)
            .stream()
            .filter(
                m ->
                    recentlyActive == null
                        || store
                            .latest(m)
                            .map(d -> !d.timestamp().isBefore(activeSince))
                            .orElse(false))
            .map(
                m -> {
                  Map<String, Object> metric = new LinkedHashMap<>();
                  metric.put("Namespace", m.namespace());
                  metric.put("MetricName", m.name());
                  metric.put("Dimensions", dimensionList(m));
                  return metric;
                })
            .toList();
    Map<String, Object> out = new LinkedHashMap<>();
    page(metrics, in, LIST_METRICS_PAGE, "Metrics", out);
    return out;
  }

  private Map<String, Object> putMetricData(Input in) {
    String namespace = in.requiredString("Namespace");
    if (namespace.startsWith("AWS/")) {
      throw CloudWatchException.invalidParameterValue(
          "The value AWS/ for parameter Namespace is invalid.");
    }
    List<Input> data = new ArrayList<>(in.list("MetricData"));
    for (Input entity : in.list("EntityMetricData")) {
      data.addAll(entity.list("MetricData"));
    }
    if (data.size() > 1000) {
      throw CloudWatchException.invalidParameterValue(
          "The collection MetricData must not have a size greater than" + " 1000.");
    }
    Instant now = cloudWatch.clock().instant();
    List<Runnable> puts = new ArrayList<>();
    List<Datapoint> datapoints = new ArrayList<>();
    for (Input datum : data) {
      MetricId metric =
          new MetricId(namespace, datum.requiredString("MetricName"), dimensions(datum));
      Instant timestamp = datum.instant("Timestamp").orElse(now);
      if (timestamp.isBefore(now.minus(PUT_METRIC_DATA_PAST))
          || timestamp.isAfter(now.plus(PUT_METRIC_DATA_FUTURE))) {
        throw CloudWatchException.invalidParameterValue(
            "The parameter "
                + datum.name("Timestamp")
                + " must specify"
                + " a time no more than two weeks in the past and no more than two hours in the future.");
      }
      String unit = datum.string("Unit").orElse("None");
      if (!MetricUnits.isValid(unit)) {
        throw CloudWatchException.invalidParameterValue(
            "The value " + unit + " for parameter " + datum.name("Unit") + " is invalid.");
      }
      StorageResolution resolution;
      try {
        resolution = StorageResolution.ofSeconds(datum.integer("StorageResolution").orElse(60));
      } catch (IllegalArgumentException e) {
        throw CloudWatchException.invalidParameterValue(
            "The parameter " + datum.name("StorageResolution") + " must be 1 or 60.");
      }
      boolean hasValue = datum.has("Value");
      boolean hasSet = datum.has("StatisticValues");
      boolean hasValues = !datum.numbers("Values").isEmpty();
      if ((hasValue ? 1 : 0) + (hasSet ? 1 : 0) + (hasValues ? 1 : 0) > 1) {
        throw CloudWatchException.invalidParameterCombination(
            "The parameters "
                + datum.name("Value")
                + ", "
                + datum.name("StatisticValues")
                + " and "
                + datum.name("Values")
                + " are mutually exclusive and you"
                + " have specified more than one.");
      }
      try {
        if (hasValue) {
          double value = datum.number("Value").orElseThrow();
          datapoints.add(new Datapoint(metric, timestamp, value, unit, resolution));
        } else if (hasSet) {
          Input set = datum.object("StatisticValues").orElseThrow();
          MetricStore.StatisticSet statistics =
              new MetricStore.StatisticSet(
                  Math.round(
                      set.number("SampleCount").orElseThrow(() -> set.missing("SampleCount"))),
                  set.number("Sum").orElseThrow(() -> set.missing("Sum")),
                  set.number("Minimum").orElseThrow(() -> set.missing("Minimum")),
                  set.number("Maximum").orElseThrow(() -> set.missing("Maximum")));
          puts.add(() -> cloudWatch.metrics().put(metric, timestamp, statistics, unit, resolution));
        } else if (hasValues) {
          MetricStore.StatisticSet statistics = aggregate(datum);
          puts.add(() -> cloudWatch.metrics().put(metric, timestamp, statistics, unit, resolution));
        } else {
          throw CloudWatchException.missingParameter(
              "One of "
                  + datum.name("Value")
                  + ", "
                  + datum.name("StatisticValues")
                  + " or "
                  + datum.name("Values")
                  + " must be specified.");
        }
      } catch (IllegalArgumentException e) {
        throw CloudWatchException.invalidParameterValue(
            datum.name("MetricName") + " " + metric.name() + ": " + e.getMessage());
      }
    }
    // all or nothing: every datum is valid before any is stored
    cloudWatch.putMetricData(datapoints);
    puts.forEach(Runnable::run);
    return null;
  }

  private static MetricStore.StatisticSet aggregate(Input datum) {
    List<Double> values = datum.numbers("Values");
    List<Double> counts = datum.numbers("Counts");
    if (!counts.isEmpty() && counts.size() != values.size()) {
      throw CloudWatchException.invalidParameterValue(
          "The parameters "
              + datum.name("Values")
              + " and "
              + datum.name("Counts")
              + " must be of the same size.");
    }
    double samples = 0;
    double sum = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < values.size(); i++) {
      double count = counts.isEmpty() ? 1 : counts.get(i);
      samples += count;
      sum += values.get(i) * count;
      min = Math.min(min, values.get(i));
      max = Math.max(max, values.get(i));
    }
    return new MetricStore.StatisticSet(Math.round(samples), sum, min, max);
  }

  private List<PeriodStatistics> statistics(
      MetricId metric, Instant start, Instant end, int period, String unit) {
    if (!start.isBefore(end)) {
      throw CloudWatchException.invalidParameterValue(
          "The parameter StartTime must be less than the parameter" + " EndTime.");
    }
    if (period <= 0) {
      throw CloudWatchException.invalidParameterValue(
          "The parameter Period must be greater than 0.");
    }
    long requested = Duration.between(start, end).getSeconds() / period;
    if (requested > MAX_DATAPOINTS) {
      throw CloudWatchException.invalidParameterCombination(
          "You have requested up to "
              + requested
              + " datapoints,"
              + " which exceeds the limit of "
              + MAX_DATAPOINTS
              + ". You may reduce the datapoints requested by"
              + " increasing Period, or decreasing the time range.");
    }
    if (unit != null && !unit.equals(unit(metric))) {
      return List.of();
    }
    try {
      return cloudWatch.metrics().statistics(metric, start, end, Duration.ofSeconds(period));
    } catch (IllegalArgumentException e) {
      throw CloudWatchException.invalidParameterValue(
          "The parameter Period must be 1, 5, 10, 20, 30 or a multiple"
              + " of 60, was "
              + period
              + ".");
    }
  }

  private String unit(MetricId metric) {
    return cloudWatch.metrics().latest(metric).map(Datapoint::unit).orElse("None");
  }

  private static Statistic statistic(String name, String member) {
    try {
      return Statistic.fromAwsName(name);
    } catch (IllegalArgumentException e) {
      throw CloudWatchException.invalidParameterValue(
          "The value "
              + name
              + " for parameter "
              + member
              + " is not supported: "
              + e.getMessage());
    }
  }

  private static Map<String, String> dimensions(Input in) {
    Map<String, String> dimensions = new LinkedHashMap<>();
    List<Input> list = in.list("Dimensions");
    if (list.size() > 30) {
      throw CloudWatchException.invalidParameterValue(
          "The collection " + in.name("Dimensions") + " must not have a size greater than 30.");
    }
    for (Input dimension : list) {
      dimensions.put(dimension.requiredString("Name"), dimension.requiredString("Value"));
    }
    return dimensions;
  }

  private static List<Map<String, Object>> dimensionList(MetricId metric) {
    List<Map<String, Object>> list = new ArrayList<>();
    metric
        .dimensions()
        .forEach(
            (name, value) -> {
              Map<String, Object> dimension = new LinkedHashMap<>();
              dimension.put("Name", name);
              dimension.put("Value", value);
              list.add(dimension);
            });
    return list;
  }

  // ---- paging: NextToken is the index of the page's first item

  private static int maxRecords(Input in) {
    int max = in.integer("MaxRecords").orElse(50);
    if (max < 1 || max > 100) {
      throw CloudWatchException.validation(
          "1 validation error detected: Value '"
              + max
              + "' at 'maxRecords' failed"
              + " to satisfy constraint: Member must have value between 1 and 100");
    }
    return max;
  }

  private static void page(
      List<Map<String, Object>> all, Input in, int size, String member, Map<String, Object> out) {
    int from = 0;
    String token = in.string("NextToken").orElse(null);
    if (token != null) {
      try {
        from = Integer.parseInt(token);
      } catch (NumberFormatException e) {
        from = -1;
      }
      if (from < 0 || from > all.size()) {
        throw CloudWatchException.invalidNextToken(
            "The service couldn't process the NextToken '" + token + "'.");
      }
    }
    int to = Math.min(all.size(), from + size);
    out.put(member, all.subList(from, to));
    if (to < all.size()) {
      out.put("NextToken", Integer.toString(to));
    }
  }
}
