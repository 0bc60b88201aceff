package io.s3clean.adoption;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3clean.adoption.Destination.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the stack's configurations join a bucket's, and which of the owner's stand in the way. */
class AdoptionRulesTest {
  private static final String TOPIC = "arn:aws:sns:us-east-1:000000000000:guard-object-events";
  private static final Subscription OURS = new Subscription("s3clean-guard", TOPIC, "", "");

  private static Destination theirs(String id, String event, String prefix, String suffix) {
    return new Destination(
        id, Kind.QUEUE, "arn:aws:sqs:us-east-1:000000000000:" + id, List.of(event), prefix, suffix);
  }

  @Test
  void theStackAddsOneTopicConfigurationPerEventTypeWithItsFilter() {
    assertThat(new Subscription("s3clean-guard", TOPIC, "logs/", ".gz").destinations())
        .containsExactly(
            new Destination(
                "s3clean-guard-ObjectCreated",
                Kind.TOPIC,
                TOPIC,
                List.of("s3:ObjectCreated:*"),
                "logs/",
                ".gz"),
            new Destination(
                "s3clean-guard-ObjectRemoved",
                Kind.TOPIC,
                TOPIC,
                List.of("s3:ObjectRemoved:*"),
                "logs/",
                ".gz"),
            new Destination(
                "s3clean-guard-LifecycleExpiration",
                Kind.TOPIC,
                TOPIC,
                List.of("s3:LifecycleExpiration:*"),
                "logs/",
                ".gz"));
  }

  @Test
  void mergingKeepsEveryOtherConfigurationAndEventBridge() {
    Destination other = theirs("thumbnails", "s3:ObjectCreated:Put", "images/", "");
    Subscription narrow = new Subscription("s3clean-guard", TOPIC, "logs/", "");
    BucketNotifications current = new BucketNotifications(List.of(other), true);

    BucketNotifications merged = Adoption.merged(current, narrow);

    assertThat(merged.destinations()).startsWith(other).hasSize(4);
    assertThat(merged.eventBridge()).isTrue();
    assertThat(Adoption.without(merged, narrow)).isEqualTo(current);
  }

  @Test
  void mergingAgainReplacesTheStacksOwnConfigurationsWithTheirNewFilter() {
    BucketNotifications once =
        Adoption.merged(
            BucketNotifications.NONE, new Subscription("s3clean-guard", TOPIC, "old/", ""));

    BucketNotifications again = Adoption.merged(once, OURS);

    assertThat(again.destinations()).containsExactlyElementsOf(OURS.destinations());
    assertThat(Adoption.conflicts(once, OURS)).as("its own are no conflict").isEmpty();
  }

  @Test
  void releasingRemovesOnlyTheStacksIdsWhateverTheirFilterOrTopic() {
    Destination sameTopicOtherId =
        new Destination("owner's", Kind.TOPIC, TOPIC, List.of("s3:ObjectTagging:*"), "", "");
    BucketNotifications current =
        Adoption.merged(new BucketNotifications(List.of(sameTopicOtherId), false), OURS);

    assertThat(Adoption.without(current, new Subscription("s3clean-guard", "", "", "")))
        .isEqualTo(new BucketNotifications(List.of(sameTopicOtherId), false));
  }

  @Test
  void anOwnersConfigurationOfAnEventTypeTheStackUsesOverAnyKeyConflicts() {
    Destination wildcard = theirs("all-removals", "s3:ObjectRemoved:*", "", "");
    Destination oneType = theirs("puts", "s3:ObjectCreated:Put", "", "");
    Destination markers = theirs("markers", "s3:ObjectRemoved:DeleteMarkerCreated", "a/", "");
    Destination tagging = theirs("tags", "s3:ObjectTagging:*", "", "");
    BucketNotifications current =
        new BucketNotifications(List.of(wildcard, oneType, markers, tagging), false);

    assertThat(Adoption.conflicts(current, OURS)).containsExactly(wildcard, oneType, markers);
  }

  @Test
  void filtersThatNoKeyCanMatchBothAreNoConflict() {
    Subscription logs = new Subscription("s3clean-guard", TOPIC, "logs/", ".gz");
    BucketNotifications current =
        new BucketNotifications(
            List.of(
                theirs("images", "s3:ObjectCreated:*", "images/", ""),
                theirs("csv", "s3:ObjectCreated:*", "logs/", ".csv"),
                theirs("nested", "s3:ObjectCreated:*", "logs/2026/", ""),
                theirs("any-gz", "s3:ObjectCreated:*", "", "z")),
            false);

    assertThat(Adoption.conflicts(current, logs))
        .extracting(Destination::id)
        .as("a prefix inside the stack's and a suffix ending the stack's overlap it")
        .containsExactly("nested", "any-gz");
  }

  @Test
  void aConflictIsDescribedByItsIdEventsFilterAndDestination() {
    assertThat(theirs("puts", "s3:ObjectCreated:Put", "in/", "").describe())
        .isEqualTo(
            "configuration 'puts' (s3:ObjectCreated:Put, prefix 'in/' to"
                + " arn:aws:sqs:us-east-1:000000000000:puts)");
  }
}
