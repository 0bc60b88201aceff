package io.s3clean.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {
  @Test
  void readsTheShortFormsAndIso() {
    assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(DurationConverter.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(DurationConverter.parse("10m")).isEqualTo(Duration.ofMinutes(10));
    assertThat(DurationConverter.parse("2H")).isEqualTo(Duration.ofHours(2));
    assertThat(DurationConverter.parse("1d")).isEqualTo(Duration.ofDays(1));
    assertThat(DurationConverter.parse("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void writesWhatItReadsBack() {
    for (String text : new String[] {"250ms", "0s", "90s", "10m", "2h"}) {
      assertThat(DurationConverter.format(DurationConverter.parse(text))).isEqualTo(text);
    }
  }

  @Test
  void refusesWhatIsNotADuration() {
    assertThatThrownBy(() -> DurationConverter.parse("-5s"))
        .isInstanceOf(TypeConversionException.class)
        .hasMessage("'-5s' is not a duration such as 30s, 10m, 2h or 1d");
  }
}
