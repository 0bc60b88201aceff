package io.s3clean.localcloud.sqs;

/**
 * An SQS error as the service answers it: the error shape's name in the service model (the JSON
 * protocol's {@code __type}), the code query-protocol clients know it by (SQS is {@code
 * awsQueryCompatible}: the JSON answer carries it in {@code x-amzn-query-error}), and whether the
 * caller is at fault.
 */
public final class SqsException extends RuntimeException {
  private final String shape;
  private final String queryCode;
  private final boolean senderFault;

  private SqsException(String shape, String queryCode, boolean senderFault, String message) {
    super(message);
    this.shape = shape;
    this.queryCode = queryCode;
    this.senderFault = senderFault;
  }

  /** The error shape's name, e.g. {@code QueueDoesNotExist}. */
  public String shape() {
    return shape;
  }

  /** The query protocol's code, e.g. {@code AWS.SimpleQueueService.NonExistentQueue}. */
  public String queryCode() {
    return queryCode;
  }

  public boolean senderFault() {
    return senderFault;
  }

  public static SqsException queueDoesNotExist() {
    return new SqsException(
        "QueueDoesNotExist",
        "AWS.SimpleQueueService.NonExistentQueue",
        true,
        "The specified queue does not exist.");
  }

  static SqsException queueNameExists(String name) {
    return new SqsException(
        "QueueNameExists",
        "QueueAlreadyExists",
        true,
        "A queue already exists with the same name and a different value for attribute(s): "
            + name);
  }

  static SqsException invalidAttributeName(String message) {
    return new SqsException("InvalidAttributeName", "InvalidAttributeName", true, message);
  }

  static SqsException invalidAttributeValue(String message) {
    return new SqsException("InvalidAttributeValue", "InvalidAttributeValue", true, message);
  }

  static SqsException receiptHandleIsInvalid(String handle) {
    return new SqsException(
        "ReceiptHandleIsInvalid",
        "ReceiptHandleIsInvalid",
        true,
        "The input receipt handle \"" + handle + "\" is not a valid receipt handle.");
  }

  static SqsException messageNotInflight() {
    return new SqsException(
        "MessageNotInflight",
        "AWS.SimpleQueueService.MessageNotInflight",
        true,
        "The message referred to isn't in flight.");
  }

  static SqsException invalidMessageContents(String message) {
    return new SqsException("InvalidMessageContents", "InvalidMessageContents", true, message);
  }

  static SqsException purgeQueueInProgress(String name) {
    return new SqsException(
        "PurgeQueueInProgress",
        "AWS.SimpleQueueService.PurgeQueueInProgress",
        true,
        "Only one PurgeQueue operation on " + name + " is allowed every 60 seconds.");
  }

  /** A parameter out of its range: not a modelled shape, AWS's validation error. */
  public static SqsException invalidParameterValue(String message) {
    return new SqsException("InvalidParameterValue", "InvalidParameterValue", true, message);
  }

  public static SqsException missingParameter(String name) {
    return new SqsException(
        "MissingParameter",
        "MissingParameter",
        true,
        "The request must contain the parameter " + name + ".");
  }

  public static SqsException unsupportedOperation(String message) {
    return new SqsException(
        "UnsupportedOperation", "AWS.SimpleQueueService.UnsupportedOperation", true, message);
  }

  /** A batch's own errors, raised for the whole request. */
  public static SqsException batch(String shape, String message) {
    return new SqsException(shape, "AWS.SimpleQueueService." + shape, true, message);
  }
}
