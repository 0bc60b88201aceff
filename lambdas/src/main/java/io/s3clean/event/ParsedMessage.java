package io.s3clean.event;

import java.util.List;

/**
 * What one queue message carried: the object events to apply, and a reason for each part that was
 * deliberately not applied (S3's test event, event types the ledger does not track).
 */
public record ParsedMessage(List<ObjectEvent> events, List<String> skipped) {
  public ParsedMessage {
    events = List.copyOf(events);
    skipped = List.copyOf(skipped);
  }
}
