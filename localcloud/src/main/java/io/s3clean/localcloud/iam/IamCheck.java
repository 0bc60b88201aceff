package io.s3clean.localcloud.iam;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One hosted function's role, as the endpoint checks the requests signed with the credentials
 * Lambda hands the function: each request against the role's policy, refused with AWS's
 * AccessDenied message when no statement allows it, whatever client made it. It also remembers
 * which grants requests used, so the template's policies can be trimmed to what is needed.
 */
public final class IamCheck {
  private final String principal;
  private final String roleName;
  private final Credentials credentials;
  private volatile Policy policy;
  private final Set<AccessRequest> allowed = ConcurrentHashMap.newKeySet();

  /** A grant: one action pattern on one resource pattern of one statement. */
  public record Grant(int statement, String action, String resource) {}

  /**
   * What Lambda hands a function in AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN.
   */
  public record Credentials(String accessKeyId, String secretAccessKey, String sessionToken) {}

  public IamCheck(String roleName, String functionName, String accountId, Policy policy) {
    this.principal = "arn:aws:sts::" + accountId + ":assumed-role/" + roleName + "/" + functionName;
    this.roleName = roleName;
    this.policy = policy;
    // temporary credentials' shape (ASIA...), the same for the same function, none of a real
    // account's
    String id = base32(digest("key:" + principal)).substring(0, 16);
    this.credentials =
        new Credentials(
            "ASIA" + id,
            base32(digest("secret:" + principal)).substring(0, 40),
            base32(digest("token:" + principal)));
  }

  public Credentials credentials() {
    return credentials;
  }

  public String roleName() {
    return roleName;
  }

  /**
   * Whether the policy allows everything {@code needed}; a used grant is remembered.
   *
   * @return AWS's AccessDenied message for the first request the policy does not allow
   */
  public Optional<String> denial(List<AccessRequest> needed) {
    for (AccessRequest request : needed) {
      if (policy.allowing(request.action(), request.resource()) == null) {
        return Optional.of(
            "User: "
                + principal
                + " is not authorized to perform: "
                + request.action()
                + " on resource: "
                + request.resource()
                + " because no identity-based policy allows the "
                + request.action()
                + " action");
      }
    }
    allowed.addAll(needed);
    return Optional.empty();
  }

  /** A stack update changed the role's policy; it applies from the next call on, as on AWS. */
  public void replacePolicy(Policy replacement) {
    this.policy = replacement;
  }

  /**
   * Checks a call the Lambda service makes with the function's role (polling its queue, writing its
   * logs) rather than the handler's code.
   *
   * @throws IllegalStateException naming the first action the role lacks
   */
  public void requireForService(List<AccessRequest> needed, String purpose) {
    for (AccessRequest request : needed) {
      if (policy.allowing(request.action(), request.resource()) == null) {
        throw new IllegalStateException(
            "The function's execution role "
                + principal
                + " does not have permission to call "
                + request.action()
                + " on "
                + request.resource()
                + ", which "
                + purpose
                + " needs");
      }
      allowed.add(request);
    }
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
          Policy.Statement single =
              new Policy.Statement(statement.index(), true, List.of(action), List.of(resource));
          if (allowed.stream().noneMatch(a -> single.matches(a.action(), a.resource()))) {
            unused.add(new Grant(statement.index(), action, resource));
          }
        }
      }
    }
    return unused;
  }

  private static byte[] digest(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static String base32(byte[] bytes) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    StringBuilder out = new StringBuilder();
    for (byte b : bytes) {
      out.append(alphabet.charAt((b & 0xff) % 32)).append(alphabet.charAt(((b & 0xff) >> 3) % 32));
    }
    return out.toString();
  }
}
