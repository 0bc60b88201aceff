package io.s3clean.localcloud.cloudwatch;

/**
 * An error CloudWatch answers, as its service model names it: {@code shape} is the error shape
 * ({@code __type} in CBOR and JSON), {@code code} the query protocol's code (also sent in the
 * {@code x-amzn-query-error} header, since the service is query-compatible), the HTTP status and
 * whether the caller is at fault.
 */
public final class CloudWatchException extends RuntimeException {
  private final String shape;
  private final String code;
  private final int status;
  private final boolean sender;

  private CloudWatchException(
      String shape, String code, int status, boolean sender, String message) {
    super(message);
    this.shape = shape;
    this.code = code;
    this.status = status;
    this.sender = sender;
  }

  public String shape() {
    return shape;
  }

  public String code() {
    return code;
  }

  public int status() {
    return status;
  }

  /** "Sender" or "Receiver", as the query protocol's error Type says. */
  public String faultType() {
    return sender ? "Sender" : "Receiver";
  }

  public static CloudWatchException accessDenied(String message) {
    return new CloudWatchException("AccessDenied", "AccessDenied", 403, true, message);
  }

  public static CloudWatchException resourceNotFound(String message) {
    return new CloudWatchException("ResourceNotFound", "ResourceNotFound", 404, true, message);
  }

  public static CloudWatchException invalidParameterValue(String message) {
    return new CloudWatchException(
        "InvalidParameterValueException", "InvalidParameterValue", 400, true, message);
  }

  public static CloudWatchException missingParameter(String message) {
    return new CloudWatchException(
        "MissingRequiredParameterException", "MissingParameter", 400, true, message);
  }

  public static CloudWatchException invalidParameterCombination(String message) {
    return new CloudWatchException(
        "InvalidParameterCombinationException", "InvalidParameterCombination", 400, true, message);
  }

  public static CloudWatchException invalidFormat(String message) {
    return new CloudWatchException("InvalidFormatFault", "InvalidFormat", 400, true, message);
  }

  public static CloudWatchException invalidNextToken(String message) {
    return new CloudWatchException("InvalidNextToken", "InvalidNextToken", 400, true, message);
  }

  /** A constraint of the model broken (length, range, enum): AWS's unmodelled ValidationError. */
  public static CloudWatchException validation(String message) {
    return new CloudWatchException("ValidationError", "ValidationError", 400, true, message);
  }

  /** An operation the service does not have (or that the embedded CloudWatch does not serve). */
  public static CloudWatchException unknownOperation(String operation) {
    return new CloudWatchException(
        "UnknownOperationException",
        "InvalidAction",
        400,
        true,
        "The embedded CloudWatch does not serve the operation '"
            + operation
            + "'; it serves "
            + String.join(", ", CloudWatchOperations.NAMES));
  }

  /** A body that is not a document of the protocol (bad CBOR, bad JSON, not a map). */
  public static CloudWatchException serialization(String message) {
    return new CloudWatchException(
        "SerializationException", "SerializationException", 400, true, message);
  }

  /** A query-protocol request whose form does not decode (a bad percent escape). */
  public static CloudWatchException malformedQueryString(String message) {
    return new CloudWatchException(
        "MalformedQueryString", "MalformedQueryString", 400, true, message);
  }

  /** A failure of the embedded CloudWatch itself. */
  public static CloudWatchException internal(String message) {
    return new CloudWatchException(
        "InternalServiceFault", "InternalServiceError", 500, false, message);
  }
}
