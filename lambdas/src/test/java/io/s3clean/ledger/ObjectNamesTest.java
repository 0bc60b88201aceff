package io.s3clean.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
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

  @ParameterizedTest
  @ValueSource(
      strings = {"a.txt", "__a", "___a", "__v3:abc", "__STATE__", "_", "", "12:34/k", "__v"})
  void everyVersionOfEveryKeyHasItsOwnName(String key) {
    List<io.s3clean.event.VersionedKey> versions =
        List.of(
            new io.s3clean.event.VersionedKey(key, null),
            new io.s3clean.event.VersionedKey(key, "v1"),
            new io.s3clean.event.VersionedKey(key, "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY"),
            new io.s3clean.event.VersionedKey(key, "12:3"),
            new io.s3clean.event.VersionedKey("_" + key, "2:3"));
    java.util.Set<String> names = new java.util.HashSet<>();
    for (io.s3clean.event.VersionedKey version : versions) {
      String name = ObjectNames.toObjectName(version);
      assertThat(name).isNotEqualTo(ObjectNames.STATE_ROW);
      assertThat(ObjectNames.toVersionedKey(name)).isEqualTo(version);
      names.add(name);
    }
    assertThat(names).hasSize(versions.size());
  }

  @org.junit.jupiter.api.Test
  void theNullVersionIsStoredUnderItsKeyAsBefore() {
    assertThat(ObjectNames.toObjectName(new io.s3clean.event.VersionedKey("a.txt", "null")))
        .isEqualTo("a.txt");
  }

  @org.junit.jupiter.api.Test
  void aNameTooLongForDynamoDbIsAHashOfItsKeyAndVersion() {
    String longKey = "k".repeat(1020);
    String plain = ObjectNames.toObjectName(io.s3clean.event.VersionedKey.of(longKey));
    String first = ObjectNames.toObjectName(new io.s3clean.event.VersionedKey(longKey, "v1"));
    String second = ObjectNames.toObjectName(new io.s3clean.event.VersionedKey(longKey, "v2"));

    assertThat(plain).isEqualTo(longKey);
    assertThat(first).startsWith("__h").hasSizeLessThan(64).isNotEqualTo(second);
    assertThat(ObjectNames.isHashed(first)).isTrue();
    assertThat(ObjectNames.isHashed(ObjectNames.toObjectName("__h" + longKey))).isFalse();
    assertThatThrownBy(() -> ObjectNames.toVersionedKey(first))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @org.junit.jupiter.api.Test
  void theStateRowIsNotAnObject() {
    assertThatThrownBy(() -> ObjectNames.toKey(ObjectNames.STATE_ROW))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
