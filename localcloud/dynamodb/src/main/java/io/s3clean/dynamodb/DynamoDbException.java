package io.s3clean.dynamodb;

/**
 * An error the service answers with: DynamoDB's error code (the part after {@code #} in {@code
 * __type}), its message and HTTP status. Every refusal of the engine is one of these, so the wire
 * layer can always answer in AWS's shape and never with a stack trace.
 */
public class DynamoDbException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The namespace DynamoDB's own errors are reported in. */
  public static final String DYNAMODB_NAMESPACE = "com.amazonaws.dynamodb.v20120810";

  /** The namespace of errors raised by the service framework before an operation runs. */
  public static final String CORAL_NAMESPACE = "com.amazon.coral.service";

  private final String namespace;
  private final String code;
  private final int status;

  /** Set once by the operation that refuses: a failed condition still consumes capacity on AWS. */
  private Consumed consumed = Consumed.NONE;

  public DynamoDbException(String namespace, String code, int status, String message) {
    super(message, null, false, false);
    this.namespace = namespace;
    this.code = code;
    this.status = status;
  }

  public static DynamoDbException validation(String message) {
    return new DynamoDbException(CORAL_NAMESPACE, "ValidationException", 400, message);
  }

  public static DynamoDbException resourceNotFound(String message) {
    return new DynamoDbException(DYNAMODB_NAMESPACE, "ResourceNotFoundException", 400, message);
  }

  public static DynamoDbException resourceInUse(String message) {
    return new DynamoDbException(DYNAMODB_NAMESPACE, "ResourceInUseException", 400, message);
  }

  public static DynamoDbException conditionalCheckFailed() {
    return new DynamoDbException(
        DYNAMODB_NAMESPACE,
        "ConditionalCheckFailedException",
        400,
        "The conditional request failed");
  }

  public static DynamoDbException serialization(String message) {
    return new DynamoDbException(CORAL_NAMESPACE, "SerializationException", 400, message);
  }

  public static DynamoDbException unknownOperation(String message) {
    return new DynamoDbException(CORAL_NAMESPACE, "UnknownOperationException", 400, message);
  }

  public static DynamoDbException internal(String message) {
    return new DynamoDbException(DYNAMODB_NAMESPACE, "InternalServerError", 500, message);
  }

  /**
   * Members of the error body beyond {@code __type} and {@code message}, e.g. the item that failed
   * a condition or a transaction's cancellation reasons.
   */
  public void writeExtraFields(com.fasterxml.jackson.core.JsonGenerator out)
      throws java.io.IOException {}

  /** {@code namespace#code}, as the {@code __type} field carries it. */
  public String type() {
    return namespace + "#" + code;
  }

  public String code() {
    return code;
  }

  public int status() {
    return status;
  }

  /** The capacity the refused request consumed; none unless the refusing operation says so. */
  public Consumed consumed() {
    return consumed;
  }

  /** This exception, saying the refused request consumed {@code units}. */
  public DynamoDbException consuming(Consumed units) {
    this.consumed = units;
    return this;
  }
}
