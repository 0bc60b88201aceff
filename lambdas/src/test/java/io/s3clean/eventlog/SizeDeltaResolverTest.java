package io.s3clean.eventlog;

import static io.s3clean.testing.TestEvents.delete;
import static io.s3clean.testing.TestEvents.put;
import static org.assertj.core.api.Assertions.assertThat;

import io.s3clean.event.ObjectEvent;
import io.s3clean.ledger.StoredObject;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SizeDeltaResolverTest {
  private final SizeDeltaResolver resolver = new SizeDeltaResolver();

  @Test
  void aFirstCreationAddsItsSize() {
    assertThat(resolver.resolve(put("b", "k", 18, 1), Optional.empty()))
        .isEqualTo(new LoggedSize(18L, 18L, "first_seen"));
  }

  @Test
  void aDeleteSeenBeforeTheTrackerAppliedItTakesTheLiveSize() {
    StoredObject live = live(put("b", "k", 28, 1), 0);

    assertThat(resolver.resolve(delete("b", "k", 2), Optional.of(live)))
        .isEqualTo(new LoggedSize(28L, -28L, "before_tracking"));
  }

  @Test
  void aDeleteSeenAfterTheTrackerAppliedItTakesTheTombstonesSize() {
    ObjectEvent removal = delete("b", "k", 2);
    StoredObject tombstone =
        new StoredObject(
            "b", "k", false, 28, 28, removal.sequencer(), removal.eventName(), removal.eventTime());

    assertThat(resolver.resolve(removal, Optional.of(tombstone)))
        .isEqualTo(new LoggedSize(28L, -28L, "tracked"));
  }

  @Test
  void anOverwriteReportsTheDifferenceWhicheverConsumerRanFirst() {
    ObjectEvent overwrite = put("b", "k", 46, 2);

    assertThat(resolver.resolve(overwrite, Optional.of(live(put("b", "k", 18, 1), 0))))
        .isEqualTo(new LoggedSize(46L, 28L, "before_tracking"));
    assertThat(resolver.resolve(overwrite, Optional.of(live(overwrite, 18))))
        .isEqualTo(new LoggedSize(46L, 28L, "tracked"));
  }

  @Test
  void anEventANewerOneSupersededHasNoKnownDelta() {
    StoredObject newer = live(put("b", "k", 5, 9), 3);

    assertThat(resolver.resolve(delete("b", "k", 2), Optional.of(newer)))
        .isEqualTo(new LoggedSize(null, null, "superseded"));
    assertThat(resolver.resolve(put("b", "k", 7, 1), Optional.of(newer)))
        .isEqualTo(new LoggedSize(7L, null, "superseded"));
  }

  @Test
  void aDeleteOfAnObjectNeverTrackedHasNoKnownSize() {
    assertThat(resolver.resolve(delete("b", "k", 1), Optional.empty()))
        .isEqualTo(new LoggedSize(null, null, "never_tracked"));
  }

  private static StoredObject live(ObjectEvent creation, long previousSize) {
    return new StoredObject(
        "b",
        creation.key(),
        true,
        creation.size(),
        previousSize,
        creation.sequencer(),
        creation.eventName(),
        creation.eventTime());
  }
}
