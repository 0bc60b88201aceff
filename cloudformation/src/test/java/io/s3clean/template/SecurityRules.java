package io.s3clean.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The security rules every version of the template must keep. Each rule returns one readable
 * violation per problem ("Logical-id: what is wrong"), so a failing check says what to fix.
 */
final class SecurityRules {
  /**
   * The only actions a role may grant on Resource "*": AWS offers nothing narrower for them.
   * Anything else on "*" is a violation, however harmless it looks.
   */
  static final Map<String, String> ALLOWED_ON_ANY_RESOURCE =
      Map.of(
          "xray:PutTraceSegments", "X-Ray has no resource-level permissions",
          "xray:PutTelemetryRecords", "X-Ray has no resource-level permissions",
          "cloudwatch:PutMetricData",
              "metrics have no ARN; narrow it with a cloudwatch:namespace condition instead");

  private static final List<String> PUBLIC_ACCESS_FLAGS =
      List.of("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets");
  private static final Set<String> POLICY_RESOURCE_TYPES =
      Set.of("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::RolePolicy");

  private SecurityRules() {}

  static List<String> check(CloudFormationTemplate template) {
    return Stream.<Function<CloudFormationTemplate, List<String>>>of(
            SecurityRules::bucketsBlockAllPublicAccess,
            SecurityRules::bucketsAreEncrypted,
            SecurityRules::bucketsDenyInsecureTransport,
            SecurityRules::queuesTopicsAndTablesAreEncrypted,
            SecurityRules::roleStatementsNameEveryAction,
            SecurityRules::roleStatementsNameTheirResources,
            SecurityRules::rolesAttachNoManagedPolicies)
        .flatMap(rule -> rule.apply(template).stream())
        .toList();
  }

  static List<String> bucketsBlockAllPublicAccess(CloudFormationTemplate template) {
    List<String> violations = new ArrayList<>();
    for (Resource bucket : template.resourcesOfType("AWS::S3::Bucket")) {
      Object block = bucket.properties().get("PublicAccessBlockConfiguration");
      if (!(block instanceof Map<?, ?> flags)) {
        violations.add(
            bucket.logicalId()
                + ": no PublicAccessBlockConfiguration (all four flags must be true)");
        continue;
      }
      for (String flag : PUBLIC_ACCESS_FLAGS) {
        if (!isTrue(flags.get(flag))) {
          violations.add(
              bucket.logicalId() + ": PublicAccessBlockConfiguration." + flag + " must be true");
        }
      }
    }
    return violations;
  }

  static List<String> bucketsAreEncrypted(CloudFormationTemplate template) {
    List<String> violations = new ArrayList<>();
    for (Resource bucket : template.resourcesOfType("AWS::S3::Bucket")) {
      List<?> rules =
          list(path(bucket.properties(), "BucketEncryption", "ServerSideEncryptionConfiguration"));
      boolean encrypted =
          !rules.isEmpty()
              && rules.stream()
                  .allMatch(
                      rule -> path(rule, "ServerSideEncryptionByDefault", "SSEAlgorithm") != null);
      if (!encrypted) {
        violations.add(bucket.logicalId() + ": no BucketEncryption with a default SSEAlgorithm");
      }
    }
    return violations;
  }

  static List<String> bucketsDenyInsecureTransport(CloudFormationTemplate template) {
    List<String> violations = new ArrayList<>();
    for (Resource bucket : template.resourcesOfType("AWS::S3::Bucket")) {
      String id = bucket.logicalId();
      boolean denied =
          template.resourcesOfType("AWS::S3::BucketPolicy").stream()
              .filter(
                  policy ->
                      Intrinsics.refTarget(policy.properties().get("Bucket"))
                          .filter(id::equals)
                          .isPresent())
              .flatMap(policy -> statements(policy.properties().get("PolicyDocument")))
              .anyMatch(statement -> deniesInsecureTransport(statement, id));
      if (!denied) {
        violations.add(
            id
                + ": no bucket policy statement denying s3:* on the bucket and its objects"
                + " when aws:SecureTransport is false");
      }
    }
    return violations;
  }

  private static boolean deniesInsecureTransport(Map<?, ?> statement, String bucketId) {
    Object principal = statement.get("Principal");
    boolean anyone =
        "*".equals(principal) || (principal instanceof Map<?, ?> p && "*".equals(p.get("AWS")));
    List<String> actions = strings(statement.get("Action"));
    List<String> resources =
        list(statement.get("Resource")).stream().map(SecurityRules::render).toList();
    String bucketArn = "${" + bucketId + ".Arn}";
    return "Deny".equals(statement.get("Effect"))
        && anyone
        && (actions.contains("s3:*") || actions.contains("*"))
        && resources.contains(bucketArn)
        && resources.contains(bucketArn + "/*")
        && isFalse(path(statement.get("Condition"), "Bool", "aws:SecureTransport"));
  }

  static List<String> queuesTopicsAndTablesAreEncrypted(CloudFormationTemplate template) {
    List<String> violations = new ArrayList<>();
    for (Resource queue : template.resourcesOfType("AWS::SQS::Queue")) {
      if (!isTrue(queue.properties().get("SqsManagedSseEnabled"))
          && !queue.properties().containsKey("KmsMasterKeyId")) {
        violations.add(
            queue.logicalId()
                + ": queue is not encrypted (set SqsManagedSseEnabled: true or KmsMasterKeyId)");
      }
    }
    for (Resource topic : template.resourcesOfType("AWS::SNS::Topic")) {
      if (!topic.properties().containsKey("KmsMasterKeyId")) {
        violations.add(topic.logicalId() + ": topic is not encrypted (set KmsMasterKeyId)");
      }
    }
    for (Resource table : template.resourcesOfType("AWS::DynamoDB::Table")) {
      if (!isTrue(path(table.properties(), "SSESpecification", "SSEEnabled"))) {
        violations.add(
            table.logicalId()
                + ": table is not KMS-encrypted (set SSESpecification.SSEEnabled: true)");
      }
    }
    return violations;
  }

  static List<String> roleStatementsNameEveryAction(CloudFormationTemplate template) {
    List<String> violations = new ArrayList<>();
    forEachAllowStatement(
        template,
        (owner, statement) -> {
          if (statement.containsKey("NotAction")) {
            violations.add(owner + ": allows NotAction, which grants every other action");
          }
          strings(statement.get("Action")).stream()
              .filter(action -> action.contains("*"))
              .forEach(
                  action ->
                      violations.add(
                          owner + ": wildcard action " + action + " (name each action)"));
        });
    return violations;
  }

  static List<String> roleStatementsNameTheirResources(CloudFormationTemplate template) {
    List<String> violations = new ArrayList<>();
    forEachAllowStatement(
        template,
        (owner, statement) -> {
          if (statement.containsKey("NotResource")) {
            violations.add(owner + ": allows NotResource, which grants every other resource");
          }
          if (list(statement.get("Resource")).contains("*")) {
            strings(statement.get("Action")).stream()
                .filter(action -> !ALLOWED_ON_ANY_RESOURCE.containsKey(action))
                .forEach(
                    action ->
                        violations.add(
                            owner
                                + ": grants "
                                + action
                                + " on Resource \"*\" (scope it to this stack's resources, or add"
                                + " it to the allow-list with the reason AWS offers nothing"
                                + " narrower)"));
          }
        });
    return violations;
  }

  static List<String> rolesAttachNoManagedPolicies(CloudFormationTemplate template) {
    List<String> violations = new ArrayList<>();
    for (Resource role : template.resourcesOfType("AWS::IAM::Role")) {
      if (!list(role.properties().get("ManagedPolicyArns")).isEmpty()) {
        violations.add(
            role.logicalId()
                + ": attaches ManagedPolicyArns (write scoped inline statements instead)");
      }
    }
    return violations;
  }

  private interface StatementVisitor {
    void visit(String owner, Map<?, ?> statement);
  }

  private static void forEachAllowStatement(
      CloudFormationTemplate template, StatementVisitor visitor) {
    for (Resource role : template.resourcesOfType("AWS::IAM::Role")) {
      for (Object policy : list(role.properties().get("Policies"))) {
        String owner = role.logicalId() + " policy " + path(policy, "PolicyName");
        statements(path(policy, "PolicyDocument"))
            .filter(statement -> "Allow".equals(statement.get("Effect")))
            .forEach(statement -> visitor.visit(owner, statement));
      }
    }
    for (Resource policy : template.resources().values()) {
      if (POLICY_RESOURCE_TYPES.contains(policy.type())) {
        statements(policy.properties().get("PolicyDocument"))
            .filter(statement -> "Allow".equals(statement.get("Effect")))
            .forEach(statement -> visitor.visit(policy.logicalId(), statement));
      }
    }
  }

  /** Statements of a policy document, with both branches of any Fn::If around a statement. */
  private static Stream<Map<?, ?>> statements(Object document) {
    return list(path(document, "Statement")).stream()
        .flatMap(SecurityRules::alternatives)
        .filter(Map.class::isInstance)
        .map(statement -> (Map<?, ?>) statement);
  }

  /** What a value may become: each branch of an Fn::If (AWS::NoValue drops out), else itself. */
  private static Stream<Object> alternatives(Object value) {
    if (value instanceof Map<?, ?> map
        && map.get("Fn::If") instanceof List<?> branches
        && branches.size() == 3) {
      return Stream.of(branches.get(1), branches.get(2))
          .filter(
              branch -> !Intrinsics.refTarget(branch).filter("AWS::NoValue"::equals).isPresent())
          .flatMap(SecurityRules::alternatives);
    }
    return Stream.of(value);
  }

  /** A one-or-many value as a list, every Fn::If expanded to its branches. */
  private static List<?> list(Object value) {
    if (value == null) {
      return List.of();
    }
    return alternatives(value)
        .flatMap(
            item ->
                item instanceof List<?> items
                    ? items.stream().flatMap(SecurityRules::alternatives)
                    : Stream.of(item))
        .toList();
  }

  private static List<String> strings(Object value) {
    return list(value).stream().map(String::valueOf).toList();
  }

  private static Object path(Object value, String... keys) {
    Object current = value;
    for (String key : keys) {
      if (!(current instanceof Map<?, ?> map)) {
        return null;
      }
      current = map.get(key);
    }
    return current;
  }

  /** An ARN expression as text: ${Id.Arn} for GetAtt, the pattern for Sub, the string itself. */
  private static String render(Object value) {
    if (value instanceof Map<?, ?> map && map.get("Fn::GetAtt") instanceof List<?> getAtt) {
      return "${" + getAtt.get(0) + "." + getAtt.get(1) + "}";
    }
    if (value instanceof Map<?, ?> map && map.containsKey("Fn::Sub")) {
      Object sub = map.get("Fn::Sub");
      return String.valueOf(sub instanceof List<?> withVariables ? withVariables.get(0) : sub);
    }
    return Objects.toString(value);
  }

  private static boolean isTrue(Object value) {
    return Boolean.TRUE.equals(value) || "true".equalsIgnoreCase(String.valueOf(value));
  }

  private static boolean isFalse(Object value) {
    return Boolean.FALSE.equals(value) || "false".equalsIgnoreCase(String.valueOf(value));
  }
}
