package io.s3clean.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Writes messages in the exact shapes AWS delivers: the S3 event notification (version 2.1), S3's
 * test event, and the SNS envelope around either. The embedded cloud raises its notifications with
 * it, and tests and benchmarks use it to speak to the handlers as AWS would.
 */
public final class S3EventMessages {
  private static final ObjectMapper JSON = new ObjectMapper();

  private S3EventMessages() {}

  /**
   * One record of an S3 event; {@code size} and {@code eTag} are left out for removals, as S3 does.
   *
   * @param versionId the version created or removed (a delete marker's own, {@code "null"} for a
   *     key's null version) on a bucket that is or was versioned; null, and left out, on one never
   *     versioned
   */
  public record Change(
      String region,
      String bucket,
      String key,
      String eventName,
      Long size,
      String eTag,
      String sequencer,
      Instant eventTime,
      String versionId) {

    /** A change of a bucket never versioned. */
    public Change(
        String region,
        String bucket,
        String key,
        String eventName,
        Long size,
        String eTag,
        String sequencer,
        Instant eventTime) {
      this(region, bucket, key, eventName, size, eTag, sequencer, eventTime, null);
    }
  }

  public static String s3Event(Change change) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode record = root.putArray("Records").addObject();
    record.put("eventVersion", "2.1");
    record.put("eventSource", "aws:s3");
    record.put("awsRegion", change.region());
    record.put("eventTime", change.eventTime().truncatedTo(ChronoUnit.MILLIS).toString());
    record.put("eventName", change.eventName());
    record.putObject("userIdentity").put("principalId", "AWS:S3CLEAN");
    record.putObject("requestParameters").put("sourceIPAddress", "127.0.0.1");
    ObjectNode response = record.putObject("responseElements");
    response.put("x-amz-request-id", requestId());
    response.put("x-amz-id-2", requestId());
    ObjectNode s3 = record.putObject("s3");
    s3.put("s3SchemaVersion", "1.0");
    s3.put("configurationId", "s3clean");
    ObjectNode bucket = s3.putObject("bucket");
    bucket.put("name", change.bucket());
    bucket.putObject("ownerIdentity").put("principalId", "S3CLEAN");
    bucket.put("arn", "arn:aws:s3:::" + change.bucket());
    ObjectNode object = s3.putObject("object");
    object.put("key", encodeKey(change.key()));
    if (change.size() != null) {
      object.put("size", change.size());
    }
    if (change.eTag() != null) {
      object.put("eTag", change.eTag());
    }
    if (change.versionId() != null) {
      object.put("versionId", change.versionId());
    }
    object.put("sequencer", change.sequencer());
    return write(root);
  }

  public static String testEvent(String bucket, Instant time) {
    ObjectNode root = JSON.createObjectNode();
    root.put("Service", "Amazon S3");
    root.put("Event", "s3:TestEvent");
    root.put("Time", time.truncatedTo(ChronoUnit.MILLIS).toString());
    root.put("Bucket", bucket);
    root.put("RequestId", requestId());
    root.put("HostId", requestId());
    return write(root);
  }

  /** The body SNS gives a subscribed queue without raw message delivery. */
  public static String snsEnvelope(String topicArn, String subject, String message, Instant time) {
    ObjectNode root = JSON.createObjectNode();
    String messageId = UUID.randomUUID().toString();
    root.put("Type", "Notification");
    root.put("MessageId", messageId);
    root.put("TopicArn", topicArn);
    if (subject != null) {
      root.put("Subject", subject);
    }
    root.put("Message", message);
    root.put("Timestamp", time.truncatedTo(ChronoUnit.MILLIS).toString());
    root.put("SignatureVersion", "1");
    // Nothing here can sign as SNS does; consumers of this stack never verify signatures of queued
    // messages.
    root.put("Signature", "");
    root.put("SigningCertURL", "");
    root.put("UnsubscribeURL", "");
    return write(root);
  }

  /**
   * S3 form-encodes keys in notifications ("red flower.jpg" becomes "red+flower.jpg") but, as
   * observed on AWS, leaves {@code /} alone; consumers decode either form the same way.
   */
  public static String encodeKey(String key) {
    return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
  }

  private static String requestId() {
    return UUID.randomUUID()
        .toString()
        .replace("-", "")
        .substring(0, 16)
        .toUpperCase(java.util.Locale.ROOT);
  }

  private static String write(ObjectNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
