package io.s3clean.ledger.dynamodb;

import io.s3clean.event.Sequencer;
import io.s3clean.event.VersionedKey;
import io.s3clean.ledger.AppliedEvent;
import io.s3clean.ledger.BucketState;
import io.s3clean.ledger.ObjectNames;
import io.s3clean.ledger.StoredObject;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The DynamoDB item shapes of docs/design.md, in one place for every reader and writer. */
final class LedgerItems {
  static final String BUCKET = "bucket_name";
  static final String OBJECT_NAME = "object_name";
  static final String SIZE = "size";
  static final String DELETED_SIZE = "deleted_size";
  static final String PREVIOUS_SIZE = "previous_size";
  static final String SEQUENCER = "sequencer";
  static final String EVENT_TYPE = "event_type";
  static final String LAST_MODIFIED = "last_modified";
  static final String DELETED = "deleted";
  static final String TOTAL_SIZE = "total_size";
  static final String OBJECT_COUNT = "object_count";
  static final String APPLIED_COUNT = "applied_count";
  static final String SEQ = "seq";
  static final String EVENT_KEY = "event_key";
  static final String SIZE_DELTA = "size_delta";
  static final String EVENT_TIME = "event_time";
  static final String SIZE_INDEX = "BySize";

  private LedgerItems() {}

  static final String VERSION_ID = "version_id";

  /** The key of an item whose name is a hash ({@link ObjectNames#isHashed}). */
  static final String OBJECT_KEY = "object_key";

  static Map<String, AttributeValue> objectKey(String bucket, VersionedKey object) {
    return Map.of(BUCKET, s(bucket), OBJECT_NAME, s(ObjectNames.toObjectName(object)));
  }

  static Map<String, AttributeValue> stateKey(String bucket) {
    return Map.of(BUCKET, s(bucket), OBJECT_NAME, s(ObjectNames.STATE_ROW));
  }

  static Map<String, AttributeValue> objectItem(StoredObject object) {
    Map<String, AttributeValue> item =
        new HashMap<>(objectKey(object.bucket(), object.versionedKey()));
    if (ObjectNames.isHashed(item.get(OBJECT_NAME).s())) {
      item.put(OBJECT_KEY, s(object.key()));
      if (object.versionId() != null) {
        item.put(VERSION_ID, s(object.versionId()));
      }
    }
    // Only live objects carry `size`, which keeps tombstones out of the sparse BySize index.
    item.put(object.live() ? SIZE : DELETED_SIZE, n(object.size()));
    item.put(PREVIOUS_SIZE, n(object.previousSize()));
    item.put(SEQUENCER, s(object.sequencer().normalized()));
    item.put(EVENT_TYPE, s(object.eventName()));
    item.put(LAST_MODIFIED, s(object.lastModified().toString()));
    item.put(DELETED, AttributeValue.fromBool(!object.live()));
    return item;
  }

  static StoredObject toStoredObject(Map<String, AttributeValue> item) {
    boolean live = item.containsKey(SIZE);
    VersionedKey object = versionedKey(item);
    return new StoredObject(
        item.get(BUCKET).s(),
        object.key(),
        live,
        number(item, live ? SIZE : DELETED_SIZE),
        number(item, PREVIOUS_SIZE),
        new Sequencer(item.get(SEQUENCER).s()),
        item.get(EVENT_TYPE).s(),
        Instant.parse(item.get(LAST_MODIFIED).s()),
        object.versionId());
  }

  /** The key and version an object item stands for: read from its name, or a hashed name's item. */
  static VersionedKey versionedKey(Map<String, AttributeValue> item) {
    String name = item.get(OBJECT_NAME).s();
    if (ObjectNames.isHashed(name)) {
      AttributeValue version = item.get(VERSION_ID);
      return new VersionedKey(item.get(OBJECT_KEY).s(), version == null ? null : version.s());
    }
    return ObjectNames.toVersionedKey(name);
  }

  static Map<String, AttributeValue> stateItem(String bucket, BucketState state) {
    Map<String, AttributeValue> item = new HashMap<>(stateKey(bucket));
    item.put(TOTAL_SIZE, n(state.totalSize()));
    item.put(OBJECT_COUNT, n(state.objectCount()));
    item.put(APPLIED_COUNT, n(state.appliedCount()));
    return item;
  }

  static BucketState toBucketState(Map<String, AttributeValue> item) {
    if (item == null || item.isEmpty()) {
      return BucketState.EMPTY;
    }
    return new BucketState(
        number(item, TOTAL_SIZE), number(item, OBJECT_COUNT), number(item, APPLIED_COUNT));
  }

  static Map<String, AttributeValue> historyItem(String bucket, AppliedEvent applied) {
    Map<String, AttributeValue> item =
        new HashMap<>(
            Map.of(
                BUCKET, s(bucket),
                SEQ, n(applied.seq()),
                EVENT_KEY, s(applied.event().eventKey()),
                OBJECT_NAME, s(applied.event().key()),
                EVENT_TYPE, s(applied.event().eventName()),
                SIZE_DELTA, n(applied.sizeDelta()),
                TOTAL_SIZE, n(applied.totalSize()),
                EVENT_TIME, s(applied.event().eventTime().toString()),
                SEQUENCER, s(applied.event().sequencer().normalized())));
    // which version the change was to: a delete marker's own, or the version created or removed
    if (applied.event().versionId() != null) {
      item.put(VERSION_ID, s(applied.event().versionId()));
    }
    return item;
  }

  static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  static long number(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null ? 0 : Long.parseLong(value.n());
  }
}
