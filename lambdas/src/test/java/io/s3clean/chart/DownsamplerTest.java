package io.s3clean.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DownsamplerTest {
  private static final Instant EPOCH = Instant.parse("2026-11-23T10:00:00Z");

  /** With points spanning exactly [0, 1000) ms, ten columns are 100 ms wide each. */
  private static final int COLUMNS = 10;

  @Test
  void returnsTheInputItselfWhenNoColumnHoldsMoreThanFourPoints() {
    // given: four points in each of the ten columns
    List<HistoryPoint> points = new ArrayList<>();
    for (int column = 0; column < COLUMNS; column++) {
      for (int k = 0; k < 4; k++) {
        points.add(point(column * 100 + k * 33, column * 10 + k));
      }
    }

    // when
    List<HistoryPoint> result = Downsampler.perColumn(points, COLUMNS);

    // then
    assertThat(result).isSameAs(points);
  }

  @Test
  void returnsTinyAndEmptyInputsUnchanged() {
    assertThat(Downsampler.perColumn(List.of(), 1)).isEmpty();
    List<HistoryPoint> three = List.of(point(0, 5), point(0, 7), point(0, 1));
    assertThat(Downsampler.perColumn(three, 1)).isSameAs(three);
  }

  @Test
  void keepsFirstLowestHighestAndLastOfEachColumnInTimeOrder() {
    // given: one crowded column: 10, 3 (min), 8, 40 (max), 9, 12 (last)
    List<HistoryPoint> points =
        List.of(
            point(0, 10), point(10, 3), point(20, 8), point(30, 40), point(40, 9), point(999, 12));

    // when: a single column covers everything
    List<HistoryPoint> result = Downsampler.perColumn(points, 1);

    // then
    assertThat(result).containsExactly(point(0, 10), point(10, 3), point(30, 40), point(999, 12));
  }

  @Test
  void keepsTheHighestBeforeTheLowestWhenItCameFirst() {
    List<HistoryPoint> points =
        List.of(
            point(0, 10), point(10, 50), point(20, 8), point(30, 1), point(40, 9), point(999, 12));

    assertThat(Downsampler.perColumn(points, 1))
        .containsExactly(point(0, 10), point(10, 50), point(30, 1), point(999, 12));
  }

  @Test
  void keepsOnlyTheEndsOfAColumnWhoseEndsAreItsExtremes() {
    List<HistoryPoint> rising =
        List.of(point(0, 1), point(10, 2), point(20, 3), point(30, 4), point(999, 5));

    assertThat(Downsampler.perColumn(rising, 1)).containsExactly(point(0, 1), point(999, 5));
  }

  @Test
  void aFlatColumnShrinksToItsFirstAndLastPoint() {
    List<HistoryPoint> flat = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      flat.add(point(i * 10, 7));
    }

    assertThat(Downsampler.perColumn(flat, 1)).containsExactly(point(0, 7), point(990, 7));
  }

  @Test
  void onManyRandomPointsKeepsEveryColumnsExtremesAndEndsAndNeverMoreThanFour() {
    // given: random sizes at random times spanning exactly [0, 1000) ms
    Random random = new Random(20261123);
    List<HistoryPoint> points = new ArrayList<>();
    points.add(point(0, random.nextInt(1_000_000)));
    for (int i = 0; i < 200_000; i++) {
      points.add(point(1 + random.nextInt(998), random.nextInt(1_000_000)));
    }
    points.add(point(999, random.nextInt(1_000_000)));
    points.sort(Comparator.comparing(HistoryPoint::time));

    // when
    List<HistoryPoint> result = Downsampler.perColumn(points, COLUMNS);

    // then
    assertThat(result).isSortedAccordingTo(Comparator.comparing(HistoryPoint::time));
    assertThat(result.get(0)).isSameAs(points.get(0));
    assertThat(result.get(result.size() - 1)).isSameAs(points.get(points.size() - 1));
    Map<Long, List<HistoryPoint>> before = byColumn(points);
    Map<Long, List<HistoryPoint>> after = byColumn(result);
    assertThat(after.keySet()).isEqualTo(before.keySet());
    before.forEach(
        (column, original) -> {
          List<HistoryPoint> kept = after.get(column);
          assertThat(kept).as("column %d", column).hasSizeLessThanOrEqualTo(4);
          assertThat(kept.get(0)).isSameAs(original.get(0));
          assertThat(kept.get(kept.size() - 1)).isSameAs(original.get(original.size() - 1));
          assertThat(sizes(kept).getMin()).isEqualTo(sizes(original).getMin());
          assertThat(sizes(kept).getMax()).isEqualTo(sizes(original).getMax());
        });
  }

  @Test
  void refusesPointsOutOfTimeOrder() {
    List<HistoryPoint> shuffled = List.of(point(10, 1), point(0, 2));

    assertThatIllegalArgumentException()
        .isThrownBy(() -> Downsampler.perColumn(shuffled, 5))
        .withMessageContaining("time order");
  }

  @Test
  void refusesAPlotWithoutColumns() {
    assertThatIllegalArgumentException().isThrownBy(() -> Downsampler.perColumn(List.of(), 0));
  }

  private static HistoryPoint point(long millis, long size) {
    return new HistoryPoint(EPOCH.plusMillis(millis), size);
  }

  private static Map<Long, List<HistoryPoint>> byColumn(List<HistoryPoint> points) {
    return points.stream()
        .collect(
            Collectors.groupingBy(
                p -> (p.time().toEpochMilli() - EPOCH.toEpochMilli()) / 100,
                TreeMap::new,
                Collectors.toList()));
  }

  private static LongSummaryStatistics sizes(List<HistoryPoint> points) {
    return points.stream().mapToLong(HistoryPoint::totalSize).summaryStatistics();
  }
}
