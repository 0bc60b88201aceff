package io.s3clean.localcloud.iam;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sns.model.SnsException;

/**
 * Checks every SDK call of one hosted function against its role's policy, before the call leaves
 * the process, and fails a call the policy does not allow with the error AWS would return. It also
 * remembers which grants calls used, so the template's policies can be trimmed to what is needed.
 */
public final class IamCheck implements ExecutionInterceptor {
  private final String principal;
  private volatile Policy policy;
  private final RequestAuthorizations authorizations;
  private final Set<AccessRequest> allowed = ConcurrentHashMap.newKeySet();

  /** A grant: one action pattern on one resource pattern of one statement. */
  public record Grant(int statement, String action, String resource) {}

  public IamCheck(String roleName, String functionName, String accountId, Policy policy,
      RequestAuthorizations authorizations) {
    this.principal = "arn:aws:sts::" + accountId + ":assumed-role/" + roleName + "/" + functionName;
    this.policy = policy;
    this.authorizations = authorizations;
  }

  /** A stack update changed the role's policy; it applies from the next call on, as on AWS. */
  public void replacePolicy(Policy replacement) {
    this.policy = replacement;
  }

  /**
   * Checks a call the Lambda service makes with the function's role (polling its queue, writing
   * its logs) rather than the handler's code.
   *
   * @throws IllegalStateException naming the first action the role lacks
   */
  public void requireForService(List<AccessRequest> needed, String purpose) {
    for (AccessRequest request : needed) {
      if (policy.allowing(request.action(), request.resource()) == null) {
        throw new IllegalStateException("The function's execution role " + principal + " does not have permission to call "
            + request.action() + " on " + request.resource() + ", which " + purpose + " needs");
      }
      allowed.add(request);
    }
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    SdkRequest request = context.request();
    for (AccessRequest needed : authorizations.of(request)) {
      if (policy.allowing(needed.action(), needed.resource()) == null) {
        throw denied(request, needed);
      }
      allowed.add(needed);
    }
  }

  /**
   * Without s3:ListBucket, S3 answers a read of a missing key with 403 rather than 404, so that
   * the caller learns nothing about which keys exist.
   */
  @Override
  public Throwable modifyException(Context.FailedExecution context, ExecutionAttributes attributes) {
    SdkRequest request = context.request();
    Throwable failure = context.exception();
    if (failure instanceof S3Exception s3 && s3.statusCode() == 404) {
      String bucket = request instanceof HeadObjectRequest h ? h.bucket()
          : request instanceof GetObjectRequest g ? g.bucket() : null;
      if (bucket != null) {
        AccessRequest listBucket = new AccessRequest("s3:ListBucket", RequestAuthorizations.bucketArn(bucket));
        if (policy.allowing(listBucket.action(), listBucket.resource()) == null) {
          return denied(request, listBucket);
        }
        // the grant is what made this a 404: it was used
        allowed.add(listBucket);
      }
    }
    return failure;
  }

  /** Grants of the policy that no call has used so far. */
  public List<Grant> unusedGrants() {
    List<Grant> unused = new ArrayList<>();
    for (Policy.Statement statement : policy.statements()) {
      if (!statement.allow()) {
        continue;
      }
      for (String action : statement.actions()) {
        for (String resource : statement.resources()) {
          Policy.Statement single = new Policy.Statement(statement.index(), true, List.of(action), List.of(resource));
          if (allowed.stream().noneMatch(a -> single.matches(a.action(), a.resource()))) {
            unused.add(new Grant(statement.index(), action, resource));
          }
        }
      }
    }
    return unused;
  }

  private AwsServiceException denied(SdkRequest request, AccessRequest needed) {
    String message = "User: " + principal + " is not authorized to perform: " + needed.action()
        + " on resource: " + needed.resource() + " because no identity-based policy allows the "
        + needed.action() + " action";
    String service = request.getClass().getPackageName();
    if (service.contains(".s3.")) {
      return S3Exception.builder().statusCode(403).message(message)
          .awsErrorDetails(details("AccessDenied", message, "S3")).build();
    }
    if (service.contains(".sns.")) {
      return SnsException.builder().statusCode(403).message(message)
          .awsErrorDetails(details("AuthorizationError", message, "Sns")).build();
    }
    return DynamoDbException.builder().statusCode(400).message(message)
        .awsErrorDetails(details("AccessDeniedException", message, "DynamoDb")).build();
  }

  private static AwsErrorDetails details(String code, String message, String service) {
    return AwsErrorDetails.builder().errorCode(code).errorMessage(message).serviceName(service).build();
  }
}
