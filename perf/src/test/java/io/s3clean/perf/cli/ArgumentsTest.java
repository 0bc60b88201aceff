package io.s3clean.perf.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArgumentsTest {

  @Test
  void absentArgumentsTakeTheirDefaultsAndUnderscoresGroupDigits() {
    Arguments arguments = new Arguments("soak", "[events] [seed]", "100_000");

    assertThat(arguments.number(0, "events", 1, 10_000_000, 5)).isEqualTo(100_000);
    assertThat(arguments.number(1, "seed", Long.MIN_VALUE, Long.MAX_VALUE, 8)).isEqualTo(8);
  }

  @ParameterizedTest(name = "soak {0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      abc       | soak: events must be a whole number, not 'abc'
      0         | soak: events must be at least 1, not 0
      2.5       | soak: events must be a whole number, not '2.5'
      20000000  | soak: events must be at most 10000000, not 20000000
      """)
  void aBadValueIsOneLineNamingWhatItTakes(String value, String message) {
    Arguments arguments = new Arguments("soak", "[events] [seed]", value);

    assertThatThrownBy(() -> arguments.number(0, "events", 1, 10_000_000, 100_000))
        .isInstanceOf(Arguments.BadArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void aWordArgumentIsOneOfItsChoicesOrItsDefault() {
    Arguments versioned = new Arguments("soak", "[events] [seed] [profile]", "1", "2", "versioned");
    Arguments none = new Arguments("soak", "[events] [seed] [profile]");
    Arguments typo = new Arguments("soak", "[events] [seed] [profile]", "1", "2", "versoined");
    java.util.List<String> profiles = java.util.List.of("standard", "versioned");

    assertThat(versioned.choice(2, "profile", profiles, "standard")).isEqualTo("versioned");
    assertThat(none.choice(2, "profile", profiles, "standard")).isEqualTo("standard");
    assertThatThrownBy(() -> typo.choice(2, "profile", profiles, "standard"))
        .isInstanceOf(Arguments.BadArgumentException.class)
        .hasMessage("soak: profile must be one of standard, versioned, not 'versoined'");
  }

  @Test
  void moreArgumentsThanTheUsageTakesAreRefused() {
    assertThatThrownBy(() -> new Arguments("bench", "[events per burst] [runs]", "1", "2", "3"))
        .hasMessage("bench: too many arguments; usage: bench [events per burst] [runs]");
  }
}
