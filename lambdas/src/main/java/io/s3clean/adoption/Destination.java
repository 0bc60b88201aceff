package io.s3clean.adoption;

import java.util.List;
import java.util.Objects;

/**
 * One configuration of a bucket's notification configuration: where S3 sends which events of which
 * keys.
 *
 * @param id the configuration's Id (S3 makes one up when none is given)
 * @param kind the kind of destination
 * @param arn the topic's, queue's or function's ARN
 * @param events S3's event types, e.g. {@code s3:ObjectCreated:*}
 * @param prefix the key prefix filter, empty for none
 * @param suffix the key suffix filter, empty for none
 */
public record Destination(
    String id, Kind kind, String arn, List<String> events, String prefix, String suffix) {
  /** The three kinds of destination S3 configurations name. */
  public enum Kind {
    TOPIC,
    QUEUE,
    FUNCTION
  }

  public Destination {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(arn, "arn");
    id = id == null ? "" : id;
    events = List.copyOf(events);
    prefix = prefix == null ? "" : prefix;
    suffix = suffix == null ? "" : suffix;
  }

  /**
   * Whether S3 refuses this configuration and {@code other} on one bucket: they share an event type
   * (a wildcard shares every type of its family) and one key could match both filters, that is each
   * prefix starts the other or one is empty, and likewise the suffixes (S3 user guide, "Configuring
   * event notifications using object key name filtering").
   */
  public boolean overlaps(Destination other) {
    boolean sharedEvent =
        events.stream().anyMatch(x -> other.events.stream().anyMatch(y -> sameFamily(x, y)));
    boolean prefixes = prefix.startsWith(other.prefix) || other.prefix.startsWith(prefix);
    boolean suffixes = suffix.endsWith(other.suffix) || other.suffix.endsWith(suffix);
    return sharedEvent && prefixes && suffixes;
  }

  /** How an operator recognises it: its Id, its events and its destination. */
  public String describe() {
    return "configuration '"
        + id
        + "' ("
        + String.join(", ", events)
        + (prefix.isEmpty() ? "" : ", prefix '" + prefix + "'")
        + (suffix.isEmpty() ? "" : ", suffix '" + suffix + "'")
        + " to "
        + arn
        + ")";
  }

  private static boolean sameFamily(String x, String y) {
    return x.equals(y) || covers(x, y) || covers(y, x);
  }

  private static boolean covers(String wildcard, String type) {
    return wildcard.endsWith(":*") && type.startsWith(wildcard.substring(0, wildcard.length() - 1));
  }
}
