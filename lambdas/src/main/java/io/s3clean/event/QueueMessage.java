package io.s3clean.event;

/** One SQS message as the domain sees it: its id (for batch item failures) and its body. */
public record QueueMessage(String messageId, String body) {}
