package io.s3clean.localcloud.sqs;

/** What SendMessage answers for one message. */
public record SentMessage(
    String messageId,
    String md5OfBody,
    String md5OfMessageAttributes,
    String md5OfMessageSystemAttributes) {}
