package io.s3clean.localcloud.sns;

import io.s3clean.event.S3EventMessages;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * SNS topics of the embedded cloud: fan-out to SQS subscriptions in SNS's envelope (or raw, per
 * subscription) and an outbox for the protocols nothing here can deliver, such as email.
 */
public final class SnsService {
  private final String region;
  private final String accountId;
  private final SqsClient sqs;
  private final Clock clock;
  private final Map<String, List<Subscription>> topics = new ConcurrentHashMap<>();
  private final Map<String, String> queueUrls = new ConcurrentHashMap<>();
  private final List<Delivery> outbox = new CopyOnWriteArrayList<>();

  public record Subscription(String arn, String topicArn, String protocol, String endpoint, boolean rawDelivery) {}

  /** A message for a subscriber nothing here delivers to; the CLI can show them. */
  public record Delivery(String topicArn, String protocol, String endpoint, String subject, String message) {}

  public SnsService(String region, String accountId, SqsClient sqs, Clock clock) {
    this.region = region;
    this.accountId = accountId;
    this.sqs = sqs;
    this.clock = clock;
  }

  public String createTopic(String name) {
    String arn = "arn:aws:sns:" + region + ":" + accountId + ":" + name;
    topics.putIfAbsent(arn, new CopyOnWriteArrayList<>());
    return arn;
  }

  public boolean exists(String topicArn) {
    return topics.containsKey(topicArn);
  }

  public String subscribe(String topicArn, String protocol, String endpoint, boolean rawDelivery) {
    List<Subscription> subscriptions = topic(topicArn);
    if (!protocol.equals("sqs") && !protocol.equals("email") && !protocol.equals("email-json")) {
      throw new IllegalArgumentException("the embedded cloud delivers SNS to sqs and email only, not " + protocol);
    }
    String arn = topicArn + ":" + UUID.randomUUID();
    subscriptions.add(new Subscription(arn, topicArn, protocol, endpoint, rawDelivery));
    return arn;
  }

  public List<Subscription> subscriptions(String topicArn) {
    return List.copyOf(topic(topicArn));
  }

  /** @return the message id */
  public String publish(String topicArn, String subject, String message) {
    List<Subscription> subscriptions = topic(topicArn);
    String messageId = UUID.randomUUID().toString();
    for (Subscription subscription : subscriptions) {
      if (subscription.protocol().equals("sqs")) {
        String body = subscription.rawDelivery()
            ? message
            : S3EventMessages.snsEnvelope(topicArn, subject, message, clock.instant());
        sqs.sendMessage(r -> r.queueUrl(queueUrl(subscription.endpoint())).messageBody(body));
      } else {
        outbox.add(new Delivery(topicArn, subscription.protocol(), subscription.endpoint(), subject, message));
      }
    }
    return messageId;
  }

  public List<Delivery> outbox() {
    return List.copyOf(outbox);
  }

  public Optional<String> topicArnNamed(String name) {
    return topics.keySet().stream().filter(arn -> arn.endsWith(":" + name)).findFirst();
  }

  private List<Subscription> topic(String topicArn) {
    List<Subscription> subscriptions = topics.get(topicArn);
    if (subscriptions == null) {
      throw new NotFoundException("Topic does not exist: " + topicArn);
    }
    return subscriptions;
  }

  /** Queue ARNs are {@code arn:aws:sqs:region:account:name}. */
  private String queueUrl(String queueArn) {
    return queueUrls.computeIfAbsent(queueArn, arn -> {
      String name = arn.substring(arn.lastIndexOf(':') + 1);
      return sqs.getQueueUrl(r -> r.queueName(name)).queueUrl();
    });
  }

  /** Publishing to or subscribing a topic that does not exist, as SNS's NotFound error. */
  public static final class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
      super(message);
    }
  }
}
