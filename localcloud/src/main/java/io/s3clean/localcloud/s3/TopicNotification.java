package io.s3clean.localcloud.s3;

import java.util.List;

/**
 * One TopicConfiguration of a bucket's notification configuration.
 *
 * @param events S3's event types, e.g. {@code s3:ObjectCreated:*} or {@code
 *     s3:ObjectRemoved:Delete}
 * @param prefix the key prefix filter rule, empty for none
 * @param suffix the key suffix filter rule, empty for none
 */
public record TopicNotification(
    String id, String topicArn, List<String> events, String prefix, String suffix) {
  public TopicNotification {
    events = List.copyOf(events);
    prefix = prefix == null ? "" : prefix;
    suffix = suffix == null ? "" : suffix;
    for (String event : events) {
      if (!event.startsWith("s3:")) {
        throw new IllegalArgumentException("not an S3 event type: " + event);
      }
    }
  }

  boolean matches(String key, String eventName) {
    return key.startsWith(prefix)
        && key.endsWith(suffix)
        && events.stream().anyMatch(e -> matchesEvent(e, eventName));
  }

  private static boolean matchesEvent(String pattern, String eventName) {
    String wanted = pattern.substring("s3:".length());
    return wanted.endsWith("*")
        ? eventName.startsWith(wanted.substring(0, wanted.length() - 1))
        : eventName.equals(wanted);
  }
}
