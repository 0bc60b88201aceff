package io.s3clean.ledger.dynamodb;

import static io.s3clean.ledger.dynamodb.LedgerItems.*;

import io.s3clean.ledger.LedgerUnavailableException;
import io.s3clean.ledger.ObjectNames;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * How far a backfill of a bucket's listing got, kept in the ObjectTable's row {@value
 * ObjectNames#BACKFILL_ROW} of the bucket, so that a backfill cut off resumes after its last
 * written page. The row holds no {@code size}, so the size index never lists it.
 */
public final class BackfillCheckpoints {
  /**
   * @param tracked the keys the listing covered, as {@code prefix|suffix}: a checkpoint of other
   *     filters does not resume
   * @param keyMarker the listing resumes after this key (and, on a versioned listing, version)
   * @param versionIdMarker empty for a listing of a bucket never versioned
   * @param done the listing reached its end
   */
  public record Checkpoint(
      String tracked,
      String keyMarker,
      String versionIdMarker,
      long listed,
      long written,
      boolean done) {
    public static Checkpoint start(String tracked) {
      return new Checkpoint(tracked, "", "", 0, 0, false);
    }
  }

  private static final String TRACKED = "tracked";
  private static final String KEY_MARKER = "key_marker";
  private static final String VERSION_ID_MARKER = "version_id_marker";
  private static final String LISTED = "listed";
  private static final String WRITTEN = "written";
  private static final String DONE = "done";

  private final DynamoDbClient dynamo;
  private final String objectTable;

  public BackfillCheckpoints(DynamoDbClient dynamo, String objectTable) {
    this.dynamo = dynamo;
    this.objectTable = objectTable;
  }

  public Optional<Checkpoint> read(String bucket) {
    try {
      Map<String, AttributeValue> item =
          dynamo
              .getItem(r -> r.tableName(objectTable).key(rowKey(bucket)).consistentRead(true))
              .item();
      if (item == null || item.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          new Checkpoint(
              item.containsKey(TRACKED) ? item.get(TRACKED).s() : "",
              item.get(KEY_MARKER).s(),
              item.get(VERSION_ID_MARKER).s(),
              number(item, LISTED),
              number(item, WRITTEN),
              item.get(DONE).bool()));
    } catch (SdkException e) {
      throw new LedgerUnavailableException("ledger read failed: " + e.getMessage(), e);
    }
  }

  public void write(String bucket, Checkpoint checkpoint) {
    Map<String, AttributeValue> item = new HashMap<>(rowKey(bucket));
    item.put(TRACKED, s(checkpoint.tracked()));
    item.put(KEY_MARKER, s(checkpoint.keyMarker()));
    item.put(VERSION_ID_MARKER, s(checkpoint.versionIdMarker()));
    item.put(LISTED, n(checkpoint.listed()));
    item.put(WRITTEN, n(checkpoint.written()));
    item.put(DONE, AttributeValue.fromBool(checkpoint.done()));
    try {
      dynamo.putItem(r -> r.tableName(objectTable).item(item));
    } catch (SdkException e) {
      throw new LedgerUnavailableException("ledger write failed: " + e.getMessage(), e);
    }
  }

  private static Map<String, AttributeValue> rowKey(String bucket) {
    return Map.of(BUCKET, s(bucket), OBJECT_NAME, s(ObjectNames.BACKFILL_ROW));
  }
}
