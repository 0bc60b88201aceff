package io.s3clean.chart;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ByteUnitTest {
  @ParameterizedTest
  @CsvSource({
    "0, 0 B",
    "46, 46 B",
    "1023, '1,023 B'",
    "1024, 1 KiB",
    "1536, 1.5 KiB",
    "20971520, 20 MiB",
    "3221225472, 3 GiB",
    "1099511627776, 1 TiB",
  })
  void formatsInTheLargestUnitThatKeepsTheValueAtLeastOne(long bytes, String expected) {
    assertThat(ByteUnit.format(bytes)).isEqualTo(expected);
  }
}
