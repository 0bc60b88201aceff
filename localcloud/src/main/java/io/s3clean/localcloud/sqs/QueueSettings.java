package io.s3clean.localcloud.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A queue's settable attributes, checked as SQS checks them (ranges from the service model's
 * documentation of CreateQueue). Values are kept as given, as SQS answers them back.
 */
final class QueueSettings {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final Map<String, String> DEFAULTS =
      Map.of(
          "VisibilityTimeout", "30",
          "MaximumMessageSize", "1048576",
          "MessageRetentionPeriod", "345600",
          "DelaySeconds", "0",
          "ReceiveMessageWaitTimeSeconds", "0",
          "SqsManagedSseEnabled", "true");
  private static final Set<String> FREE_TEXT =
      Set.of("Policy", "KmsMasterKeyId", "RedriveAllowPolicy");
  private static final Set<String> FIFO_ONLY =
      Set.of("FifoQueue", "ContentBasedDeduplication", "DeduplicationScope", "FifoThroughputLimit");

  private QueueSettings() {}

  /** Whether GetQueueAttributes knows {@code name} as a settable attribute, set or not. */
  static boolean isSettable(String name) {
    return DEFAULTS.containsKey(name)
        || FREE_TEXT.contains(name)
        || FIFO_ONLY.contains(name)
        || name.equals("RedrivePolicy")
        || name.equals("KmsDataKeyReusePeriodSeconds");
  }

  /**
   * A visibility timeout as SQS takes it from a receive or a visibility change: 0 to 43,200 seconds
   * (12 hours), the range of the queue's own.
   */
  static void checkVisibilityTimeout(int seconds) {
    if (seconds < 0 || seconds > 43_200) {
      throw SqsException.invalidParameterValue(
          "Value "
              + seconds
              + " for parameter VisibilityTimeout is invalid. Reason: Must be >= 0 and <= 43200, if provided.");
    }
  }

  /** The defaults overlaid with {@code given}, each checked. */
  static Map<String, String> of(Map<String, String> given) {
    Map<String, String> settings = new TreeMap<>(DEFAULTS);
    settings.putAll(checked(given));
    return settings;
  }

  /** {@code given}, each checked; an unknown name or a bad value fails the whole. */
  static Map<String, String> checked(Map<String, String> given) {
    for (Map.Entry<String, String> entry : given.entrySet()) {
      check(entry.getKey(), entry.getValue());
    }
    return given;
  }

  private static void check(String name, String value) {
    switch (name) {
      case "VisibilityTimeout" -> range(name, value, 0, 43_200);
      case "MaximumMessageSize" -> range(name, value, 1_024, 1_048_576);
      case "MessageRetentionPeriod" -> range(name, value, 60, 1_209_600);
      case "DelaySeconds" -> range(name, value, 0, 900);
      case "ReceiveMessageWaitTimeSeconds" -> range(name, value, 0, 20);
      case "KmsDataKeyReusePeriodSeconds" -> range(name, value, 60, 86_400);
      case "SqsManagedSseEnabled" -> {
        if (!value.equals("true") && !value.equals("false")) {
          throw SqsException.invalidAttributeValue(
              "Invalid value for the parameter SqsManagedSseEnabled: " + value);
        }
      }
      case "RedrivePolicy" -> redrive(value);
      default -> {
        if (FIFO_ONLY.contains(name)) {
          throw SqsException.unsupportedOperation(
              "The embedded cloud serves standard queues only, not " + name + " (FIFO queues)");
        }
        if (!FREE_TEXT.contains(name)) {
          throw SqsException.invalidAttributeName("Unknown Attribute " + name + ".");
        }
      }
    }
  }

  private static void range(String name, String value, int min, int max) {
    long number;
    try {
      number = Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw SqsException.invalidAttributeValue(
          "Invalid value for the parameter " + name + ": '" + value + "' is not a whole number.");
    }
    if (number < min || number > max) {
      throw SqsException.invalidAttributeValue(
          "Invalid value for the parameter "
              + name
              + ": "
              + value
              + " is not between "
              + min
              + " and "
              + max
              + ".");
    }
  }

  /** The dead-letter target and receive count of a RedrivePolicy, checked. */
  static Redrive redrive(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      JsonNode policy = JSON.readTree(value);
      String target = policy.path("deadLetterTargetArn").asText("");
      JsonNode count = policy.path("maxReceiveCount");
      int maxReceiveCount = count.isMissingNode() ? 10 : Integer.parseInt(count.asText());
      if (!target.startsWith("arn:aws:sqs:") || maxReceiveCount < 1 || maxReceiveCount > 1000) {
        throw new IllegalArgumentException();
      }
      return new Redrive(target, maxReceiveCount);
    } catch (Exception e) {
      throw SqsException.invalidAttributeValue(
          "Value "
              + value
              + " for parameter RedrivePolicy is invalid."
              + " Reason: it must be a JSON object with a deadLetterTargetArn (an SQS queue ARN) and a maxReceiveCount"
              + " from 1 to 1000.");
    }
  }

  record Redrive(String deadLetterTargetArn, int maxReceiveCount) {}
}
