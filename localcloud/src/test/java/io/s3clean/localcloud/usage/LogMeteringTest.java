package io.s3clean.localcloud.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3clean.cloudwatch.logs.LogEvent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LogMeteringTest {
  @Test
  void theSizeOfALineIsItsUtf8SizeWhateverItsCharacters() {
    for (String text :
        new String[] {
          "", "plain ascii", "größe", "総サイズ", "emoji 😀 and more 𝄞", "{\"k\":\"é\"}"
        }) {
      assertThat(EndpointMetering.utf8Length(text))
          .as(text)
          .isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
    }
  }

  @Test
  void aReportLineCountsAnInvocationAndItsBilledGigabyteSeconds() {
    UsageMeter meter = new UsageMeter(Clock.systemUTC());
    LogMetering metering = new LogMetering(meter, true);

    String report =
        "REPORT RequestId: 1\tDuration: 99.50 ms\tBilled Duration: 100 ms\tMemory Size: 512 MB\t"
            + "Max Memory Used: 80 MB\t";
    String line = "a line of the handler";
    metering.accept(new LogEvent("/aws/lambda/f", "s", Instant.now(), report));
    metering.accept(new LogEvent("/aws/lambda/f", "s", Instant.now(), line));

    Usage usage = meter.snapshot();
    assertThat(usage.quantity("lambda", "f", UsageMeter.INVOCATIONS, UsageMeter.Payer.STACK))
        .isEqualTo(1);
    assertThat(usage.quantity("lambda", "f", UsageMeter.GB_SECONDS, UsageMeter.Payer.STACK))
        .isEqualTo(0.05);
    assertThat(
            usage.quantity(
                "logs", "/aws/lambda/f", UsageMeter.BYTES_INGESTED, UsageMeter.Payer.STACK))
        .isEqualTo(report.length() + line.length());
  }
}
