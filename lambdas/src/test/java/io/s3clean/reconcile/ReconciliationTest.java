package io.s3clean.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3clean.event.VersionedKey;
import io.s3clean.reconcile.Reconciliation.Difference;
import io.s3clean.reconcile.Reconciliation.Kind;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ReconciliationTest {

  @Test
  void aBucketAndALedgerWithTheSameKeysAndSizesAgree() {
    Reconciliation result =
        Reconciliation.compare(
            unversioned(Map.of("a", 1L, "b", 0L)), unversioned(Map.of("b", 0L, "a", 1L)));

    assertThat(result.agrees()).isTrue();
    assertThat(result.bucketBytes()).isEqualTo(1);
    assertThat(result.ledgerBytes()).isEqualTo(1);
  }

  @Test
  void namesEveryKindOfDifferenceInKeyOrderWithTheDeltaThatWouldRepairIt() {
    Reconciliation result =
        Reconciliation.compare(
            unversioned(Map.of("only-in-bucket", 7L, "resized", 10L, "same", 3L)),
            unversioned(Map.of("only-in-ledger", 5L, "resized", 4L, "same", 3L)));

    assertThat(result.differences())
        .containsExactly(
            new Difference(
                VersionedKey.of("only-in-bucket"),
                Kind.MISSING_IN_LEDGER,
                OptionalLong.of(7),
                OptionalLong.empty()),
            new Difference(
                VersionedKey.of("only-in-ledger"),
                Kind.MISSING_IN_BUCKET,
                OptionalLong.empty(),
                OptionalLong.of(5)),
            new Difference(
                VersionedKey.of("resized"),
                Kind.SIZE_DIFFERS,
                OptionalLong.of(10),
                OptionalLong.of(4)));
    assertThat(result.differences()).extracting(Difference::delta).containsExactly(7L, -5L, 6L);
    assertThat(result.bucketBytes() - result.ledgerBytes())
        .isEqualTo(result.differences().stream().mapToLong(Difference::delta).sum());
  }

  @Test
  void aZeroByteObjectIsStillAnObject() {
    Reconciliation result =
        Reconciliation.compare(unversioned(Map.of("empty", 0L)), unversioned(Map.of()));

    assertThat(result.differences())
        .extracting(Difference::kind)
        .containsExactly(Kind.MISSING_IN_LEDGER);
    assertThat(result.bucketBytes()).isZero();
  }

  @Test
  void sumsPetabyteBucketsWithoutOverflow() {
    long fiveTerabytes = 5L << 40;
    Reconciliation result =
        Reconciliation.compare(
            unversioned(Map.of("x", fiveTerabytes, "y", fiveTerabytes)),
            unversioned(Map.of("x", fiveTerabytes, "y", fiveTerabytes)));

    assertThat(result.bucketBytes()).isEqualTo(10L << 40);
    assertThat(result.agrees()).isTrue();
  }

  /** An unversioned bucket's objects: each key's null version. */
  private static <V> Map<VersionedKey, V> unversioned(Map<String, V> byKey) {
    Map<VersionedKey, V> versions = new java.util.TreeMap<>();
    byKey.forEach((key, value) -> versions.put(VersionedKey.of(key), value));
    return versions;
  }
}
