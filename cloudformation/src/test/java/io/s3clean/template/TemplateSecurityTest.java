package io.s3clean.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The shipped template passes every security rule, and every rule fails on a template broken in the
 * way it guards against: a rule that cannot fail proves nothing.
 */
class TemplateSecurityTest {
  private final CloudFormationTemplate template = ShippedTemplate.parsed();

  @Test
  void shippedTemplatePassesEverySecurityRule() {
    assertThat(SecurityRules.check(template)).isEmpty();
  }

  @Test
  void shippedTemplateHasTheResourcesTheRulesInspect() {
    // Rules over an empty set pass vacuously; make sure they had something to look at.
    assertThat(template.resourcesOfType("AWS::S3::Bucket")).hasSize(2);
    assertThat(template.resourcesOfType("AWS::SQS::Queue")).hasSize(5);
    assertThat(template.resourcesOfType("AWS::SNS::Topic")).hasSize(2);
    assertThat(template.resourcesOfType("AWS::DynamoDB::Table")).hasSize(2);
    assertThat(template.resourcesOfType("AWS::IAM::Role")).hasSize(5);
  }

  @Nested
  class Buckets {
    @Test
    void failWhenAPublicAccessFlagIsNotTrue() {
      publicAccessBlock("PlotBucket").put("BlockPublicPolicy", false);
      publicAccessBlock("WatchedBucket").remove("RestrictPublicBuckets");

      assertThat(SecurityRules.check(template))
          .containsExactly(
              "WatchedBucket: PublicAccessBlockConfiguration.RestrictPublicBuckets must be true",
              "PlotBucket: PublicAccessBlockConfiguration.BlockPublicPolicy must be true");
    }

    @Test
    void failWithoutAPublicAccessBlock() {
      properties("PlotBucket").remove("PublicAccessBlockConfiguration");

      assertThat(SecurityRules.check(template))
          .containsExactly(
              "PlotBucket: no PublicAccessBlockConfiguration (all four flags must be true)");
    }

    @Test
    void failWithoutDefaultEncryption() {
      properties("WatchedBucket").remove("BucketEncryption");

      assertThat(SecurityRules.check(template))
          .containsExactly("WatchedBucket: no BucketEncryption with a default SSEAlgorithm");
    }

    @Test
    void failWithoutABucketPolicy() {
      assertThat(resourcesSection().remove("PlotBucketPolicy")).isNotNull();

      assertThat(SecurityRules.check(template))
          .singleElement()
          .asString()
          .startsWith("PlotBucket: no bucket policy statement denying s3:*")
          .endsWith("when aws:SecureTransport is false");
    }

    @Test
    void failWhenTheInsecureTransportDenialMissesTheObjects() {
      tlsStatement("WatchedBucketPolicy")
          .put("Resource", Map.of("Fn::GetAtt", List.of("WatchedBucket", "Arn")));

      assertThat(SecurityRules.check(template))
          .singleElement()
          .asString()
          .startsWith("WatchedBucket: no bucket policy");
    }

    @Test
    void failWhenTheStatementAllowsInsteadOfDenying() {
      tlsStatement("WatchedBucketPolicy").put("Effect", "Allow");

      assertThat(SecurityRules.check(template))
          .singleElement()
          .asString()
          .startsWith("WatchedBucket: no bucket policy");
    }

    private Map<String, Object> publicAccessBlock(String bucket) {
      return cast(properties(bucket).get("PublicAccessBlockConfiguration"));
    }

    private Map<String, Object> tlsStatement(String policy) {
      Map<String, Object> document = cast(properties(policy).get("PolicyDocument"));
      List<Object> statements = cast(document.get("Statement"));
      return cast(statements.get(0));
    }
  }

  @Nested
  class Encryption {
    @Test
    void failsForAQueueWithoutServerSideEncryption() {
      properties("TrackingQueue").remove("SqsManagedSseEnabled");

      assertThat(SecurityRules.check(template))
          .containsExactly(
              "TrackingQueue: queue is not encrypted (set SqsManagedSseEnabled: true or"
                  + " KmsMasterKeyId)");
    }

    @Test
    void failsForAQueueWithServerSideEncryptionTurnedOff() {
      properties("LoggingDeadLetterQueue").put("SqsManagedSseEnabled", false);

      assertThat(SecurityRules.check(template))
          .singleElement()
          .asString()
          .startsWith("LoggingDeadLetterQueue: queue is not encrypted");
    }

    @Test
    void failsForATopicWithoutAKey() {
      properties("NotifyTopic").remove("KmsMasterKeyId");

      assertThat(SecurityRules.check(template))
          .containsExactly("NotifyTopic: topic is not encrypted (set KmsMasterKeyId)");
    }

    @Test
    void failsForATableWithoutSse() {
      properties("HistoryTable").remove("SSESpecification");

      assertThat(SecurityRules.check(template))
          .containsExactly(
              "HistoryTable: table is not KMS-encrypted (set SSESpecification.SSEEnabled: true)");
    }
  }

  @Nested
  class Roles {
    @Test
    void failWhenAnActionIsGrantedOnEveryResource() {
      addStatement(
          "CleanerRole", Map.of("Effect", "Allow", "Action", "s3:DeleteObject", "Resource", "*"));

      assertThat(SecurityRules.check(template))
          .singleElement()
          .asString()
          .startsWith("CleanerRole policy cleaner: grants s3:DeleteObject on Resource \"*\"");
    }

    @Test
    void failWhenAStarGrantHidesInAConditionalStatement() {
      addStatement(
          "PlottingRole",
          Map.of(
              "Fn::If",
              List.of(
                  "HasNotificationEmail",
                  Map.of(
                      "Effect",
                      "Allow",
                      "Action",
                      List.of("sns:Publish"),
                      "Resource",
                      List.of("*")),
                  Map.of("Ref", "AWS::NoValue"))));

      assertThat(SecurityRules.check(template))
          .singleElement()
          .asString()
          .startsWith("PlottingRole policy plotting: grants sns:Publish on Resource \"*\"");
    }

    @Test
    void allowAnActionOnEveryResourceOnlyWhenTheAllowListNamesIt() {
      addStatement(
          "SizeTrackingRole",
          Map.of("Effect", "Allow", "Action", "xray:PutTraceSegments", "Resource", "*"));

      assertThat(SecurityRules.check(template)).isEmpty();
    }

    @Test
    void failOnAWildcardAction() {
      addStatement(
          "EventLoggingRole",
          Map.of(
              "Effect",
              "Allow",
              "Action",
              List.of("s3:*", "dynamodb:Get*"),
              "Resource",
              Map.of("Fn::GetAtt", List.of("PlotBucket", "Arn"))));

      assertThat(SecurityRules.check(template))
          .containsExactly(
              "EventLoggingRole policy event-logging: wildcard action s3:* (name each action)",
              "EventLoggingRole policy event-logging: wildcard action dynamodb:Get* (name each"
                  + " action)");
    }

    @Test
    void failOnNotActionAndNotResource() {
      addStatement(
          "CleanerRole",
          Map.of("Effect", "Allow", "NotAction", "iam:*", "NotResource", "arn:aws:s3:::x"));

      assertThat(SecurityRules.check(template))
          .containsExactly(
              "CleanerRole policy cleaner: allows NotAction, which grants every other action",
              "CleanerRole policy cleaner: allows NotResource, which grants every other resource");
    }

    @Test
    void failWhenAManagedPolicyIsAttached() {
      properties("PlottingRole")
          .put(
              "ManagedPolicyArns",
              List.of("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"));

      assertThat(SecurityRules.check(template))
          .containsExactly(
              "PlottingRole: attaches ManagedPolicyArns (write scoped inline statements instead)");
    }

    @Test
    void inspectStandalonePolicyResourcesToo() {
      Map<String, Object> policy = new LinkedHashMap<>();
      policy.put("Type", "AWS::IAM::Policy");
      policy.put(
          "Properties",
          Map.of(
              "PolicyName",
              "extra",
              "Roles",
              List.of(Map.of("Ref", "CleanerRole")),
              "PolicyDocument",
              Map.of("Statement", Map.of("Effect", "Allow", "Action", "sqs:*", "Resource", "*"))));
      resourcesSection().put("ExtraPolicy", policy);

      assertThat(SecurityRules.check(template))
          .containsExactly(
              "ExtraPolicy: wildcard action sqs:* (name each action)",
              "ExtraPolicy: grants sqs:* on Resource \"*\" (scope it to this stack's resources, or"
                  + " add it to the allow-list with the reason AWS offers nothing narrower)");
    }

    private void addStatement(String role, Map<String, Object> statement) {
      List<Object> policies = cast(properties(role).get("Policies"));
      Map<String, Object> document = cast(((Map<?, ?>) policies.get(0)).get("PolicyDocument"));
      List<Object> statements = new ArrayList<>(cast(document.get("Statement")));
      statements.add(statement);
      document.put("Statement", statements);
    }
  }

  private Map<String, Object> properties(String logicalId) {
    return template.resource(logicalId).properties();
  }

  private Map<String, Object> resourcesSection() {
    return cast(template.root().get("Resources"));
  }

  @SuppressWarnings("unchecked")
  private static <T> T cast(Object value) {
    return (T) value;
  }
}
