package io.s3clean.localcloud.endpoint;

import io.s3clean.localcloud.query.QueryProtocol;

/**
 * STS's GetCallerIdentity, which tools call first to learn the account: every caller of the
 * embedded cloud is the account's root.
 */
public final class StsService implements ServiceHandler {
  private static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
  private final String accountId;

  public StsService(String accountId) {
    this.accountId = accountId;
  }

  @Override
  public AwsResponse handle(AwsRequest request) {
    String action = request.formBody().getOrDefault("Action", request.queryParameters().getOrDefault("Action", ""));
    if (!action.equals("GetCallerIdentity")) {
      return QueryProtocol.error(NAMESPACE, 400, "Sender", "InvalidAction",
          "The embedded cloud's STS serves GetCallerIdentity only, not '" + action + "'");
    }
    return QueryProtocol.ok(NAMESPACE, "GetCallerIdentity", "<GetCallerIdentityResult><Arn>arn:aws:iam::" + accountId
        + ":root</Arn><UserId>" + accountId + "</UserId><Account>" + accountId + "</Account></GetCallerIdentityResult>");
  }
}
