package io.s3clean.cloudwatch.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3clean.clock.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LambdaLogWriterTest {
  private static final Instant START = Instant.parse("2026-11-23T10:15:00Z");
  private static final String ID = "8f507cfc-9bd6-4697-b07a-ac58fc914c95";

  private final ManualClock clock = new ManualClock(START);
  private final LogStore store = LogStore.inMemory(clock);

  @Test
  void streamsAreNamedByDateVersionAndEnvironmentAsLambdaNamesThem() {
    String name = LambdaLogWriter.newLogStreamName(clock, "$LATEST", new Random(7));

    assertThat(name).matches("2026/11/23/\\[\\$LATEST\\][0-9a-f]{32}");
    assertThat(LambdaLogWriter.logGroupName("size-tracking"))
        .isEqualTo("/aws/lambda/size-tracking");
  }

  @Test
  void writesStartTheFunctionsLinesEndAndReportAsLambdaDoes() {
    // given
    LambdaLogWriter writer =
        LambdaLogWriter.forNewEnvironment(store, "/aws/lambda/size-tracking", clock, 512);

    // when
    LambdaLogWriter.Invocation invocation = writer.start(ID);
    invocation.log("{\"message\":\"size_tracked\",\"total_size\":46}");
    invocation.end(Duration.ofNanos(12_340_000), 80, Duration.ofMillis(456));
    LambdaLogWriter.Invocation warm = writer.start("second");
    warm.end(Duration.ofMillis(3), 81);

    // then
    assertThat(store.read("/aws/lambda/size-tracking", Instant.EPOCH, m -> true))
        .allSatisfy(e -> assertThat(e.logStream()).isEqualTo(writer.logStreamName()))
        .extracting(LogEvent::message)
        .containsExactly(
            "START RequestId: " + ID + " Version: $LATEST",
            "{\"message\":\"size_tracked\",\"total_size\":46}",
            "END RequestId: " + ID,
            "REPORT RequestId: "
                + ID
                + "\tDuration: 12.34 ms\tBilled Duration: 13 ms"
                + "\tMemory Size: 512 MB\tMax Memory Used: 80 MB\tInit Duration: 456.00 ms\t",
            "START RequestId: second Version: $LATEST",
            "END RequestId: second",
            "REPORT RequestId: second\tDuration: 3.00 ms\tBilled Duration: 3 ms"
                + "\tMemory Size: 512 MB\tMax Memory Used: 81 MB\t");
  }

  @Test
  void aCopyOfOneInvocationsLinesIsWhatInvokeTailsFrom() {
    // given
    LambdaLogWriter writer =
        LambdaLogWriter.forNewEnvironment(store, "/aws/lambda/plotting", clock, 1024);
    writer.start("before").end(Duration.ofMillis(1), 80);
    java.util.List<String> copied = new java.util.ArrayList<>();

    // when
    LambdaLogWriter.Invocation invocation = writer.start(ID, copied::add);
    invocation.log("drawn");
    invocation.end(Duration.ofMillis(2), 90);

    // then only this invocation's lines, START to REPORT, as the store has them
    assertThat(copied)
        .containsExactly(
            "START RequestId: " + ID + " Version: $LATEST",
            "drawn",
            "END RequestId: " + ID,
            "REPORT RequestId: "
                + ID
                + "\tDuration: 2.00 ms\tBilled Duration: 2 ms"
                + "\tMemory Size: 1024 MB\tMax Memory Used: 90 MB\t");
    assertThat(store.read("/aws/lambda/plotting", Instant.EPOCH, m -> true)).hasSize(7);
  }
}
