package io.s3clean.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Unwraps a queue message body into S3 object events. The body is an SNS envelope whose {@code
 * Message} is the S3 event (the stack's subscriptions), or the S3 event itself (raw message
 * delivery, or a queue S3 publishes to directly).
 */
public final class MessageParser {
  private static final ObjectMapper JSON = new ObjectMapper();

  public ParsedMessage parse(String body) {
    JsonNode root = readObject(body, "message body");
    if (root.has("Type")) {
      return parseSnsEnvelope(root);
    }
    return parseS3Event(root);
  }

  private ParsedMessage parseSnsEnvelope(JsonNode envelope) {
    String type = envelope.path("Type").asText();
    if (!"Notification".equals(type)) {
      return new ParsedMessage(List.of(), List.of("SNS message of type " + type));
    }
    JsonNode message = envelope.get("Message");
    if (message == null || !message.isTextual()) {
      throw new MalformedEventException("SNS envelope has no Message string");
    }
    return parseS3Event(readObject(message.asText(), "SNS Message"));
  }

  private ParsedMessage parseS3Event(JsonNode event) {
    if ("s3:TestEvent".equals(event.path("Event").asText())) {
      return new ParsedMessage(
          List.of(), List.of("s3:TestEvent for bucket " + event.path("Bucket").asText()));
    }
    JsonNode records = event.get("Records");
    if (records == null || !records.isArray()) {
      throw new MalformedEventException("not an S3 event: no Records array");
    }
    List<ObjectEvent> events = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (JsonNode record : records) {
      String eventName = stripPrefix(requireText(record, "eventName"));
      ObjectEvent.Kind kind = kindOf(eventName);
      if (kind == null) {
        skipped.add("untracked event type " + eventName);
        continue;
      }
      events.add(toObjectEvent(record, eventName, kind));
    }
    return new ParsedMessage(events, skipped);
  }

  private static ObjectEvent toObjectEvent(
      JsonNode record, String eventName, ObjectEvent.Kind kind) {
    JsonNode s3 = record.path("s3");
    String bucket = requireText(s3.path("bucket"), "s3.bucket.name", "name");
    JsonNode object = s3.path("object");
    String key = decodeKey(requireText(object, "s3.object.key", "key"));
    Sequencer sequencer = Sequencer.parse(object.path("sequencer").asText(null));
    long size = 0;
    if (kind == ObjectEvent.Kind.CREATED) {
      JsonNode sizeNode = object.get("size");
      if (sizeNode == null || !sizeNode.canConvertToLong() || sizeNode.asLong() < 0) {
        throw new MalformedEventException(
            "s3.object.size is missing or invalid for " + eventName + " of " + key);
      }
      size = sizeNode.asLong();
    }
    return new ObjectEvent(
        bucket, key, kind, eventName, size, sequencer, eventTime(record), versionId(object, key));
  }

  /** Absent or null for an unversioned bucket; {@code "null"} names a key's null version. */
  private static String versionId(JsonNode object, String key) {
    JsonNode versionId = object.get("versionId");
    if (versionId == null || versionId.isNull()) {
      return null;
    }
    if (!versionId.isTextual() || versionId.asText().isEmpty()) {
      throw new MalformedEventException("s3.object.versionId is not a version id for " + key);
    }
    return versionId.asText();
  }

  static ObjectEvent.Kind kindOf(String eventName) {
    if (eventName.startsWith("ObjectCreated:")) {
      return ObjectEvent.Kind.CREATED;
    }
    // Each removal ends the version it names: a delete marker names itself (so frees nothing but a
    // suspended bucket's null version, which its null marker replaces); lifecycle expiry names the
    // version it deleted, or its own marker.
    if (eventName.startsWith("ObjectRemoved:") || eventName.startsWith("LifecycleExpiration:")) {
      return ObjectEvent.Kind.REMOVED;
    }
    return null;
  }

  /** S3 form-encodes keys: {@code a+b%C3%A9.txt} is "a bé.txt". */
  static String decodeKey(String encoded) {
    try {
      return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new MalformedEventException("s3.object.key is not URL-encoded: '" + encoded + "'", e);
    }
  }

  private static Instant eventTime(JsonNode record) {
    String text = requireText(record, "eventTime");
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new MalformedEventException("eventTime is not an ISO-8601 instant: '" + text + "'", e);
    }
  }

  private static String stripPrefix(String eventName) {
    return eventName.startsWith("s3:") ? eventName.substring(3) : eventName;
  }

  private static String requireText(JsonNode node, String field) {
    return requireText(node, field, field);
  }

  private static String requireText(JsonNode node, String path, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isEmpty()) {
      throw new MalformedEventException(path + " is missing");
    }
    return value.asText();
  }

  private static JsonNode readObject(String text, String what) {
    if (text == null || text.isBlank()) {
      throw new MalformedEventException(what + " is empty");
    }
    try {
      JsonNode node = JSON.readTree(text);
      if (node == null || !node.isObject()) {
        throw new MalformedEventException(what + " is not a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new MalformedEventException(what + " is not JSON: " + e.getOriginalMessage(), e);
    }
  }
}
