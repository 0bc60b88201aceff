package io.s3clean.event;

import static io.s3clean.logging.JsonLog.fields;

import io.s3clean.logging.JsonLog;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A queue batch split into the messages that parsed and the ids of those that did not. A malformed
 * message is reported as a batch item failure, so it goes to the dead-letter queue after its
 * receives, while the rest of its batch is applied.
 */
public record ParsedBatch(List<Parsed> parsed, Set<String> failedMessageIds) {

  public record Parsed(String messageId, List<ObjectEvent> events) {}

  public static ParsedBatch parse(List<QueueMessage> messages, MessageParser parser, JsonLog log) {
    List<Parsed> parsed = new ArrayList<>();
    Set<String> failed = new LinkedHashSet<>();
    for (QueueMessage message : messages) {
      try {
        ParsedMessage result = parser.parse(message.body());
        result
            .skipped()
            .forEach(
                reason ->
                    log.info(
                        "event_skipped",
                        fields("message_id", message.messageId(), "reason", reason)));
        if (!result.events().isEmpty()) {
          parsed.add(new Parsed(message.messageId(), result.events()));
        }
      } catch (MalformedEventException e) {
        log.error(
            "malformed_message",
            fields("message_id", message.messageId(), "error", e.getMessage()));
        failed.add(message.messageId());
      }
    }
    return new ParsedBatch(parsed, failed);
  }
}
