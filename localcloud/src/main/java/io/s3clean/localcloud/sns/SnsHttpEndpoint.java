package io.s3clean.localcloud.sns;

import io.s3clean.localcloud.query.QueryProtocol;
import java.io.IOException;
import java.net.URI;
import java.util.Map;

/**
 * SNS's query protocol on a loopback port, for the SNS calls the handlers make (Publish): the same
 * SDK client code that talks to AWS talks to the embedded topics.
 */
public final class SnsHttpEndpoint implements AutoCloseable {
  private static final String NAMESPACE = "http://sns.amazonaws.com/doc/2010-03-31/";
  private final QueryProtocol server;
  private final SnsService sns;

  public SnsHttpEndpoint(SnsService sns, int port) throws IOException {
    this.sns = sns;
    this.server = new QueryProtocol(port, "sns-endpoint", this::answer);
  }

  public URI endpoint() {
    return server.endpoint();
  }

  private QueryProtocol.Answer answer(Map<String, String> form) {
    String action = form.getOrDefault("Action", "");
    if (!action.equals("Publish")) {
      return QueryProtocol.error(NAMESPACE, 400, "Sender", "InvalidAction",
          "The embedded cloud's SNS endpoint serves Publish only, not '" + action + "'");
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

  @Override
  public void close() {
    server.close();
  }
}
