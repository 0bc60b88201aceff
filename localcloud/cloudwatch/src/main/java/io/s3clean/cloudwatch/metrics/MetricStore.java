package io.s3clean.cloudwatch.metrics;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Metric datapoints kept the way CloudWatch keeps them: aggregated per storage slot, one minute for
 * standard-resolution metrics and one second for high-resolution ones, and queried as statistics
 * per period aligned to the epoch. A standard datapoint at 10:16:45 therefore belongs to the
 * 10:16:00 minute whatever the query period.
 */
public final class MetricStore {
  private final Map<MetricId, NavigableMap<Instant, PeriodStatistics>> slots = new HashMap<>();
  private final Map<MetricId, Datapoint> latest = new HashMap<>();
  private final Map<MetricId, StorageResolution> finest = new HashMap<>();

  public synchronized void put(Datapoint datapoint) {
    Instant slot = truncate(datapoint.timestamp(), datapoint.resolution());
    slots
        .computeIfAbsent(datapoint.metric(), id -> new TreeMap<>())
        .merge(
            slot,
            PeriodStatistics.of(slot, datapoint.value()),
            (existing, added) -> existing.plus(datapoint.value()));
    remember(datapoint);
  }

  /**
   * PutMetricData with StatisticValues (or Values and Counts): values aggregated by the publisher,
   * merged into the slot as they are. The metric's latest datapoint becomes their average.
   */
  public synchronized void put(
      MetricId metric,
      Instant timestamp,
      StatisticSet statistics,
      String unit,
      StorageResolution resolution) {
    Instant slot = truncate(timestamp, resolution);
    PeriodStatistics added =
        new PeriodStatistics(
            slot,
            statistics.sampleCount(),
            statistics.sum(),
            statistics.minimum(),
            statistics.maximum());
    slots.computeIfAbsent(metric, id -> new TreeMap<>()).merge(slot, added, MetricStore::combine);
    remember(
        new Datapoint(
            metric, timestamp, statistics.sum() / statistics.sampleCount(), unit, resolution));
  }

  private void remember(Datapoint datapoint) {
    latest.merge(
        datapoint.metric(),
        datapoint,
        (old, now) -> now.timestamp().isBefore(old.timestamp()) ? old : now);
    if (datapoint.resolution() == StorageResolution.HIGH) {
      finest.put(datapoint.metric(), StorageResolution.HIGH);
    } else {
      finest.putIfAbsent(datapoint.metric(), StorageResolution.STANDARD);
    }
  }

  public void putAll(Collection<Datapoint> datapoints) {
    datapoints.forEach(this::put);
  }

  public synchronized List<MetricId> metrics() {
    return List.copyOf(slots.keySet());
  }

  /**
   * ListMetrics: the metrics that match a namespace and a name (null for any) and every dimension
   * filter (a name, and a value unless null), sorted by namespace, name and dimensions (fewest
   * first).
   */
  public synchronized List<MetricId> find(
      String namespace, String name, List<DimensionFilter> dimensions) {
    return slots.keySet().stream()
        .filter(m -> namespace == null || m.namespace().equals(namespace))
        .filter(m -> name == null || m.name().equals(name))
        .filter(m -> dimensions.stream().allMatch(f -> f.matches(m)))
        .sorted(
            java.util.Comparator.comparing(MetricId::namespace)
                .thenComparing(MetricId::name)
                .thenComparingInt(m -> m.dimensions().size())
                .thenComparing(m -> m.dimensions().toString()))
        .toList();
  }

  /**
   * A ListMetrics dimension filter: the metric has dimension {@code name}, with {@code value} if
   * set.
   */
  public record DimensionFilter(String name, String value) {
    public DimensionFilter {
      java.util.Objects.requireNonNull(name, "name");
    }

    boolean matches(MetricId metric) {
      String actual = metric.dimensions().get(name);
      return actual != null && (value == null || value.equals(actual));
    }
  }

  /** Publisher-aggregated values: PutMetricData's StatisticValues. */
  public record StatisticSet(long sampleCount, double sum, double minimum, double maximum) {
    public StatisticSet {
      if (sampleCount < 1) {
        throw new IllegalArgumentException("SampleCount must be at least 1, was " + sampleCount);
      }
      if (!(Double.isFinite(sum) && Double.isFinite(minimum) && Double.isFinite(maximum))) {
        throw new IllegalArgumentException("Sum, Minimum and Maximum must be finite numbers");
      }
      if (minimum > maximum) {
        throw new IllegalArgumentException(
            "Minimum (" + minimum + ") must not exceed Maximum (" + maximum + ")");
      }
    }
  }

  /** The most recent datapoint published to {@code metric} (by its timestamp). */
  public synchronized Optional<Datapoint> latest(MetricId metric) {
    return Optional.ofNullable(latest.get(metric));
  }

  /** HIGH once any high-resolution datapoint was published to {@code metric}. */
  public synchronized Optional<StorageResolution> resolution(MetricId metric) {
    return Optional.ofNullable(finest.get(metric));
  }

  /**
   * The statistics of each period in {@code [start, end)} that has data; periods start at multiples
   * of {@code period} since the epoch, as CloudWatch aligns them.
   */
  public synchronized List<PeriodStatistics> statistics(
      MetricId metric, Instant start, Instant end, Duration period) {
    long periodSeconds = validPeriod(period);
    NavigableMap<Instant, PeriodStatistics> stored = slots.get(metric);
    if (stored == null || !start.isBefore(end)) {
      return List.of();
    }
    Map<Instant, PeriodStatistics> periods = new LinkedHashMap<>();
    for (PeriodStatistics slot : stored.subMap(start, true, end, false).values()) {
      Instant periodStart = alignDown(slot.timestamp(), periodSeconds);
      periods.merge(
          periodStart,
          new PeriodStatistics(
              periodStart, slot.sampleCount(), slot.sum(), slot.minimum(), slot.maximum()),
          MetricStore::combine);
    }
    return new ArrayList<>(periods.values());
  }

  /** One statistic per period with data, oldest first. */
  public List<StatisticValue> statistic(
      MetricId metric, Instant start, Instant end, Duration period, Statistic statistic) {
    return statistics(metric, start, end, period).stream()
        .map(p -> new StatisticValue(p.timestamp(), p.value(statistic), p.sampleCount()))
        .toList();
  }

  /** A statistic's value for the period starting at {@code timestamp}. */
  public record StatisticValue(Instant timestamp, double value, long sampleCount) {}

  /** The period start at or before {@code instant}, on a multiple of the period since the epoch. */
  public static Instant alignDown(Instant instant, long periodSeconds) {
    return Instant.ofEpochSecond(
        Math.floorDiv(instant.getEpochSecond(), periodSeconds) * periodSeconds);
  }

  private static PeriodStatistics combine(PeriodStatistics a, PeriodStatistics b) {
    return new PeriodStatistics(
        a.timestamp(),
        a.sampleCount() + b.sampleCount(),
        a.sum() + b.sum(),
        Math.min(a.minimum(), b.minimum()),
        Math.max(a.maximum(), b.maximum()));
  }

  private static Instant truncate(Instant timestamp, StorageResolution resolution) {
    return resolution == StorageResolution.HIGH
        ? timestamp.truncatedTo(ChronoUnit.SECONDS)
        : timestamp.truncatedTo(ChronoUnit.MINUTES);
  }

  // GetMetricStatistics: 1, 5, 10, 20, 30 or a multiple of 60 seconds.
  private static long validPeriod(Duration period) {
    long seconds = period.getSeconds();
    boolean valid =
        period.getNano() == 0
            && seconds > 0
            && (seconds % 60 == 0 || List.of(1L, 5L, 10L, 20L, 30L).contains(seconds));
    if (!valid) {
      throw new IllegalArgumentException(
          "a statistics period is 1, 5, 10, 20, 30 or a multiple of 60 seconds, was " + period);
    }
    return seconds;
  }
}
