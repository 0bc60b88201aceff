package io.s3clean.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Rules section as CloudFormation evaluates it before creating or updating anything: the
 * RuleCondition, then each Assert; a false one refuses the whole operation with its
 * AssertDescription. Every user of {@link TemplateEvaluator} (the embedded cloud, the checks) sees
 * it.
 */
class TemplateRulesTest {
  private static final Map<String, String> PSEUDO =
      Map.of(
          "AWS::StackName", "demo", "AWS::Region", "eu-west-1", "AWS::AccountId", "123456789012");

  private static TemplateEvaluator shippedWith(String batchSize, String window) {
    Map<String, String> parameters =
        new HashMap<>(Map.of("ArtifactBucket", "b", "ArtifactKey", "k"));
    if (batchSize != null) {
      parameters.put("BatchSize", batchSize);
    }
    if (window != null) {
      parameters.put("MaximumBatchingWindowInSeconds", window);
    }
    return new TemplateEvaluator(ShippedTemplate.parsed(), parameters, PSEUDO);
  }

  @Test
  void theShippedTemplateRefusesABatchAboveTenWithoutABatchingWindow() {
    assertThatThrownBy(() -> shippedWith("11", "0"))
        .isInstanceOfSatisfying(
            TemplateRules.Violation.class,
            violation -> {
              assertThat(violation.rule()).isEqualTo("BatchSizeNeedsBatchingWindow");
              assertThat(violation.parameters())
                  .containsExactly("BatchSize", "MaximumBatchingWindowInSeconds");
            })
        .hasMessage(
            "BatchSize above 10 needs MaximumBatchingWindowInSeconds of at least 1: Lambda refuses an"
                + " SQS event source mapping with a larger batch and no batching window");
  }

  @ParameterizedTest(name = "BatchSize {0}, window {1}")
  @CsvSource(
      nullValues = "default",
      value = {"11, 1", "10, 0", "10000, 30", "1, 0", "default, default", "50, 5"})
  void theShippedTemplateAcceptsSmallBatchesAndLargeOnesWithAWindow(
      String batchSize, String window) {
    assertThatCode(() -> shippedWith(batchSize, window)).doesNotThrowAnyException();
  }

  @Test
  void theWindowAloneFallsBackToTheDefaultBatchSizeOfTen() {
    assertThatCode(() -> shippedWith(null, "0")).doesNotThrowAnyException();
    assertThatThrownBy(() -> shippedWith("11", null)).isInstanceOf(TemplateRules.Violation.class);
  }

  private static final String RULES =
      """
      Parameters:
        Environment: {Type: String, Default: test}
        InstanceType: {Type: String, Default: a1.medium}
        Subnets: {Type: CommaDelimitedList, Default: 'a,b'}
      Rules:
        testInstanceType:
          RuleCondition: !Equals [!Ref Environment, test]
          Assertions:
            - Assert:
                Fn::Contains: [[a1.medium], !Ref InstanceType]
              AssertDescription: For a test environment, the instance type must be a1.medium
        subnets:
          Assertions:
            - Assert: {'Fn::EachMemberIn': [!Ref Subnets, [a, b, c]]}
              AssertDescription: Subnets are a, b or c
            - Assert:
                Fn::Not: [{'Fn::EachMemberEquals': [!Ref Subnets, c]}]
              AssertDescription: Not only c
            - Assert: !Or [!Equals [!Ref 'AWS::Region', eu-west-1], !And [!Equals [1, '1'], !Equals [x, y]]]
              AssertDescription: Only in eu-west-1
      Resources:
        Topic: {Type: AWS::SNS::Topic}
      """;

  private static void check(String yaml, Map<String, String> values) {
    new TemplateEvaluator(CloudFormationTemplate.parse(yaml, "test.yaml"), values, PSEUDO);
  }

  @Test
  void aRuleWhoseConditionDoesNotHoldIsNotChecked() {
    assertThatCode(() -> check(RULES, Map.of("Environment", "prod", "InstanceType", "m5.large")))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> check(RULES, Map.of("InstanceType", "m5.large")))
        .hasMessage("For a test environment, the instance type must be a1.medium");
  }

  @Test
  void listParametersAreListsOfTheirMembers() {
    assertThatCode(() -> check(RULES, Map.of("Subnets", "a, c"))).doesNotThrowAnyException();
    assertThatThrownBy(() -> check(RULES, Map.of("Subnets", "a,d")))
        .hasMessage("Subnets are a, b or c");
    assertThatThrownBy(() -> check(RULES, Map.of("Subnets", "c,c"))).hasMessage("Not only c");
  }

  @Test
  void pseudoParametersAreValuesToo() {
    assertThatThrownBy(
            () ->
                new TemplateEvaluator(
                    CloudFormationTemplate.parse(RULES, "test.yaml"),
                    Map.of(),
                    Map.of("AWS::Region", "us-east-1")))
        .isInstanceOf(TemplateRules.Violation.class)
        .hasMessage("Only in eu-west-1");
  }

  @Test
  void aFunctionRulesDoNotSupportIsRefusedInCloudFormationsWords() {
    String withIf =
        """
        Parameters:
          P: {Type: String, Default: x}
        Conditions:
          C: !Equals [a, a]
        Rules:
          R:
            Assertions:
              - Assert: !If [C, !Equals [!Ref P, x], !Equals [!Ref P, y]]
        Resources:
          Topic: {Type: AWS::SNS::Topic}
        """;

    assertThatThrownBy(() -> check(withIf, Map.of()))
        .isInstanceOf(TemplateException.class)
        .isNotInstanceOf(TemplateRules.Violation.class)
        .hasMessage(
            "Template format error: Following functions are not supported in the Rules block of the"
                + " template: [Fn::If]");
  }

  @Test
  void aRuleMayOnlyReferToParameters() {
    String toResource =
        """
        Rules:
          R:
            Assertions:
              - Assert: !Equals [!Ref Topic, x]
        Resources:
          Topic: {Type: AWS::SNS::Topic}
        """;

    assertThatThrownBy(() -> check(toResource, Map.of()))
        .hasMessage(
            "Template format error: Unresolved resource dependencies [Topic] in the Rules block of the"
                + " template");
  }

  @Test
  void anAssertionWithoutDescriptionNamesItsRule() {
    String bare =
        """
        Parameters:
          P: {Type: Number, Default: 1}
        Rules:
          PIsTwo:
            Assertions:
              - Assert: !Equals [!Ref P, 2]
        Resources:
          Topic: {Type: AWS::SNS::Topic}
        """;

    assertThatThrownBy(() -> check(bare, Map.of()))
        .isInstanceOfSatisfying(
            TemplateRules.Violation.class, v -> assertThat(v.parameters()).isEqualTo(List.of("P")))
        .hasMessage("rule PIsTwo: assertion 1 does not hold");
  }
}
