package io.s3clean.ledger;

import io.s3clean.event.ObjectEvent;

/**
 * An event that changed the ledger, with the bucket total right after it and its history number.
 */
public record AppliedEvent(ObjectEvent event, long sizeDelta, long totalSize, long seq) {}
