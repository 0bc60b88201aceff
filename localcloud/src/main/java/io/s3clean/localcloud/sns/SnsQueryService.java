package io.s3clean.localcloud.sns;

import io.s3clean.localcloud.endpoint.AwsRequest;
import io.s3clean.localcloud.endpoint.AwsResponse;
import io.s3clean.localcloud.endpoint.ServiceHandler;
import io.s3clean.localcloud.query.QueryProtocol;
import java.util.Map;

/**
 * SNS's query protocol behind the endpoint, for the SNS calls the handlers make (Publish): the same
 * SDK client code that talks to AWS talks to the embedded topics.
 */
public final class SnsQueryService implements ServiceHandler {
  private static final String NAMESPACE = "http://sns.amazonaws.com/doc/2010-03-31/";
  private final SnsService sns;

  public SnsQueryService(SnsService sns) {
    this.sns = sns;
  }

  @Override
  public AwsResponse handle(AwsRequest request) {
    Map<String, String> form = request.formBody();
    String action = form.getOrDefault("Action", "");
    if (!action.equals("Publish")) {
      return QueryProtocol.error(NAMESPACE, 400, "Sender", "InvalidAction",
          "The embedded cloud's SNS serves Publish only, not '" + action + "'");
    }
    String topicArn = form.get("TopicArn");
    String message = form.get("Message");
    if (topicArn == null || message == null) {
      return QueryProtocol.error(NAMESPACE, 400, "Sender", "InvalidParameter", "Publish needs TopicArn and Message");
    }
    try {
      String id = sns.publish(topicArn, form.get("Subject"), message);
      return QueryProtocol.ok(NAMESPACE, "Publish", "<PublishResult><MessageId>" + id + "</MessageId></PublishResult>");
    } catch (SnsService.NotFoundException e) {
      return QueryProtocol.error(NAMESPACE, 404, "Sender", "NotFound", e.getMessage());
    }
  }
}
