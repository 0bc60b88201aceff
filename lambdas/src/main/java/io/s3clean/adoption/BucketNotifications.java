package io.s3clean.adoption;

import java.util.List;

/**
 * A bucket's whole notification configuration, as GetBucketNotificationConfiguration gives it and
 * PutBucketNotificationConfiguration replaces it.
 *
 * @param destinations its topic, queue and function configurations
 * @param eventBridge whether it also sends every event to EventBridge
 */
public record BucketNotifications(List<Destination> destinations, boolean eventBridge) {
  public static final BucketNotifications NONE = new BucketNotifications(List.of(), false);

  public BucketNotifications {
    destinations = List.copyOf(destinations);
  }
}
