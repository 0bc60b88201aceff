package io.s3clean.eventlog;

import static io.s3clean.logging.JsonLog.fields;

import io.s3clean.event.MessageParser;
import io.s3clean.event.ObjectEvent;
import io.s3clean.event.ParsedBatch;
import io.s3clean.event.QueueMessage;
import io.s3clean.ledger.LedgerReader;
import io.s3clean.ledger.LedgerUnavailableException;
import io.s3clean.ledger.StoredObject;
import io.s3clean.logging.JsonLog;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes one structured line per S3 event of the logging queue, sizes recovered from the ledger.
 */
public final class EventLogger {
  private final MessageParser parser = new MessageParser();
  private final SizeDeltaResolver resolver = new SizeDeltaResolver();
  private final LedgerReader ledger;
  private final JsonLog log;

  public EventLogger(LedgerReader ledger, JsonLog log) {
    this.ledger = ledger;
    this.log = log;
  }

  /**
   * The ledger is read once for the whole batch (each object's state as it is then), not once an
   * event: on DynamoDB one request per 100 objects instead of one per event.
   *
   * @return the ids of the messages to deliver again
   */
  public Set<String> record(List<QueueMessage> messages) {
    ParsedBatch batch = ParsedBatch.parse(messages, parser, log);
    Set<String> failed = new LinkedHashSet<>(batch.failedMessageIds());
    Map<LedgerReader.ObjectRef, StoredObject> stored;
    try {
      stored =
          ledger.findAll(
              batch.parsed().stream()
                  .flatMap(message -> message.events().stream())
                  .map(EventLogger::ref)
                  .toList());
    } catch (LedgerUnavailableException e) {
      // Every message comes back and is logged then.
      for (ParsedBatch.Parsed message : batch.parsed()) {
        log.error(
            "ledger_read_failed",
            fields("message_id", message.messageId(), "error", e.getMessage()));
        failed.add(message.messageId());
      }
      return failed;
    }
    for (ParsedBatch.Parsed message : batch.parsed()) {
      message
          .events()
          .forEach(
              event ->
                  write(message.messageId(), event, Optional.ofNullable(stored.get(ref(event)))));
    }
    return failed;
  }

  private static LedgerReader.ObjectRef ref(ObjectEvent event) {
    return new LedgerReader.ObjectRef(event.bucket(), event.versionedKey());
  }

  private void write(String messageId, ObjectEvent event, Optional<StoredObject> stored) {
    LoggedSize size = resolver.resolve(event, stored);
    Map<String, Object> line =
        fields(
            "event_type", event.eventName(),
            "bucket", event.bucket(),
            "key", event.key(),
            "size", size.size(),
            "size_delta", size.sizeDelta(),
            "size_basis", size.basis(),
            "sequencer", event.sequencer().normalized(),
            "event_time", event.eventTime().toString(),
            "message_id", messageId);
    if (event.versionId() != null) {
      // a versioned bucket's: which version was created or removed, or the delete marker's own
      line.put("version_id", event.versionId());
    }
    log.info("s3_event", line);
  }
}
