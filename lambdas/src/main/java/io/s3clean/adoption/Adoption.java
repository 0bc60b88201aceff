package io.s3clean.adoption;

import io.s3clean.adoption.AdoptionRefusedException.Reason;
import java.util.ArrayList;
import java.util.List;

/**
 * Adopting a bucket the stack did not make: its notification configuration gains the stack's topic
 * for the events the ledger follows, and keeps every other configuration it has; releasing it takes
 * away the stack's own configurations and nothing else.
 *
 * <p>S3 refuses two configurations that share an event type over overlapping key filters, with a
 * message that names neither. The check here names the owner's configuration that stands in the way
 * before anything is written, so that a deploy can refuse in one line and change nothing.
 */
public final class Adoption {
  private final BucketAccess s3;

  public Adoption(BucketAccess s3) {
    this.s3 = s3;
  }

  /**
   * What adopting {@code bucket} in {@code region} would find: the bucket's configuration, when the
   * bucket exists there and holds nothing the stack's would overlap.
   *
   * @throws AdoptionRefusedException when it cannot be adopted, saying why
   */
  public BucketNotifications check(String bucket, String region, Subscription ours) {
    String at =
        s3.region(bucket)
            .orElseThrow(
                () ->
                    new AdoptionRefusedException(
                        Reason.NO_SUCH_BUCKET, "bucket '" + bucket + "' does not exist"));
    if (!at.equals(region)) {
      throw new AdoptionRefusedException(
          Reason.OTHER_REGION,
          "bucket '"
              + bucket
              + "' is in "
              + at
              + ", not "
              + region
              + ": S3 sends a bucket's events only to a topic in the bucket's own region, so deploy"
              + " the stack in "
              + at);
    }
    BucketNotifications current = s3.notifications(bucket);
    List<Destination> conflicts = conflicts(current, ours);
    if (!conflicts.isEmpty()) {
      throw new AdoptionRefusedException(
          Reason.CONFLICTING_NOTIFICATIONS,
          "bucket '"
              + bucket
              + "' already has "
              + conflicts.get(0).describe()
              + (conflicts.size() > 1 ? " and " + (conflicts.size() - 1) + " more" : "")
              + ", which S3 will not let share "
              + String.join(", ", Subscription.EVENTS)
              + " with the stack's topic over overlapping keys; remove it, or give the stack a key"
              + " prefix or suffix that does not overlap its filter");
    }
    return current;
  }

  /**
   * Adds the stack's configurations to the bucket's, in place of any it added before (a changed key
   * filter), keeping every other one.
   *
   * @throws AdoptionRefusedException when it cannot be adopted; nothing was changed
   */
  public void adopt(String bucket, String region, Subscription ours) {
    BucketNotifications current = check(bucket, region, ours);
    s3.replace(bucket, merged(current, ours), true);
  }

  /**
   * Takes the stack's configurations away from the bucket, leaving every other one as it is.
   *
   * @return false when there was nothing to take away: no such bucket, or none of the stack's
   */
  public boolean release(String bucket, Subscription ours) {
    if (s3.region(bucket).isEmpty()) {
      return false;
    }
    BucketNotifications current = s3.notifications(bucket);
    if (current.destinations().stream().noneMatch(ours::owns)) {
      return false;
    }
    s3.replace(bucket, without(current, ours), false);
    return true;
  }

  /** The owner's configurations that S3 would refuse beside the stack's. */
  static List<Destination> conflicts(BucketNotifications current, Subscription ours) {
    List<Destination> conflicts = new ArrayList<>();
    for (Destination theirs : current.destinations()) {
      if (!ours.owns(theirs) && ours.destinations().stream().anyMatch(theirs::overlaps)) {
        conflicts.add(theirs);
      }
    }
    return conflicts;
  }

  static BucketNotifications merged(BucketNotifications current, Subscription ours) {
    List<Destination> destinations = new ArrayList<>(without(current, ours).destinations());
    destinations.addAll(ours.destinations());
    return new BucketNotifications(destinations, current.eventBridge());
  }

  static BucketNotifications without(BucketNotifications current, Subscription ours) {
    return new BucketNotifications(
        current.destinations().stream().filter(d -> !ours.owns(d)).toList(), current.eventBridge());
  }
}
