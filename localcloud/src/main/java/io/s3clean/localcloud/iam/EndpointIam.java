package io.s3clean.localcloud.iam;

import io.s3clean.localcloud.endpoint.AwsEndpoint;
import io.s3clean.localcloud.endpoint.AwsRequest;
import io.s3clean.localcloud.endpoint.AwsResponse;
import io.s3clean.localcloud.endpoint.ServiceHandler;
import io.s3clean.localcloud.s3.S3Address;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * IAM at the endpoint: a request signed with a function role's credentials is checked against the
 * role's policy before its service sees it, and refused as that service refuses (S3's 403
 * AccessDenied, DynamoDB's AccessDeniedException, SNS's AuthorizationError ...), whatever client
 * sent it. A request signed with any other key is the account's own, as before: allowed.
 */
public final class EndpointIam implements AwsEndpoint.Authorizer {
  /** What temporary credentials' key ids start with; the account's own keys here never do. */
  static final String TEMPORARY = "ASIA";

  private final Function<String, Optional<IamCheck>> roles;
  private final WireAuthorizations authorizations;

  /**
   * @param roles the role whose credentials an access key id is, if any
   */
  public EndpointIam(
      Function<String, Optional<IamCheck>> roles, WireAuthorizations authorizations) {
    this.roles = roles;
    this.authorizations = authorizations;
  }

  @Override
  public AwsResponse around(String service, AwsRequest request, ServiceHandler handler) {
    Optional<String> key = request.accessKeyId();
    Optional<IamCheck> role = key.flatMap(roles);
    if (role.isEmpty()) {
      // temporary credentials of no role here (a function gone, a role renamed) are no credentials
      return key.filter(id -> id.startsWith(TEMPORARY)).isPresent()
          ? handler.accessDenied(
              request,
              "The security token included in the request is invalid: "
                  + key.get()
                  + " is the key of no function's role")
          : handler.handle(request);
    }
    Optional<String> denial = role.get().denial(authorizations.of(service, request));
    if (denial.isPresent()) {
      return handler.accessDenied(request, denial.get());
    }
    AwsResponse response = handler.handle(request);
    return service.equals("s3") && response.status() == 404
        ? missingKey(request, role.get(), handler, response)
        : response;
  }

  /**
   * Without s3:ListBucket, S3 answers a read of a missing key with 403 rather than 404, so that the
   * caller learns nothing about which keys exist.
   */
  private static AwsResponse missingKey(
      AwsRequest request, IamCheck role, ServiceHandler handler, AwsResponse notFound) {
    S3Address address = S3Address.of(request);
    if (address.key().isEmpty()
        || !(request.method().equals("GET") || request.method().equals("HEAD"))) {
      return notFound;
    }
    return role.denial(List.of(new AccessRequest("s3:ListBucket", address.bucketArn())))
        .map(message -> handler.accessDenied(request, message))
        .orElse(notFound);
  }
}
