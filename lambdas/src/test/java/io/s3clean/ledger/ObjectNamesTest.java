package io.s3clean.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectNamesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {"a.txt", "_a", "__a", "___a", "__STATE__", "___STATE__", "_", "__", "dir/__x"})
  void everyKeyRoundTripsAndNoneBecomesTheStateRow(String key) {
    String name = ObjectNames.toObjectName(key);

    assertThat(name).isNotEqualTo(ObjectNames.STATE_ROW);
    assertThat(ObjectNames.toKey(name)).isEqualTo(key);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a.txt", "_a", "dir/__x"})
  void ordinaryKeysAreStoredAsTheyAre(String key) {
    assertThat(ObjectNames.toObjectName(key)).isEqualTo(key);
  }

  @org.junit.jupiter.api.Test
  void theStateRowIsNotAnObject() {
    assertThatThrownBy(() -> ObjectNames.toKey(ObjectNames.STATE_ROW))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
