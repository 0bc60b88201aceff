package io.s3clean.localcloud.sns;

import io.s3clean.localcloud.endpoint.AwsRequest;
import io.s3clean.localcloud.endpoint.AwsResponse;
import io.s3clean.localcloud.endpoint.ServiceHandler;
import io.s3clean.localcloud.query.QueryProtocol;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * SNS's query protocol behind the endpoint: Publish for the handlers, and the reads the AWS CLI and
 * the SDKs make of the stack's topics and subscriptions.
 */
public final class SnsQueryService implements ServiceHandler {
  private static final String NAMESPACE = "http://sns.amazonaws.com/doc/2010-03-31/";
  private final SnsService sns;

  public SnsQueryService(SnsService sns) {
    this.sns = sns;
  }

  /** SNS says AuthorizationError. */
  @Override
  public AwsResponse accessDenied(AwsRequest request, String message) {
    return QueryProtocol.error(NAMESPACE, 403, "Sender", "AuthorizationError", message);
  }

  @Override
  public AwsResponse handle(AwsRequest request) {
    Map<String, String> form = request.formBody();
    String action = form.getOrDefault("Action", "");
    try {
      switch (action) {
        case "Publish":
          return publish(form, io.s3clean.localcloud.usage.EndpointMetering.payer(request));
        case "ListTopics":
          return QueryProtocol.ok(
              NAMESPACE,
              action,
              "<ListTopicsResult><Topics>"
                  + sns.topicArns().stream()
                      .sorted()
                      .map(arn -> "<member><TopicArn>" + arn + "</TopicArn></member>")
                      .collect(Collectors.joining())
                  + "</Topics></ListTopicsResult>");
        case "ListSubscriptions":
          return QueryProtocol.ok(
              NAMESPACE,
              action,
              "<ListSubscriptionsResult><Subscriptions>"
                  + sns.topicArns().stream()
                      .sorted()
                      .flatMap(arn -> sns.subscriptions(arn).stream())
                      .map(this::member)
                      .collect(Collectors.joining())
                  + "</Subscriptions></ListSubscriptionsResult>");
        case "ListSubscriptionsByTopic":
          return QueryProtocol.ok(
              NAMESPACE,
              action,
              "<ListSubscriptionsByTopicResult><Subscriptions>"
                  + sns.subscriptions(required(form, "TopicArn")).stream()
                      .map(this::member)
                      .collect(Collectors.joining())
                  + "</Subscriptions></ListSubscriptionsByTopicResult>");
        case "GetTopicAttributes":
          return topicAttributes(required(form, "TopicArn"));
        default:
          return QueryProtocol.error(
              NAMESPACE,
              400,
              "Sender",
              "InvalidAction",
              "The embedded cloud's SNS serves "
                  + "Publish, ListTopics, ListSubscriptions, ListSubscriptionsByTopic and GetTopicAttributes, not '"
                  + action
                  + "'");
      }
    } catch (SnsService.NotFoundException e) {
      return QueryProtocol.error(NAMESPACE, 404, "Sender", "NotFound", e.getMessage());
    } catch (IllegalArgumentException e) {
      return QueryProtocol.error(NAMESPACE, 400, "Sender", "InvalidParameter", e.getMessage());
    }
  }

  private AwsResponse publish(
      Map<String, String> form, io.s3clean.localcloud.usage.UsageMeter.Payer payer) {
    String id =
        sns.publish(
            required(form, "TopicArn"), form.get("Subject"), required(form, "Message"), payer);
    return QueryProtocol.ok(
        NAMESPACE, "Publish", "<PublishResult><MessageId>" + id + "</MessageId></PublishResult>");
  }

  private AwsResponse topicAttributes(String topicArn) {
    int subscriptions = sns.subscriptions(topicArn).size();
    Map<String, String> attributes = new java.util.LinkedHashMap<>();
    attributes.put("TopicArn", topicArn);
    attributes.put("Owner", sns.accountId());
    attributes.put("DisplayName", "");
    attributes.put("SubscriptionsConfirmed", Integer.toString(subscriptions));
    attributes.put("SubscriptionsPending", "0");
    attributes.put("SubscriptionsDeleted", "0");
    return QueryProtocol.ok(
        NAMESPACE,
        "GetTopicAttributes",
        "<GetTopicAttributesResult><Attributes>"
            + attributes.entrySet().stream()
                .map(
                    e ->
                        "<entry><key>"
                            + e.getKey()
                            + "</key><value>"
                            + QueryProtocol.escape(e.getValue())
                            + "</value></entry>")
                .collect(Collectors.joining())
            + "</Attributes></GetTopicAttributesResult>");
  }

  private String member(SnsService.Subscription subscription) {
    return "<member><SubscriptionArn>"
        + subscription.arn()
        + "</SubscriptionArn><Owner>"
        + sns.accountId()
        + "</Owner><Protocol>"
        + subscription.protocol()
        + "</Protocol><Endpoint>"
        + QueryProtocol.escape(subscription.endpoint())
        + "</Endpoint><TopicArn>"
        + subscription.topicArn()
        + "</TopicArn></member>";
  }

  private static String required(Map<String, String> form, String name) {
    String value = form.get(name);
    if (value == null) {
      throw new IllegalArgumentException(name + " is required");
    }
    return value;
  }
}
