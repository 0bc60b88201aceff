package io.s3clean.localcloud.sqs;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s3clean.localcloud.endpoint.AwsRequest;
import io.s3clean.localcloud.endpoint.AwsResponse;
import io.s3clean.localcloud.endpoint.ServiceHandler;
import io.s3clean.localcloud.query.QueryProtocol;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * SQS's JSON 1.0 protocol over the engine, as botocore's model of SQS (2012-11-05, protocol {@code
 * json}, {@code awsQueryCompatible}) gives it: the operation in {@code X-Amz-Target:
 * AmazonSQS.<Op>}, errors as {@code __type} and {@code message} with the query protocol's code in
 * {@code x-amzn-query-error}. The AWS CLI v1 and SDK v2 speak it; the older query protocol is
 * answered with an error that says so.
 */
public final class SqsJsonService implements ServiceHandler {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TARGET_PREFIX = "AmazonSQS.";
  private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
  private static final Pattern BATCH_ID = Pattern.compile("[A-Za-z0-9_-]{1,80}");
  private static final int BATCH_LIMIT = 10;

  private final SqsEngine engine;

  public SqsJsonService(SqsEngine engine) {
    this.engine = engine;
  }

  /**
   * SQS answers in JSON and names the query protocol's code, AccessDenied, for clients of either.
   */
  @Override
  public AwsResponse accessDenied(AwsRequest request, String message) {
    return error(403, "com.amazon.coral.service#AccessDeniedException", "AccessDenied", message);
  }

  @Override
  public AwsResponse handle(AwsRequest request) {
    String target = request.header("x-amz-target").orElse("");
    if (!target.startsWith(TARGET_PREFIX)) {
      if (request.formBody().containsKey("Action")
          || request.queryParameters().containsKey("Action")) {
        return QueryProtocol.error(
            "http://queue.amazonaws.com/doc/2012-11-05/",
            400,
            "Sender",
            "InvalidAction",
            "The embedded cloud serves SQS's JSON protocol only (the AWS CLI since 1.29, SDK v2 since 2.21),"
                + " not the query protocol");
      }
      return error(
          400,
          "com.amazon.coral.service#UnknownOperationException",
          "UnknownOperation",
          "Missing or unknown X-Amz-Target '" + target + "'");
    }
    String operation = target.substring(TARGET_PREFIX.length());
    try {
      JsonNode input =
          request.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(request.body());
      if (input == null || !input.isObject()) {
        throw new InputException("The request body must be a JSON object");
      }
      return ok(answer(operation, input, request));
    } catch (SqsException e) {
      return error(400, "com.amazonaws.sqs#" + e.shape(), e.queryCode(), e.getMessage());
    } catch (UnknownOperation e) {
      return error(
          400,
          "com.amazon.coral.service#UnknownOperationException",
          "UnknownOperation",
          "SQS has no operation '" + e.getMessage() + "'");
    } catch (InputException e) {
      return error(
          400, "com.amazonaws.sqs#InvalidParameterValue", "InvalidParameterValue", e.getMessage());
    } catch (JacksonException e) {
      return error(
          400,
          "com.amazon.coral.service#SerializationException",
          "SerializationException",
          "The request body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      return error(
          400,
          "com.amazon.coral.service#SerializationException",
          "SerializationException",
          e.getMessage());
    }
  }

  private ObjectNode answer(String operation, JsonNode in, AwsRequest request) {
    ObjectNode out = JSON.createObjectNode();
    switch (operation) {
      case "CreateQueue" ->
          out.put(
              "QueueUrl",
              engine.createQueue(
                  text(in, "QueueName"), stringMap(in, "Attributes"), stringMap(in, "tags")));
      case "GetQueueUrl" -> {
        String owner = optionalText(in, "QueueOwnerAWSAccountId");
        if (owner != null && !owner.equals(engine.accountId())) {
          throw SqsException.queueDoesNotExist();
        }
        out.put("QueueUrl", engine.queueUrl(text(in, "QueueName")));
      }
      case "ListQueues" -> listQueues(in, out);
      case "DeleteQueue" -> engine.deleteQueue(text(in, "QueueUrl"));
      case "PurgeQueue" -> engine.purgeQueue(text(in, "QueueUrl"));
      case "GetQueueAttributes" -> {
        Map<String, String> attributes =
            engine.attributes(text(in, "QueueUrl"), strings(in, "AttributeNames"));
        if (!attributes.isEmpty()) {
          out.set("Attributes", JSON.valueToTree(attributes));
        }
      }
      case "SetQueueAttributes" ->
          engine.setAttributes(text(in, "QueueUrl"), stringMap(in, "Attributes"));
      case "TagQueue" -> engine.tag(text(in, "QueueUrl"), stringMap(in, "Tags"));
      case "UntagQueue" -> engine.untag(text(in, "QueueUrl"), strings(in, "TagKeys"));
      case "ListQueueTags" -> {
        Map<String, String> tags = engine.tags(text(in, "QueueUrl"));
        if (!tags.isEmpty()) {
          out.set("Tags", JSON.valueToTree(tags));
        }
      }
      case "ListDeadLetterSourceQueues" -> {
        ArrayNode urls = out.putArray("queueUrls");
        engine.deadLetterSourceQueues(text(in, "QueueUrl")).forEach(urls::add);
      }
      case "SendMessage" -> {
        SentMessage sent = engine.send(text(in, "QueueUrl"), outgoing(in), senderId(request));
        sent(out, sent);
      }
      case "SendMessageBatch" ->
          batch(
              in,
              out,
              entries ->
                  engine.sendBatch(
                      text(in, "QueueUrl"),
                      entries.stream().map(SqsJsonService::outgoing).toList(),
                      senderId(request)),
              SqsJsonService::sent);
      case "ReceiveMessage" -> receive(in, out);
      case "DeleteMessage" ->
          single(engine.delete(text(in, "QueueUrl"), List.of(text(in, "ReceiptHandle"))));
      case "DeleteMessageBatch" ->
          batch(
              in,
              out,
              entries ->
                  engine.delete(
                      text(in, "QueueUrl"),
                      entries.stream().map(e -> text(e, "ReceiptHandle")).toList()),
              (o, v) -> {});
      case "ChangeMessageVisibility" ->
          single(
              engine.changeVisibility(
                  text(in, "QueueUrl"),
                  List.of(
                      new SqsEngine.VisibilityChange(
                          text(in, "ReceiptHandle"), integer(in, "VisibilityTimeout")))));
      case "ChangeMessageVisibilityBatch" ->
          batch(
              in,
              out,
              entries ->
                  engine.changeVisibility(
                      text(in, "QueueUrl"),
                      entries.stream()
                          .map(
                              e ->
                                  new SqsEngine.VisibilityChange(
                                      text(e, "ReceiptHandle"), integer(e, "VisibilityTimeout")))
                          .toList()),
              (o, v) -> {});
      case "AddPermission",
          "RemovePermission",
          "StartMessageMoveTask",
          "CancelMessageMoveTask",
          "ListMessageMoveTasks" ->
          throw SqsException.unsupportedOperation(
              "The embedded cloud's SQS does not serve " + operation);
      default -> throw new UnknownOperation(operation);
    }
    return out;
  }

  private void listQueues(JsonNode in, ObjectNode out) {
    List<String> urls = engine.listQueues(optionalText(in, "QueueNamePrefix"));
    Integer max = in.hasNonNull("MaxResults") ? integer(in, "MaxResults") : null;
    if (max != null && (max < 1 || max > 1000)) {
      throw SqsException.invalidParameterValue(
          "Value "
              + max
              + " for parameter MaxResults is invalid. Reason: Must be"
              + " between 1 and 1000, if provided.");
    }
    int from = 0;
    String token = optionalText(in, "NextToken");
    if (token != null) {
      try {
        from =
            Integer.parseInt(
                new String(
                    Base64.getDecoder().decode(token), java.nio.charset.StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        from = -1;
      }
      if (from < 0 || from > urls.size()) {
        throw SqsException.invalidParameterValue("Invalid NextToken value " + token);
      }
    }
    int to = (int) Math.min(urls.size(), (long) from + (max == null ? 1000 : max));
    if (to > from) {
      ArrayNode page = out.putArray("QueueUrls");
      urls.subList(from, to).forEach(page::add);
    }
    if (max != null && to < urls.size()) {
      out.put(
          "NextToken",
          Base64.getEncoder()
              .encodeToString(
                  Integer.toString(to).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
  }

  private void receive(JsonNode in, ObjectNode out) {
    Set<String> attributeNames = new LinkedHashSet<>(strings(in, "AttributeNames"));
    attributeNames.addAll(strings(in, "MessageSystemAttributeNames"));
    SqsEngine.Receive request =
        new SqsEngine.Receive(
            in.hasNonNull("MaxNumberOfMessages") ? integer(in, "MaxNumberOfMessages") : 1,
            in.hasNonNull("VisibilityTimeout") ? integer(in, "VisibilityTimeout") : null,
            in.hasNonNull("WaitTimeSeconds") ? integer(in, "WaitTimeSeconds") : null,
            attributeNames,
            new HashSet<>(strings(in, "MessageAttributeNames")));
    List<ReceivedMessage> messages = engine.receive(text(in, "QueueUrl"), request);
    if (messages.isEmpty()) {
      return; // SQS leaves Messages out when there are none; the AWS CLI then prints nothing
    }
    ArrayNode array = out.putArray("Messages");
    for (ReceivedMessage message : messages) {
      ObjectNode node = array.addObject();
      node.put("MessageId", message.messageId());
      node.put("ReceiptHandle", message.receiptHandle());
      node.put("MD5OfBody", message.md5OfBody());
      node.put("Body", message.body());
      if (!message.attributes().isEmpty()) {
        node.set("Attributes", JSON.valueToTree(message.attributes()));
      }
      if (!message.messageAttributes().isEmpty()) {
        node.put("MD5OfMessageAttributes", message.md5OfMessageAttributes());
        ObjectNode attributes = node.putObject("MessageAttributes");
        message
            .messageAttributes()
            .forEach(
                (name, value) -> {
                  ObjectNode attribute = attributes.putObject(name);
                  attribute.put("DataType", value.dataType());
                  if (value.isBinary()) {
                    attribute.put("BinaryValue", value.binaryValue());
                  } else {
                    attribute.put("StringValue", value.stringValue());
                  }
                });
      }
    }
  }

  private static OutgoingMessage outgoing(JsonNode in) {
    Map<String, MessageAttribute> attributes = new LinkedHashMap<>();
    in.path("MessageAttributes")
        .fields()
        .forEachRemaining(e -> attributes.put(e.getKey(), attribute(e.getKey(), e.getValue())));
    if (attributes.size() > 10) {
      throw SqsException.invalidParameterValue(
          "Number of message attributes ["
              + attributes.size()
              + "] exceeds the allowed maximum [10].");
    }
    JsonNode trace = in.path("MessageSystemAttributes").path("AWSTraceHeader");
    if (in.hasNonNull("MessageGroupId") || in.hasNonNull("MessageDeduplicationId")) {
      throw SqsException.invalidParameterValue(
          "The request includes MessageGroupId or MessageDeduplicationId,"
              + " which only FIFO queues take; the embedded cloud serves standard queues");
    }
    return new OutgoingMessage(
        text(in, "MessageBody"),
        in.hasNonNull("DelaySeconds") ? integer(in, "DelaySeconds") : null,
        attributes,
        trace.isMissingNode() ? null : attribute("AWSTraceHeader", trace).stringValue());
  }

  /** What the Developer Guide allows in a message attribute's name. */
  private static final Pattern ATTRIBUTE_NAME =
      Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

  private static MessageAttribute attribute(String name, JsonNode value) {
    String lower = name.toLowerCase(java.util.Locale.ROOT);
    if (name.length() > 256
        || !ATTRIBUTE_NAME.matcher(name).matches()
        || lower.startsWith("aws.")
        || lower.startsWith("amazon.")) {
      throw SqsException.invalidParameterValue(
          "Message attribute name '"
              + name
              + "' is invalid: up to 256"
              + " letters, digits, '_', '-' and '.' (not at either end, never two in a row), not starting with AWS."
              + " or Amazon.");
    }
    String dataType = value.path("DataType").asText("");
    if (dataType.length() > 256 || !dataType.matches("(String|Number|Binary)(\\..+)?")) {
      throw SqsException.invalidParameterValue(
          "The message attribute '"
              + name
              + "' has an invalid data type '"
              + dataType
              + "': String, Number or Binary, optionally with a custom suffix, up to 256 characters");
    }
    if (dataType.startsWith("Binary")) {
      JsonNode binary = value.path("BinaryValue");
      if (!binary.isTextual()) {
        throw SqsException.invalidParameterValue(
            "The message attribute '" + name + "' must contain a binary value");
      }
      try {
        return MessageAttribute.binary(dataType, Base64.getDecoder().decode(binary.asText()));
      } catch (IllegalArgumentException e) {
        throw SqsException.invalidParameterValue(
            "The message attribute '" + name + "' is not base64: " + e.getMessage());
      }
    }
    JsonNode string = value.path("StringValue");
    if (!string.isTextual() || string.asText().isEmpty()) {
      throw SqsException.invalidParameterValue(
          "The message attribute '" + name + "' must contain a non-empty value");
    }
    if (dataType.startsWith("Number")) {
      try {
        new java.math.BigDecimal(string.asText().strip());
      } catch (NumberFormatException e) {
        throw SqsException.invalidParameterValue(
            "The message attribute '"
                + name
                + "' with type 'Number' must"
                + " contain a number, not '"
                + string.asText()
                + "'");
      }
    }
    return MessageAttribute.string(dataType, string.asText());
  }

  private static void sent(ObjectNode out, SentMessage sent) {
    out.put("MessageId", sent.messageId());
    out.put("MD5OfMessageBody", sent.md5OfBody());
    if (sent.md5OfMessageAttributes() != null) {
      out.put("MD5OfMessageAttributes", sent.md5OfMessageAttributes());
    }
    if (sent.md5OfMessageSystemAttributes() != null) {
      out.put("MD5OfMessageSystemAttributes", sent.md5OfMessageSystemAttributes());
    }
  }

  private static void single(List<SqsEngine.Outcome<Void>> outcomes) {
    if (outcomes.get(0).error() != null) {
      throw outcomes.get(0).error();
    }
  }

  /**
   * A batch operation: the entries' ids checked as SQS checks them, then each entry's outcome in
   * Successful or Failed.
   */
  private static <T> void batch(
      JsonNode in,
      ObjectNode out,
      Function<List<JsonNode>, List<SqsEngine.Outcome<T>>> run,
      java.util.function.BiConsumer<ObjectNode, T> success) {
    JsonNode entries = in.path("Entries");
    if (!entries.isArray() || entries.isEmpty()) {
      throw SqsException.batch(
          "EmptyBatchRequest", "There should be at least one Entry in the request.");
    }
    if (entries.size() > BATCH_LIMIT) {
      throw SqsException.batch(
          "TooManyEntriesInBatchRequest",
          "Maximum number of entries per request are "
              + BATCH_LIMIT
              + ". You have sent "
              + entries.size()
              + ".");
    }
    List<JsonNode> list = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (JsonNode entry : entries) {
      String id = text(entry, "Id");
      if (!BATCH_ID.matcher(id).matches()) {
        throw SqsException.batch(
            "InvalidBatchEntryId",
            "A batch entry id can only contain alphanumeric characters,"
                + " hyphens and underscores. It can be at most 80 letters long.");
      }
      if (!ids.add(id)) {
        throw SqsException.batch("BatchEntryIdsNotDistinct", "Id " + id + " repeated.");
      }
      list.add(entry);
    }
    List<SqsEngine.Outcome<T>> outcomes = run.apply(list);
    ArrayNode successful = out.putArray("Successful");
    ArrayNode failed = out.putArray("Failed");
    for (int i = 0; i < list.size(); i++) {
      String id = list.get(i).get("Id").asText();
      SqsEngine.Outcome<T> outcome = outcomes.get(i);
      if (outcome.error() == null) {
        ObjectNode entry = successful.addObject().put("Id", id);
        success.accept(entry, outcome.value());
      } else {
        failed
            .addObject()
            .put("Id", id)
            .put("SenderFault", outcome.error().senderFault())
            .put("Code", outcome.error().queryCode())
            .put("Message", outcome.error().getMessage());
      }
    }
  }

  /** The access key that signed the request, as SQS names the sender by the caller's identity. */
  private String senderId(AwsRequest request) {
    return request.accessKeyId().orElse(engine.accountId());
  }

  private static String text(JsonNode in, String name) {
    JsonNode value = in.get(name);
    if (value == null || value.isNull()) {
      throw SqsException.missingParameter(name);
    }
    if (!value.isTextual()) {
      throw new InputException(name + " must be a string, was " + value.getNodeType());
    }
    return value.asText();
  }

  private static String optionalText(JsonNode in, String name) {
    return in.hasNonNull(name) ? text(in, name) : null;
  }

  private static int integer(JsonNode in, String name) {
    JsonNode value = in.get(name);
    if (value == null || value.isNull()) {
      throw SqsException.missingParameter(name);
    }
    if (!value.canConvertToInt() || !value.isIntegralNumber()) {
      throw new InputException(name + " must be an integer, was " + value);
    }
    return value.asInt();
  }

  private static List<String> strings(JsonNode in, String name) {
    JsonNode value = in.path(name);
    if (value.isMissingNode() || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw new InputException(name + " must be a list of strings");
    }
    List<String> strings = new ArrayList<>();
    value.forEach(v -> strings.add(v.asText()));
    return strings;
  }

  private static Map<String, String> stringMap(JsonNode in, String name) {
    JsonNode value = in.path(name);
    if (value.isMissingNode() || value.isNull()) {
      return Map.of();
    }
    if (!value.isObject()) {
      throw new InputException(name + " must be a map of strings");
    }
    Map<String, String> map = new LinkedHashMap<>();
    value.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
    return map;
  }

  private static AwsResponse ok(ObjectNode body) {
    return new AwsResponse(
        200,
        Map.of(
            "Content-Type",
            List.of(CONTENT_TYPE),
            "x-amzn-RequestId",
            List.of(UUID.randomUUID().toString())),
        body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static AwsResponse error(int status, String type, String queryCode, String message) {
    ObjectNode body = JSON.createObjectNode().put("__type", type).put("message", message);
    return new AwsResponse(
        status,
        Map.of(
            "Content-Type",
            List.of(CONTENT_TYPE),
            "x-amzn-RequestId",
            List.of(UUID.randomUUID().toString()),
            "x-amzn-query-error",
            List.of(queryCode + ";Sender")),
        body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** A member of the wrong type: AWS's validation error. */
  private static final class InputException extends RuntimeException {
    InputException(String message) {
      super(message);
    }
  }

  private static final class UnknownOperation extends RuntimeException {
    UnknownOperation(String operation) {
      super(operation);
    }
  }
}
