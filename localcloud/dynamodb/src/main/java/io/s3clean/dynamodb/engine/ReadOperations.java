package io.s3clean.dynamodb.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.s3clean.dynamodb.DynamoDbException;
import io.s3clean.dynamodb.expr.Condition;
import io.s3clean.dynamodb.expr.KeyCondition;
import io.s3clean.dynamodb.expr.Projection;
import io.s3clean.dynamodb.value.ItemSize;
import io.s3clean.dynamodb.value.Value;
import io.s3clean.dynamodb.value.ValueJson;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;

/**
 * Query and Scan, on tables and on secondary indexes. A page ends when Limit items were evaluated
 * or 1 MB of items was read (both before the filter, as DynamoDB counts them); a page that ended
 * early carries LastEvaluatedKey, even when no item follows, as DynamoDB does not look ahead.
 */
final class ReadOperations {
  private static final long PAGE_BYTES = 1024 * 1024;
  private static final Set<String> SELECTS =
      Set.of("ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES", "SPECIFIC_ATTRIBUTES", "COUNT");

  private final Database database;

  ReadOperations(Database database) {
    this.database = database;
  }

  /** What a Query or Scan reads from: a table, or one of its indexes. */
  private record Source(Table table, Index index) {
    KeySchema key() {
      return index == null ? table.key() : index.key();
    }

    /** The attributes LastEvaluatedKey names for an item: the table's key and the index's. */
    Map<String, Value> lastKey(Map<String, Value> item) {
      Map<String, Value> key = new LinkedHashMap<>();
      KeySchema tableKey = table.key();
      key.put(tableKey.hashName(), item.get(tableKey.hashName()));
      tableKey.range().ifPresent(range -> key.put(range, item.get(range)));
      if (index != null) {
        key.put(index.key().hashName(), item.get(index.key().hashName()));
        index.key().range().ifPresent(range -> key.put(range, item.get(range)));
      }
      return key;
    }

    Map<String, Value> visible(Map<String, Value> item) {
      return index == null ? item : index.definition().project(item, table.key());
    }
  }

  /** The common parameters of Query and Scan. */
  private record Plan(
      Source source,
      Condition filter,
      Projection projection,
      boolean count,
      Integer limit,
      boolean consistent,
      Map<String, Value> startKey,
      String capacityMode) {}

  private Plan plan(JsonNode request, Expressions expressions, Source source) {
    Condition filter = expressions.condition(request, "FilterExpression");
    Projection projection = expressions.projection(request);
    String select = Requests.enumeration(request, "Select", SELECTS, null);
    if (select == null) {
      select =
          projection != null
              ? "SPECIFIC_ATTRIBUTES"
              : source.index() != null ? "ALL_PROJECTED_ATTRIBUTES" : "ALL_ATTRIBUTES";
    }
    if (projection != null && !select.equals("SPECIFIC_ATTRIBUTES")) {
      throw DynamoDbException.validation(
          "Cannot specify the ProjectionExpression when choosing to get " + select);
    }
    if (select.equals("ALL_PROJECTED_ATTRIBUTES") && source.index() == null) {
      throw DynamoDbException.validation(
          "One or more parameter values were invalid: Select type ALL_PROJECTED_ATTRIBUTES is"
              + " supported only for index queries");
    }
    if (select.equals("ALL_ATTRIBUTES")
        && source.index() != null
        && !source.index().definition().projectionType().equals("ALL")) {
      throw DynamoDbException.validation(
          "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for"
              + " global secondary index "
              + source.index().definition().name()
              + " because its projection type is not ALL");
    }
    Integer limit = Requests.optionalInt(request, "Limit");
    if (limit != null && limit < 1) {
      throw Requests.constraint(
          "'" + limit + "'", "Limit", "Member must have value greater than or equal to 1");
    }
    boolean consistent = Requests.bool(request, "ConsistentRead");
    if (consistent && source.index() != null && source.index().definition().global()) {
      throw DynamoDbException.validation(
          "Consistent reads are not supported on global secondary indexes");
    }
    Map<String, Value> startKey = startKey(request, source);
    return new Plan(
        source,
        filter,
        projection,
        select.equals("COUNT"),
        limit,
        consistent,
        startKey,
        ItemOperations.capacityMode(request));
  }

  private static Map<String, Value> startKey(JsonNode request, Source source) {
    JsonNode node = request.get("ExclusiveStartKey");
    if (node == null || node.isNull()) {
      return null;
    }
    Map<String, Value> key = ValueJson.readItem(node);
    Optional<PrimaryKey> tableKey = source.table().key().keyOf(key);
    boolean valid = tableKey.isPresent();
    if (source.index() != null) {
      valid &= source.index().key().keyOf(key).isPresent();
    }
    int expected = source.lastKey(key).size();
    if (!valid || key.size() != expected) {
      throw DynamoDbException.validation(
          "The provided starting key is invalid: The provided key element does not match the schema");
    }
    return key;
  }

  private Source source(JsonNode request) {
    Table table = database.table(Requests.tableName(request));
    String indexName = Requests.optionalString(request, "IndexName", null);
    if (indexName == null) {
      return new Source(table, null);
    }
    Index index = table.index(indexName);
    if (index == null) {
      throw DynamoDbException.validation(
          "The table does not have the specified index: " + indexName);
    }
    return new Source(table, index);
  }

  Response query(JsonNode request) {
    Source source = source(request);
    Expressions expressions = new Expressions(request);
    String keyText = Requests.optionalString(request, "KeyConditionExpression", null);
    if (keyText == null) {
      throw DynamoDbException.validation(
          "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
    }
    expressions.markExpressionUsed();
    KeySchema key = source.key();
    KeyCondition keyCondition =
        KeyCondition.parse(keyText, expressions.context(), key.hashName(), key.rangeName());
    Plan plan = plan(request, expressions, source);
    expressions.finish();
    if (plan.filter() != null) {
      for (String attribute : plan.filter().attributeNames()) {
        if (key.isKeyAttribute(attribute)) {
          throw DynamoDbException.validation(
              "Filter Expression can only contain non-primary key attributes: Primary key attribute: "
                  + attribute);
        }
      }
    }
    boolean forward =
        !request.has("ScanIndexForward") || Requests.bool(request, "ScanIndexForward");
    Iterator<Map<String, Value>> items = queryItems(source, keyCondition, forward, plan.startKey());
    return page(plan, items, keyCondition);
  }

  private static Iterator<Map<String, Value>> queryItems(
      Source source, KeyCondition condition, boolean forward, Map<String, Value> startKey) {
    Value hash = condition.hashValue();
    Optional<Value> lower = condition.lowerBound();
    Optional<Value> upper = condition.upperBound();
    if (source.index() == null) {
      NavigableMap<Value, Map<String, Value>> partition = source.table().partition(hash);
      if (partition == null) {
        return java.util.Collections.emptyIterator();
      }
      NavigableMap<Value, Map<String, Value>> range = partition;
      if (lower.isPresent()) {
        range = range.tailMap(lower.get(), true);
      }
      if (upper.isPresent()) {
        range = range.headMap(upper.get(), true);
      }
      if (startKey != null) {
        Value after =
            source.table().key().rangeName() == null
                ? PrimaryKey.NO_RANGE
                : startKey.get(source.table().key().rangeName());
        range = forward ? range.tailMap(after, false) : range.headMap(after, false);
      }
      return (forward ? range : range.descendingMap()).values().iterator();
    }
    Index index = source.index();
    NavigableMap<Index.EntryKey, Map<String, Value>> partition = index.partition(hash);
    if (partition == null) {
      return java.util.Collections.emptyIterator();
    }
    NavigableMap<Index.EntryKey, Map<String, Value>> range = partition;
    if (lower.isPresent()) {
      range = range.tailMap(Index.EntryKey.before(lower.get()), true);
    }
    if (upper.isPresent()) {
      range = range.headMap(Index.EntryKey.after(upper.get()), true);
    }
    if (startKey != null) {
      Index.EntryKey after =
          index.entryOf(source.table().key().keyOf(startKey).orElseThrow(), startKey).orElseThrow();
      range = forward ? range.tailMap(after, false) : range.headMap(after, false);
    }
    return (forward ? range : range.descendingMap()).values().iterator();
  }

  Response scan(JsonNode request) {
    Source source = source(request);
    Expressions expressions = new Expressions(request);
    Plan plan = plan(request, expressions, source);
    expressions.finish();
    Integer segment = Requests.optionalInt(request, "Segment");
    Integer totalSegments = Requests.optionalInt(request, "TotalSegments");
    if ((segment == null) != (totalSegments == null)) {
      throw DynamoDbException.validation(
          "The TotalSegments parameter is required but was not present in the request when Segment"
              + " parameter is present");
    }
    if (totalSegments != null
        && (totalSegments < 1
            || totalSegments > 1_000_000
            || segment < 0
            || segment >= totalSegments)) {
      throw DynamoDbException.validation(
          "The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: "
              + segment
              + " is not less than TotalSegments: "
              + totalSegments);
    }
    return page(plan, scanItems(source, plan.startKey(), segment, totalSegments), null);
  }

  private static Iterator<Map<String, Value>> scanItems(
      Source source, Map<String, Value> startKey, Integer segment, Integer totalSegments) {
    List<Iterator<Map<String, Value>>> parts = new ArrayList<>();
    if (source.index() == null) {
      Table table = source.table();
      NavigableMap<Value, ? extends NavigableMap<Value, Map<String, Value>>> partitions =
          table.partitions();
      if (startKey != null) {
        PrimaryKey key = table.key().keyOf(startKey).orElseThrow();
        NavigableMap<Value, Map<String, Value>> first = table.partition(key.hash());
        if (first != null && inSegment(key.hash(), segment, totalSegments)) {
          parts.add(first.tailMap(key.range(), false).values().iterator());
        }
        partitions = partitions.tailMap(key.hash(), false);
      }
      partitions.forEach(
          (hash, partition) -> {
            if (inSegment(hash, segment, totalSegments)) {
              parts.add(partition.values().iterator());
            }
          });
    } else {
      Index index = source.index();
      NavigableMap<Value, ? extends NavigableMap<Index.EntryKey, Map<String, Value>>> partitions =
          index.partitions();
      if (startKey != null) {
        Value hash = index.hashOf(startKey).orElseThrow();
        Index.EntryKey after =
            index
                .entryOf(source.table().key().keyOf(startKey).orElseThrow(), startKey)
                .orElseThrow();
        NavigableMap<Index.EntryKey, Map<String, Value>> first = index.partition(hash);
        if (first != null && inSegment(hash, segment, totalSegments)) {
          parts.add(first.tailMap(after, false).values().iterator());
        }
        partitions = partitions.tailMap(hash, false);
      }
      partitions.forEach(
          (hash, partition) -> {
            if (inSegment(hash, segment, totalSegments)) {
              parts.add(partition.values().iterator());
            }
          });
    }
    return concat(parts);
  }

  private static boolean inSegment(Value hash, Integer segment, Integer totalSegments) {
    return segment == null || Math.floorMod(PrimaryKey.scanHash(hash), totalSegments) == segment;
  }

  private static Iterator<Map<String, Value>> concat(List<Iterator<Map<String, Value>>> parts) {
    return parts.stream()
        .flatMap(
            part -> {
              Iterable<Map<String, Value>> iterable = () -> part;
              return java.util.stream.StreamSupport.stream(iterable.spliterator(), false);
            })
        .iterator();
  }

  private static Response page(
      Plan plan, Iterator<Map<String, Value>> items, KeyCondition keyCondition) {
    List<Map<String, Value>> found = new ArrayList<>();
    int evaluated = 0;
    int matched = 0;
    long bytes = 0;
    Map<String, Value> lastKey = null;
    Source source = plan.source();
    while (items.hasNext()) {
      Map<String, Value> item = items.next();
      if (keyCondition != null && !keyCondition.rangeMatches(rangeOf(source, item))) {
        continue;
      }
      Map<String, Value> visible = source.visible(item);
      evaluated++;
      bytes += ItemSize.of(visible);
      if (plan.filter() == null || plan.filter().test(visible)) {
        matched++;
        if (!plan.count()) {
          found.add(plan.projection() == null ? visible : plan.projection().apply(visible));
        }
      }
      if ((plan.limit() != null && evaluated >= plan.limit()) || bytes >= PAGE_BYTES) {
        lastKey = source.lastKey(item);
        break;
      }
    }
    Capacity capacity = new Capacity(source.table().name());
    double units = Capacity.readUnits(bytes, plan.consistent());
    if (source.index() == null) {
      capacity.addRead(units);
    } else {
      capacity.addIndexRead(source.index().definition(), units);
    }
    int count = matched;
    int scanned = evaluated;
    Map<String, Value> last = lastKey;
    return Response.charged(
        capacity.consumed(),
        out -> {
          if (!plan.count()) {
            out.writeArrayFieldStart("Items");
            for (Map<String, Value> item : found) {
              ValueJson.writeItem(out, item);
            }
            out.writeEndArray();
          }
          out.writeNumberField("Count", count);
          out.writeNumberField("ScannedCount", scanned);
          if (last != null) {
            out.writeFieldName("LastEvaluatedKey");
            ValueJson.writeItem(out, last);
          }
          ItemOperations.writeCapacity(out, capacity, plan.capacityMode());
        });
  }

  private static Value rangeOf(Source source, Map<String, Value> item) {
    String range = source.key().rangeName();
    return range == null ? PrimaryKey.NO_RANGE : item.get(range);
  }
}
