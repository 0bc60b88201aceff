package io.s3clean.history;

import java.time.Instant;
import java.util.Objects;

/**
 * One applied S3 event as HistoryTable remembers it: the bucket's total size right after event
 * number {@code seq} was applied.
 *
 * @param seq 1, 2, 3, ... in the order events were applied
 * @param eventTime when S3 says the event happened; not necessarily in {@code seq} order
 * @param objectName the real S3 key
 * @param eventType as S3 names it, e.g. {@code ObjectCreated:Put}
 * @param sizeDelta bytes the event added (negative for a delete)
 * @param totalSize bytes in the bucket after the event
 */
public record HistoryRecord(
    long seq,
    Instant eventTime,
    String objectName,
    String eventType,
    long sizeDelta,
    long totalSize) {
  public HistoryRecord {
    Objects.requireNonNull(eventTime, "eventTime");
    Objects.requireNonNull(objectName, "objectName");
    Objects.requireNonNull(eventType, "eventType");
  }
}
