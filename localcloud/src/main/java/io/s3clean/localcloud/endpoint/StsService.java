package io.s3clean.localcloud.endpoint;

import io.s3clean.localcloud.iam.IamCheck;
import io.s3clean.localcloud.query.QueryProtocol;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.Function;

/**
 * STS at the endpoint: GetCallerIdentity (the account's root), and AssumeRole of a function's role,
 * which hands out the credentials Lambda gives that function, so that any client can act as the
 * role and meet its policy at the endpoint.
 */
public final class StsService implements ServiceHandler {
  private static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
  private final String accountId;
  private final Function<String, Optional<IamCheck.Credentials>> roles;

  /** An STS that knows no role. */
  public StsService(String accountId) {
    this(accountId, role -> Optional.empty());
  }

  /**
   * @param roles a role's credentials by the role's name, if a function has that role
   */
  public StsService(String accountId, Function<String, Optional<IamCheck.Credentials>> roles) {
    this.accountId = accountId;
    this.roles = roles;
  }

  @Override
  public AwsResponse handle(AwsRequest request) {
    String action =
        request
            .formBody()
            .getOrDefault("Action", request.queryParameters().getOrDefault("Action", ""));
    switch (action) {
      case "GetCallerIdentity":
        return QueryProtocol.ok(
            NAMESPACE,
            "GetCallerIdentity",
            "<GetCallerIdentityResult><Arn>arn:aws:iam::"
                + accountId
                + ":root</Arn><UserId>"
                + accountId
                + "</UserId><Account>"
                + accountId
                + "</Account></GetCallerIdentityResult>");
      case "AssumeRole":
        return assumeRole(
            request.formBody().getOrDefault("RoleArn", ""),
            request.formBody().getOrDefault("RoleSessionName", "session"));
      default:
        return QueryProtocol.error(
            NAMESPACE,
            400,
            "Sender",
            "InvalidAction",
            "The embedded cloud's STS serves GetCallerIdentity and AssumeRole, not '"
                + action
                + "'");
    }
  }

  private AwsResponse assumeRole(String roleArn, String session) {
    String prefix = "arn:aws:iam::" + accountId + ":role/";
    Optional<IamCheck.Credentials> credentials =
        roleArn.startsWith(prefix)
            ? roles.apply(roleArn.substring(prefix.length()))
            : Optional.empty();
    if (credentials.isEmpty()) {
      return QueryProtocol.error(
          NAMESPACE,
          403,
          "Sender",
          "AccessDenied",
          "The embedded cloud hands out the"
              + " credentials of its functions' roles only; '"
              + roleArn
              + "' is none of them");
    }
    IamCheck.Credentials keys = credentials.get();
    String roleName = roleArn.substring(prefix.length());
    return QueryProtocol.ok(
        NAMESPACE,
        "AssumeRole",
        "<AssumeRoleResult><Credentials><AccessKeyId>"
            + keys.accessKeyId()
            + "</AccessKeyId><SecretAccessKey>"
            + keys.secretAccessKey()
            + "</SecretAccessKey><SessionToken>"
            + keys.sessionToken()
            + "</SessionToken><Expiration>"
            + Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS)
            + "</Expiration></Credentials>"
            + "<AssumedRoleUser><AssumedRoleId>AROA"
            + keys.accessKeyId().substring(4)
            + ":"
            + session
            + "</AssumedRoleId><Arn>arn:aws:sts::"
            + accountId
            + ":assumed-role/"
            + roleName
            + "/"
            + session
            + "</Arn></AssumedRoleUser></AssumeRoleResult>");
  }
}
