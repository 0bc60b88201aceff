package io.s3clean.dynamodb.engine;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A table as created: name, key, attribute types, indexes, billing, and when and as what it was
 * created (its ARN and id stay the same across restarts).
 *
 * @param attributeTypes the AttributeDefinitions, name to S/N/B, in request order
 * @param readCapacity provisioned read units, 0 when billed per request
 * @param writeCapacity provisioned write units, 0 when billed per request
 */
public record TableDefinition(
    String name,
    KeySchema key,
    Map<String, String> attributeTypes,
    List<IndexDefinition> indexes,
    String billingMode,
    long readCapacity,
    long writeCapacity,
    double createdEpochSeconds,
    String arn,
    String tableId) {

  public Optional<IndexDefinition> index(String indexName) {
    return indexes.stream().filter(index -> index.name().equals(indexName)).findFirst();
  }
}
