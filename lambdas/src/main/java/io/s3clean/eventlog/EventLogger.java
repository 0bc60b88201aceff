package io.s3clean.eventlog;

import static io.s3clean.logging.JsonLog.fields;

import io.s3clean.event.MessageParser;
import io.s3clean.event.ObjectEvent;
import io.s3clean.event.ParsedBatch;
import io.s3clean.event.QueueMessage;
import io.s3clean.ledger.LedgerReader;
import io.s3clean.ledger.LedgerUnavailableException;
import io.s3clean.logging.JsonLog;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Writes one structured line per S3 event of the logging queue, sizes recovered from the ledger. */
public final class EventLogger {
  private final MessageParser parser = new MessageParser();
  private final SizeDeltaResolver resolver = new SizeDeltaResolver();
  private final LedgerReader ledger;
  private final JsonLog log;

  public EventLogger(LedgerReader ledger, JsonLog log) {
    this.ledger = ledger;
    this.log = log;
  }

  /** @return the ids of the messages to deliver again */
  public Set<String> record(List<QueueMessage> messages) {
    ParsedBatch batch = ParsedBatch.parse(messages, parser, log);
    Set<String> failed = new LinkedHashSet<>(batch.failedMessageIds());
    for (ParsedBatch.Parsed message : batch.parsed()) {
      try {
        message.events().forEach(event -> write(message.messageId(), event));
      } catch (LedgerUnavailableException e) {
        // The message comes back and is logged then; lines already written for it repeat.
        log.error("ledger_read_failed", fields("message_id", message.messageId(), "error", e.getMessage()));
        failed.add(message.messageId());
      }
    }
    return failed;
  }

  private void write(String messageId, ObjectEvent event) {
    LoggedSize size = resolver.resolve(event, ledger.find(event.bucket(), event.key()));
    log.info("s3_event", fields(
        "event_type", event.eventName(),
        "bucket", event.bucket(),
        "key", event.key(),
        "size", size.size(),
        "size_delta", size.sizeDelta(),
        "size_basis", size.basis(),
        "sequencer", event.sequencer().normalized(),
        "event_time", event.eventTime().toString(),
        "message_id", messageId));
  }
}
