package io.s3clean.adoption;

import java.util.List;
import java.util.Objects;

/**
 * What a stack adds to the notification configuration of a bucket it adopts: its event topic for
 * every event the ledger follows, with the stack's key filters, under Ids that name the stack so
 * that it can later remove exactly its own.
 *
 * @param idPrefix the start of the Ids of the stack's configurations, e.g. {@code s3clean-<stack>}
 * @param topicArn the stack's event topic
 * @param prefix the key prefix filter, empty for none
 * @param suffix the key suffix filter, empty for none
 */
public record Subscription(String idPrefix, String topicArn, String prefix, String suffix) {
  /**
   * The event types the ledger follows: creations, removals and delete markers, and lifecycle
   * expirations, which S3 never reports as removals.
   */
  public static final List<String> EVENTS =
      List.of("s3:ObjectCreated:*", "s3:ObjectRemoved:*", "s3:LifecycleExpiration:*");

  /**
   * The Id prefix of a stack's configurations: the template's ConfigurationIdPrefix, {@code
   * s3clean-${AWS::StackName}}.
   */
  public static String idPrefixFor(String stackName) {
    return "s3clean-" + stackName;
  }

  public Subscription {
    Objects.requireNonNull(idPrefix, "idPrefix");
    Objects.requireNonNull(topicArn, "topicArn");
    prefix = prefix == null ? "" : prefix;
    suffix = suffix == null ? "" : suffix;
  }

  /** One configuration per event type, as the template configures the stack's own bucket. */
  public List<Destination> destinations() {
    return EVENTS.stream()
        .map(
            event ->
                new Destination(
                    idPrefix + "-" + event.split(":")[1],
                    Destination.Kind.TOPIC,
                    topicArn,
                    List.of(event),
                    prefix,
                    suffix))
        .toList();
  }

  /** Whether {@code destination} is one this stack added (by Id, whatever its topic or filter). */
  public boolean owns(Destination destination) {
    return destinations().stream().anyMatch(ours -> ours.id().equals(destination.id()));
  }
}
