package io.s3clean.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateEvaluatorTest {
  private static final Map<String, String> PSEUDO =
      Map.of(
          "AWS::StackName", "demo", "AWS::Region", "eu-west-1", "AWS::AccountId", "123456789012");

  private static final TemplateEvaluator.Resources RESOURCES =
      new TemplateEvaluator.Resources() {
        @Override
        public Object ref(String logicalId) {
          return "ref-of-" + logicalId;
        }

        @Override
        public Object attribute(String logicalId, String attribute) {
          return logicalId + "." + attribute;
        }
      };

  private static CloudFormationTemplate template(String yaml) {
    return CloudFormationTemplate.parse(yaml, "test.yaml");
  }

  private static final String TEMPLATE =
      """
      Parameters:
        Threshold: {Type: Number, Default: 20, MinValue: 1}
        Policy: {Type: String, Default: until-below, AllowedValues: [until-below, one]}
        Prefix: {Type: String, Default: ''}
        Concurrency: {Type: Number, Default: -1}
      Conditions:
        HasPrefix: !Not [!Equals [!Ref Prefix, '']]
        HasConcurrency: !Not [!Equals [!Ref Concurrency, -1]]
        Both: !And [!Condition HasPrefix, !Condition HasConcurrency]
      Resources:
        Queue:
          Type: AWS::SQS::Queue
          Properties:
            QueueName: !Sub '${AWS::StackName}-tracking'
        Bucket:
          Type: AWS::S3::Bucket
          DependsOn: Topic
          Properties:
            BucketName: !Join ['-', [!Ref 'AWS::StackName', !Select [1, !Split [',', 'a,b,c']], watched]]
            Arn: !Sub '${Queue.Arn}/x/${!Literal}/${Threshold}'
            Filter: !If [HasPrefix, {Prefix: !Ref Prefix}, !Ref 'AWS::NoValue']
            List: [one, !If [HasPrefix, two, !Ref 'AWS::NoValue'], three]
            Vars: !Sub ['${Name}-${AWS::Region}', {Name: !GetAtt Queue.QueueName}]
        Topic:
          Type: AWS::SNS::Topic
          Properties:
            Name: !Ref Queue
        Optional:
          Type: AWS::SNS::Topic
          Condition: Both
          Properties: {}
      """;

  @Test
  void resolvesTheIntrinsicFunctionsAsCloudFormationDoes() {
    TemplateEvaluator evaluator =
        new TemplateEvaluator(template(TEMPLATE), Map.of("Prefix", "in/"), PSEUDO);

    @SuppressWarnings("unchecked")
    Map<String, Object> bucket =
        (Map<String, Object>)
            evaluator.resolve(template(TEMPLATE).resource("Bucket").properties(), RESOURCES);

    assertThat(bucket)
        .containsEntry("BucketName", "demo-b-watched")
        .containsEntry("Arn", "Queue.Arn/x/${Literal}/20")
        .containsEntry("Filter", Map.of("Prefix", "in/"))
        .containsEntry("List", List.of("one", "two", "three"))
        .containsEntry("Vars", "Queue.QueueName-eu-west-1");
  }

  @Test
  void noValueRemovesTheEntryOrItemItStandsIn() {
    TemplateEvaluator evaluator = new TemplateEvaluator(template(TEMPLATE), Map.of(), PSEUDO);

    @SuppressWarnings("unchecked")
    Map<String, Object> bucket =
        (Map<String, Object>)
            evaluator.resolve(template(TEMPLATE).resource("Bucket").properties(), RESOURCES);

    assertThat(bucket).doesNotContainKey("Filter").containsEntry("List", List.of("one", "three"));
  }

  @Test
  void equalsComparesNumbersAndStringsAsStrings() {
    TemplateEvaluator evaluator =
        new TemplateEvaluator(template(TEMPLATE), Map.of("Concurrency", "-1"), PSEUDO);

    assertThat(evaluator.condition("HasConcurrency")).isFalse();
    assertThat(
            new TemplateEvaluator(template(TEMPLATE), Map.of("Concurrency", "5"), PSEUDO)
                .condition("HasConcurrency"))
        .isTrue();
  }

  @Test
  void ordersResourcesAfterWhatTheyReferenceAndLeavesOutThoseWhoseConditionFails() {
    TemplateEvaluator evaluator = new TemplateEvaluator(template(TEMPLATE), Map.of(), PSEUDO);

    List<String> order = evaluator.creationOrder().stream().map(Resource::logicalId).toList();

    assertThat(order).containsExactly("Queue", "Topic", "Bucket");
  }

  @Test
  void aCycleIsNamed() {
    String cyclic =
        """
        Resources:
          A: {Type: AWS::SNS::Topic, Properties: {Name: !Ref B}}
          B: {Type: AWS::SNS::Topic, Properties: {Name: !GetAtt A.TopicName}}
        """;

    assertThatThrownBy(
            () -> new TemplateEvaluator(template(cyclic), Map.of(), PSEUDO).creationOrder())
        .isInstanceOf(TemplateException.class)
        .hasMessage("circular dependency: A -> B -> A");
  }

  @Test
  void parameterValuesAreCheckedAgainstTheirConstraints() {
    assertThatThrownBy(
            () -> new TemplateEvaluator(template(TEMPLATE), Map.of("Threshold", "0"), PSEUDO))
        .hasMessage("parameter Threshold must be at least 1, not 0");
    assertThatThrownBy(
            () -> new TemplateEvaluator(template(TEMPLATE), Map.of("Threshold", "lots"), PSEUDO))
        .hasMessage("parameter Threshold must be a number, not 'lots'");
    assertThatThrownBy(
            () -> new TemplateEvaluator(template(TEMPLATE), Map.of("Policy", "all"), PSEUDO))
        .hasMessage("parameter Policy must be one of until-below, one, not 'all'");
    assertThatThrownBy(() -> new TemplateEvaluator(template(TEMPLATE), Map.of("Nope", "x"), PSEUDO))
        .hasMessage("parameter Nope is not declared by the template");
  }

  @Test
  void aRefToSomethingUndeclaredIsAnError() {
    String broken =
        """
        Resources:
          A: {Type: AWS::SNS::Topic, Properties: {Name: !Ref Missing}}
        """;
    TemplateEvaluator evaluator = new TemplateEvaluator(template(broken), Map.of(), PSEUDO);

    assertThatThrownBy(
            () -> evaluator.resolve(template(broken).resource("A").properties(), RESOURCES))
        .hasMessage("Ref to Missing, which is neither a parameter nor a resource");
  }

  @Test
  void theShippedTemplateHasAnOrderWithEveryResourceOnce() {
    CloudFormationTemplate shipped = ShippedTemplate.parsed();
    TemplateEvaluator evaluator =
        new TemplateEvaluator(shipped, Map.of("ArtifactBucket", "b", "ArtifactKey", "k"), PSEUDO);

    List<Resource> order = evaluator.creationOrder();

    assertThat(order).extracting(Resource::logicalId).doesNotHaveDuplicates();
    assertThat(order.indexOf(shipped.resource("EventTopicPolicy")))
        .isLessThan(order.indexOf(shipped.resource("WatchedBucket")));
  }

  @Test
  void aBranchNotTakenMayNameAResourceLeftOutButATakenOneMayNot() {
    String yaml =
        """
        Parameters:
          Existing: {Type: String, Default: ''}
        Conditions:
          Adopts: !Not [!Equals [!Ref Existing, '']]
          Creates: !Equals [!Ref Existing, '']
        Resources:
          Bucket:
            Type: AWS::S3::Bucket
            Condition: Creates
          Role:
            Type: AWS::IAM::Role
            Properties:
              Name: !If [Adopts, !Ref Existing, !Ref Bucket]
        """;

    List<String> adopting =
        new TemplateEvaluator(template(yaml), Map.of("Existing", "theirs"), PSEUDO)
            .creationOrder().stream().map(Resource::logicalId).toList();

    assertThat(adopting).containsExactly("Role");
    assertThatThrownBy(
            () ->
                new TemplateEvaluator(
                        template(
                            yaml.replace(
                                "!If [Adopts, !Ref Existing, !Ref Bucket]", "!Ref Bucket")),
                        Map.of("Existing", "theirs"),
                        PSEUDO)
                    .creationOrder())
        .hasMessage("Role depends on Bucket, which its condition leaves out of this deployment");
  }
}
