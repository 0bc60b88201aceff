package io.s3clean.dynamodb.engine;

import io.s3clean.dynamodb.DynamoDbException;
import io.s3clean.dynamodb.value.ItemSize;
import io.s3clean.dynamodb.value.Value;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The key of a table or an index: a partition (hash) attribute and an optional sort (range)
 * attribute, each with its scalar type (S, N or B).
 */
public record KeySchema(String hashName, String hashType, String rangeName, String rangeType) {
  static final int MAX_HASH_KEY_BYTES = 2048;
  static final int MAX_RANGE_KEY_BYTES = 1024;

  public Optional<String> range() {
    return Optional.ofNullable(rangeName);
  }

  public boolean isKeyAttribute(String name) {
    return name.equals(hashName) || name.equals(rangeName);
  }

  /**
   * The key attributes of an item, or empty when the item does not carry them all with the right
   * types.
   */
  Optional<PrimaryKey> keyOf(Map<String, Value> item) {
    Value hash = item.get(hashName);
    if (hash == null || !hash.typeName().equals(hashType) || isEmptyKey(hash)) {
      return Optional.empty();
    }
    if (rangeName == null) {
      return Optional.of(PrimaryKey.of(hash));
    }
    Value range = item.get(rangeName);
    if (range == null || !range.typeName().equals(rangeType) || isEmptyKey(range)) {
      return Optional.empty();
    }
    return Optional.of(new PrimaryKey(hash, range));
  }

  /**
   * The table key of an item that is to be written: every key attribute present, typed as defined,
   * not empty and within DynamoDB's key sizes, with the service's messages.
   */
  PrimaryKey requireItemKey(Map<String, Value> item) {
    Value hash = requireKeyPart(item, hashName, hashType, MAX_HASH_KEY_BYTES);
    if (rangeName == null) {
      return PrimaryKey.of(hash);
    }
    return new PrimaryKey(hash, requireKeyPart(item, rangeName, rangeType, MAX_RANGE_KEY_BYTES));
  }

  private static Value requireKeyPart(
      Map<String, Value> item, String name, String type, int maxBytes) {
    Value value = item.get(name);
    if (value == null) {
      throw DynamoDbException.validation(
          "One or more parameter values were invalid: Missing the key " + name + " in the item");
    }
    if (!value.typeName().equals(type)) {
      throw DynamoDbException.validation(
          "One or more parameter values were invalid: Type mismatch for key "
              + name
              + " expected: "
              + type
              + " actual: "
              + value.typeName());
    }
    checkKeyValue(name, value, maxBytes);
    return value;
  }

  private static void checkKeyValue(String name, Value value, int maxBytes) {
    if (isEmptyKey(value)) {
      throw DynamoDbException.validation(
          "One or more parameter values are not valid. The AttributeValue for a key attribute cannot"
              + " contain an empty "
              + (value instanceof Value.S ? "string" : "binary")
              + " value. Key: "
              + name);
    }
    if (ItemSize.of(value) > maxBytes) {
      throw DynamoDbException.validation(
          maxBytes == MAX_HASH_KEY_BYTES
              ? "One or more parameter values were invalid: Size of hashkey has exceeded the maximum"
                  + " size limit of 2048 bytes"
              : "One or more parameter values were invalid: Aggregated size of all range keys has"
                  + " exceeded the size limit of 1024 bytes");
    }
  }

  /**
   * A key as GetItem, DeleteItem, UpdateItem and the batch operations take it: exactly the key
   * attributes, typed as defined ("The provided key element does not match the schema" otherwise).
   */
  PrimaryKey requireExactKey(Map<String, Value> key) {
    int expected = rangeName == null ? 1 : 2;
    Value hash = key.get(hashName);
    Value range = rangeName == null ? null : key.get(rangeName);
    if (key.size() != expected
        || hash == null
        || !hash.typeName().equals(hashType)
        || (rangeName != null && (range == null || !range.typeName().equals(rangeType)))) {
      throw DynamoDbException.validation("The provided key element does not match the schema");
    }
    checkKeyValue(hashName, hash, MAX_HASH_KEY_BYTES);
    if (rangeName == null) {
      return PrimaryKey.of(hash);
    }
    checkKeyValue(rangeName, range, MAX_RANGE_KEY_BYTES);
    return new PrimaryKey(hash, range);
  }

  /** The key's attributes as a map, for LastEvaluatedKey and for keys written back. */
  Map<String, Value> attributes(PrimaryKey key) {
    Map<String, Value> attributes = new LinkedHashMap<>();
    attributes.put(hashName, key.hash());
    if (rangeName != null) {
      attributes.put(rangeName, key.range());
    }
    return attributes;
  }

  static boolean isEmptyKey(Value value) {
    return (value instanceof Value.S s && s.value().isEmpty())
        || (value instanceof Value.B b && b.value().length() == 0);
  }
}
