package io.s3clean.perf.soak;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The soak's CI profile: issue 8's faults at full rates over 2,000 events (-Dsoak.events for more);
 * scripts/soak runs the full 100,000.
 */
class SoakTest {
  private static final int EVENTS = Integer.getInteger("soak.events", 2_000);

  @Test
  void underDuplicatesReorderingCrashesAndThrottlingTheLedgerMatchesTheBucketAndNothingIsLost()
      throws Exception {
    SoakResult result = new SoakRun(SoakConfig.standard(EVENTS, 8), System.err).run();
    result.print(System.out);

    assertThat(result.failures()).as("failed soak checks").isEmpty();
    assertThat(result.cloudErrors()).as("errors the embedded cloud reported").isEmpty();
    assertThat(result.faults().crashes()).as("crashes injected").isPositive();
    assertThat(result.faults().duplicated()).as("duplicates injected").isPositive();
    assertThat(result.faults().publishedOutOfOrder()).as("deliveries out of order").isPositive();
  }

  /**
   * Issue 16's versioned profile: the ledger ends equal to the sum of ListObjectVersions' sizes and
   * reconcile finds nothing, through overwrites that keep old versions, plain deletes that add
   * markers, deletes of versions by id and lifecycle expirations, with the same faults.
   */
  @Test
  void aVersionedBucketUnderTheSameFaultsEndsWithTheLedgerAtWhatS3Bills() throws Exception {
    SoakResult result =
        new SoakRun(
                SoakConfig.versioned(Integer.getInteger("soak.versionedEvents", 1_000), 16),
                System.err)
            .run();
    result.print(System.out);

    assertThat(result.failures()).as("failed soak checks").isEmpty();
    assertThat(result.cloudErrors()).as("errors the embedded cloud reported").isEmpty();
    assertThat(result.faults().duplicated()).as("duplicates injected").isPositive();
    assertThat(result.faults().publishedOutOfOrder()).as("deliveries out of order").isPositive();
    assertThat(result.stats())
        .as("delete markers and lifecycle expirations raised")
        .containsKeys("  of them DeleteMarkerCreated", "  of them LifecycleExpiration");
  }
}
