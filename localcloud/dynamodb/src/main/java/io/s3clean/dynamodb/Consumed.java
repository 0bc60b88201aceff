package io.s3clean.dynamodb;

/**
 * The read and write units one request consumed over all its tables and indexes, as DynamoDB bills
 * them on demand (a read request unit per read unit, a write request unit per write unit), whether
 * or not the caller asked for ReturnConsumedCapacity: what a meter of the service counts.
 */
public record Consumed(double readUnits, double writeUnits) {
  public static final Consumed NONE = new Consumed(0, 0);

  public Consumed plus(Consumed other) {
    return new Consumed(readUnits + other.readUnits, writeUnits + other.writeUnits);
  }
}
