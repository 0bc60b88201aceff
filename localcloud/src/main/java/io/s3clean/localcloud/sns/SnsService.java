package io.s3clean.localcloud.sns;

import io.s3clean.event.S3EventMessages;
import io.s3clean.localcloud.s3.S3Notifications;
import io.s3clean.localcloud.sqs.OutgoingMessage;
import io.s3clean.localcloud.sqs.SentMessage;
import io.s3clean.localcloud.sqs.SqsEngine;
import io.s3clean.localcloud.sqs.SqsException;
import io.s3clean.localcloud.usage.EndpointMetering;
import io.s3clean.localcloud.usage.UsageMeter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * SNS topics of the embedded cloud: fan-out to SQS subscriptions in SNS's envelope (or raw, per
 * subscription), straight into the cloud's SQS engine, and an outbox for the protocols nothing here
 * can deliver, such as email.
 */
public final class SnsService {
  private static final System.Logger LOG = System.getLogger(SnsService.class.getName());
  private final String region;
  private final String accountId;
  private final SqsEngine sqs;
  private final Clock clock;
  private final UsageMeter meter;
  private final Map<String, List<Subscription>> topics = new ConcurrentHashMap<>();
  private final List<Delivery> outbox = new CopyOnWriteArrayList<>();

  public record Subscription(
      String arn, String topicArn, String protocol, String endpoint, boolean rawDelivery) {}

  /** A message for a subscriber nothing here delivers to; the CLI can show them. */
  public record Delivery(
      String topicArn, String protocol, String endpoint, String subject, String message) {}

  public SnsService(String region, String accountId, SqsEngine sqs, Clock clock) {
    this(region, accountId, sqs, clock, new UsageMeter(clock));
  }

  /**
   * @param meter counts each message published (a request per 64 KB chunk, as SNS bills it) and
   *     each delivery to a queue, which SQS counts as a request of its own
   */
  public SnsService(String region, String accountId, SqsEngine sqs, Clock clock, UsageMeter meter) {
    this.region = region;
    this.accountId = accountId;
    this.sqs = sqs;
    this.clock = clock;
    this.meter = meter;
  }

  public String createTopic(String name) {
    String arn = "arn:aws:sns:" + region + ":" + accountId + ":" + name;
    topics.putIfAbsent(arn, new CopyOnWriteArrayList<>());
    return arn;
  }

  /** Every topic's ARN, in no particular order. */
  public List<String> topicArns() {
    return List.copyOf(topics.keySet());
  }

  /** A topic's subscriptions. */
  public List<Subscription> subscriptions(String topicArn) {
    return List.copyOf(topic(topicArn));
  }

  public String accountId() {
    return accountId;
  }

  public boolean exists(String topicArn) {
    return topics.containsKey(topicArn);
  }

  public String subscribe(String topicArn, String protocol, String endpoint, boolean rawDelivery) {
    List<Subscription> subscriptions = topic(topicArn);
    if (!protocol.equals("sqs") && !protocol.equals("email") && !protocol.equals("email-json")) {
      throw new IllegalArgumentException(
          "the embedded cloud delivers SNS to sqs and email only, not " + protocol);
    }
    // SNS answers a repeated Subscribe of the same endpoint with the same subscription; its ARN is
    // derived from them here, so a restart re-subscribing gives it the ARN it had
    String arn =
        topicArn
            + ":"
            + UUID.nameUUIDFromBytes(
                (topicArn + "\n" + protocol + "\n" + endpoint)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    subscriptions.add(new Subscription(arn, topicArn, protocol, endpoint, rawDelivery));
    return arn;
  }

  /**
   * @return the message id
   */
  public String publish(String topicArn, String subject, String message) {
    return publish(topicArn, subject, message, UsageMeter.Payer.STACK);
  }

  /**
   * As {@link #publish(String, String, String)}, for a publisher that {@code payer} says who it is.
   */
  public String publish(String topicArn, String subject, String message, UsageMeter.Payer payer) {
    return publishBatch(topicArn, subject, List.of(message), payer).get(0);
  }

  /**
   * Publishes up to ten messages, as SNS's PublishBatch: each is its own SNS message with its own
   * id, and each SQS subscription gets them in one SendMessageBatch instead of one call apiece.
   *
   * @return the message ids, in order
   */
  public List<String> publishBatch(String topicArn, String subject, List<String> messages) {
    return publishBatch(topicArn, subject, messages, UsageMeter.Payer.STACK);
  }

  private List<String> publishBatch(
      String topicArn, String subject, List<String> messages, UsageMeter.Payer payer) {
    if (messages.size() > 10) {
      throw new IllegalArgumentException(
          "PublishBatch takes at most 10 messages, not " + messages.size());
    }
    List<Subscription> subscriptions = topic(topicArn);
    // S3 publishes each event as a message of its own; the batch here is this cloud's shortcut
    for (String message : messages) {
      meter.add(
          "sns", "Publish", UsageMeter.SNS_PUBLISHES, EndpointMetering.chunks(message), payer);
    }
    List<String> messageIds = messages.stream().map(m -> UUID.randomUUID().toString()).toList();
    // One envelope per message for every subscription, as SNS sends the same notification to each.
    Instant now = clock.instant();
    List<String> envelopes =
        messages.stream().map(m -> S3EventMessages.snsEnvelope(topicArn, subject, m, now)).toList();
    for (Subscription subscription : subscriptions) {
      if (subscription.protocol().equals("sqs")) {
        List<OutgoingMessage> bodies = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
          bodies.add(
              OutgoingMessage.of(subscription.rawDelivery() ? messages.get(i) : envelopes.get(i)));
        }
        deliver(subscription, bodies);
        meter.add("sns", "delivery to SQS", UsageMeter.SNS_DELIVERIES, bodies.size(), payer);
        for (OutgoingMessage body : bodies) {
          meter.add(
              "sqs",
              "SendMessage (from SNS)",
              UsageMeter.SQS_REQUESTS,
              EndpointMetering.chunks(body.body()),
              payer);
        }
      } else {
        messages.forEach(
            m ->
                outbox.add(
                    new Delivery(
                        topicArn, subscription.protocol(), subscription.endpoint(), subject, m)));
      }
    }
    return messageIds;
  }

  /**
   * Sends to one SQS subscription. As on AWS, a subscription's failed delivery fails neither the
   * publish nor the other subscriptions: a queue that is gone or refuses a message (too large)
   * loses it, and the cloud logs why. A failure of the engine itself (closed while the cloud stops)
   * still fails the publish, so that its caller can tell.
   */
  private void deliver(Subscription subscription, List<OutgoingMessage> bodies) {
    try {
      // SNS sends as itself: the queue's SenderId is SNS's, the account's here
      List<SqsEngine.Outcome<SentMessage>> outcomes =
          sqs.sendBatch(sqs.queueUrlOfArn(subscription.endpoint()), bodies, accountId);
      outcomes.stream()
          .filter(o -> o.error() != null)
          .findFirst()
          .ifPresent(
              o -> {
                throw o.error();
              });
    } catch (SqsException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "SNS could not deliver to "
              + subscription.endpoint()
              + " ("
              + subscription.arn()
              + "): "
              + e.getMessage());
    }
  }

  /**
   * This service as S3 notifications' destination, bursts going out through {@link #publishBatch}.
   */
  public S3Notifications.Publisher publisher() {
    return new S3Notifications.Publisher() {
      @Override
      public void publish(String topicArn, String subject, String message) {
        SnsService.this.publish(topicArn, subject, message);
      }

      @Override
      public void publishBatch(String topicArn, String subject, List<String> messages) {
        SnsService.this.publishBatch(topicArn, subject, messages);
      }
    };
  }

  public List<Delivery> outbox() {
    return List.copyOf(outbox);
  }

  private List<Subscription> topic(String topicArn) {
    List<Subscription> subscriptions = topics.get(topicArn);
    if (subscriptions == null) {
      throw new NotFoundException("Topic does not exist: " + topicArn);
    }
    return subscriptions;
  }

  /** Publishing to or subscribing a topic that does not exist, as SNS's NotFound error. */
  public static final class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
      super(message);
    }
  }
}
