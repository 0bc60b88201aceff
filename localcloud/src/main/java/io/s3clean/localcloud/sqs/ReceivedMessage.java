package io.s3clean.localcloud.sqs;

import java.util.Map;

/**
 * A message as ReceiveMessage hands it out.
 *
 * @param attributes the system attributes asked for (SentTimestamp, ApproximateReceiveCount ...)
 * @param messageAttributes the message attributes asked for
 * @param md5OfMessageAttributes of the attributes returned, null if none
 */
public record ReceivedMessage(
    String messageId,
    String receiptHandle,
    String body,
    String md5OfBody,
    Map<String, String> attributes,
    Map<String, MessageAttribute> messageAttributes,
    String md5OfMessageAttributes) {}
