package io.s3clean.cloudwatch.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MetricStoreTest {
  private static final MetricId TOTAL = MetricId.of("S3Clean", "CurrentTotalSize");
  private static final Instant MINUTE = Instant.parse("2026-11-23T10:16:00Z");
  private static final Duration ONE_MINUTE = Duration.ofMinutes(1);

  private final MetricStore store = new MetricStore();

  private void publish(String at, double value, StorageResolution resolution) {
    store.put(new Datapoint(TOTAL, Instant.parse(at), value, "None", resolution));
  }

  @Test
  void totals18And46And18InOneMinuteGiveMaximum46() {
    // given
    publish("2026-11-23T10:16:05Z", 18, StorageResolution.STANDARD);
    publish("2026-11-23T10:16:20Z", 46, StorageResolution.STANDARD);
    publish("2026-11-23T10:16:50Z", 18, StorageResolution.STANDARD);

    // when
    List<PeriodStatistics> periods =
        store.statistics(TOTAL, MINUTE, MINUTE.plus(ONE_MINUTE), ONE_MINUTE);

    // then
    assertThat(periods)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.timestamp()).isEqualTo(MINUTE);
              assertThat(p.value(Statistic.SAMPLE_COUNT)).isEqualTo(3);
              assertThat(p.value(Statistic.SUM)).isEqualTo(82);
              assertThat(p.value(Statistic.MINIMUM)).isEqualTo(18);
              assertThat(p.value(Statistic.MAXIMUM)).isEqualTo(46);
              assertThat(p.value(Statistic.AVERAGE)).isCloseTo(27.333, within(0.001));
            });
  }

  @ParameterizedTest(name = "{0} with period {1}s lands in the period starting {2}")
  @CsvSource({
    "2026-11-23T10:16:59Z, 60, 2026-11-23T10:16:00Z, STANDARD",
    "2026-11-23T10:17:00Z, 60, 2026-11-23T10:17:00Z, STANDARD",
    "2026-11-23T10:16:59Z, 300, 2026-11-23T10:15:00Z, STANDARD",
    // standard metrics are stored per minute, so a 10 s query sees them at the minute's start
    "2026-11-23T10:16:45Z, 10, 2026-11-23T10:16:00Z, STANDARD",
    "2026-11-23T10:16:45Z, 10, 2026-11-23T10:16:40Z, HIGH",
    "2026-11-23T10:16:45.900Z, 1, 2026-11-23T10:16:45Z, HIGH",
  })
  void periodsAreAlignedToTheEpochAfterStorageGranularity(
      String at, int periodSeconds, String periodStart, StorageResolution resolution) {
    publish(at, 1, resolution);

    List<PeriodStatistics> periods =
        store.statistics(
            TOTAL,
            MINUTE.minus(Duration.ofHours(1)),
            MINUTE.plus(Duration.ofHours(1)),
            Duration.ofSeconds(periodSeconds));

    assertThat(periods)
        .extracting(PeriodStatistics::timestamp)
        .containsExactly(Instant.parse(periodStart));
  }

  @Test
  void startIsInclusiveAndEndExclusive() {
    publish("2026-11-23T10:16:00Z", 1, StorageResolution.STANDARD);
    publish("2026-11-23T10:17:00Z", 2, StorageResolution.STANDARD);

    assertThat(
            store.statistic(TOTAL, MINUTE, MINUTE.plus(ONE_MINUTE), ONE_MINUTE, Statistic.MAXIMUM))
        .extracting(MetricStore.StatisticValue::value)
        .containsExactly(1.0);
  }

  @Test
  void dimensionsArePartOfTheMetricsIdentity() {
    store.put(
        Datapoint.standard(
            new MetricId("S3Clean", "CurrentTotalSize", Map.of("Bucket", "b")), MINUTE, 7));

    assertThat(store.statistics(TOTAL, MINUTE, MINUTE.plus(ONE_MINUTE), ONE_MINUTE)).isEmpty();
    assertThat(store.metrics()).hasSize(1);
  }

  @Test
  void remembersTheLatestDatapointAndTheFinestResolution() {
    publish("2026-11-23T10:16:20Z", 46, StorageResolution.STANDARD);
    publish("2026-11-23T10:16:05Z", 18, StorageResolution.HIGH);

    assertThat(store.latest(TOTAL)).get().extracting(Datapoint::value).isEqualTo(46.0);
    assertThat(store.resolution(TOTAL)).contains(StorageResolution.HIGH);
  }

  @ParameterizedTest
  @CsvSource({"0", "7", "45", "90"})
  void rejectsPeriodsCloudWatchDoesNotOffer(int seconds) {
    assertThatThrownBy(
            () ->
                store.statistics(
                    TOTAL, MINUTE, MINUTE.plusSeconds(600), Duration.ofSeconds(seconds)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("multiple of 60");
  }

  @Test
  void statisticValuesMergeIntoTheSlotWithTheDatapointsAlreadyThere() {
    // given one value and then a publisher's aggregate in the same minute
    publish("2026-11-23T10:16:05Z", 18, StorageResolution.STANDARD);
    store.put(
        TOTAL,
        Instant.parse("2026-11-23T10:16:30Z"),
        new MetricStore.StatisticSet(3, 90, 10, 50),
        "Bytes",
        StorageResolution.STANDARD);

    // when
    List<PeriodStatistics> periods =
        store.statistics(TOTAL, MINUTE, MINUTE.plus(ONE_MINUTE), ONE_MINUTE);

    // then
    assertThat(periods)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.sampleCount()).isEqualTo(4);
              assertThat(p.sum()).isEqualTo(108);
              assertThat(p.minimum()).isEqualTo(10);
              assertThat(p.maximum()).isEqualTo(50);
            });
    assertThat(store.latest(TOTAL))
        .get()
        .satisfies(
            d -> {
              assertThat(d.value()).isEqualTo(30);
              assertThat(d.unit()).isEqualTo("Bytes");
            });
  }

  @Test
  void aStatisticSetWithMinimumAboveMaximumIsRefused() {
    assertThatThrownBy(() -> new MetricStore.StatisticSet(1, 5, 6, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Minimum");
    assertThatThrownBy(() -> new MetricStore.StatisticSet(0, 5, 4, 6))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SampleCount");
  }

  @Test
  void findFiltersByNamespaceNameAndDimensionsWithOrWithoutValue() {
    // given
    MetricId bucketA = new MetricId("S3Clean", "CurrentTotalSize", Map.of("BucketName", "a"));
    MetricId bucketB = new MetricId("S3Clean", "CurrentTotalSize", Map.of("BucketName", "b"));
    MetricId other = MetricId.of("Other", "Errors");
    for (MetricId id : List.of(other, bucketB, bucketA, TOTAL)) {
      store.put(Datapoint.standard(id, MINUTE, 1));
    }

    // then
    assertThat(store.find(null, null, List.of())).containsExactly(other, TOTAL, bucketA, bucketB);
    assertThat(
            store.find(
                "S3Clean",
                "CurrentTotalSize",
                List.of(new MetricStore.DimensionFilter("BucketName", null))))
        .containsExactly(bucketA, bucketB);
    assertThat(store.find(null, null, List.of(new MetricStore.DimensionFilter("BucketName", "b"))))
        .containsExactly(bucketB);
    assertThat(store.find("Other", "CurrentTotalSize", List.of())).isEmpty();
  }
}
