package io.s3clean.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SequencerTest {

  @ParameterizedTest(name = "{0} is newer than {1}")
  @CsvSource({
    "0055AED6DCD90281E6, 0055AED6DCD90281E5",
    // the S3 user guide: pad the shorter one with zeros on the right, then compare as strings
    "0055AED6DCD90281E5, 0055AED6DCD90281",
    "0055AED6DCD9028200, 0055AED6DCD90281E5",
    "1, 0FFFFFFFFFFFFFFFFF",
    "0055aed6dcd90281e6, 0055AED6DCD90281E5",
  })
  void ordersAsTheS3UserGuideSays(String newer, String older) {
    assertThat(Sequencer.parse(newer).isNewerThan(Sequencer.parse(older))).isTrue();
    assertThat(Sequencer.parse(older).isNewerThan(Sequencer.parse(newer))).isFalse();
  }

  @Test
  void rightPaddingMakesTrailingZerosInsignificant() {
    assertThat(Sequencer.parse("0055AED6DCD90281"))
        .isEqualTo(Sequencer.parse("0055AED6DCD9028100"));
  }

  @Test
  void normalizedFormComparesLikeThePaddedStrings() {
    assertThat(Sequencer.parse("ab").normalized()).startsWith("AB000").hasSize(Sequencer.WIDTH);
  }

  @ParameterizedTest
  @CsvSource(value = {"''", "xyz", "12 34", "0x12"})
  void rejectsWhatIsNotAHexSequencer(String raw) {
    assertThatThrownBy(() -> Sequencer.parse(raw))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageContaining("sequencer");
  }

  @Test
  void rejectsASequencerLongerThanTheStoredWidth() {
    assertThatThrownBy(() -> Sequencer.parse("A".repeat(Sequencer.WIDTH + 1)))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageContaining("at most 64");
  }
}
