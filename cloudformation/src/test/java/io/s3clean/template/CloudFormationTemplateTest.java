package io.s3clean.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudFormationTemplateTest {
  private static final String TEMPLATE =
      """
      AWSTemplateFormatVersion: '2010-09-09'
      Parameters:
        Threshold: {Type: Number, Default: 20}
        Email: {Type: String}
      Conditions:
        HasEmail: !Not [!Equals [!Ref Email, '']]
      Resources:
        Queue:
          Type: AWS::SQS::Queue
          Properties:
            VisibilityTimeout: 180
        Topic:
          Type: AWS::SNS::Topic
          DependsOn: Queue
        Subscription:
          Type: AWS::SNS::Subscription
          Condition: HasEmail
          DependsOn: [Queue, Topic]
          Properties:
            TopicArn: !Ref Topic
            Endpoint: !Ref Email
            Protocol: email
      Outputs:
        QueueArn:
          Value: !GetAtt Queue.Arn
      """;

  private final CloudFormationTemplate template =
      CloudFormationTemplate.parse(TEMPLATE, "test.yaml");

  @Test
  void exposesResourcesWithTheirTypePropertiesDependenciesAndCondition() {
    Resource subscription = template.resource("Subscription");

    assertThat(subscription.type()).isEqualTo("AWS::SNS::Subscription");
    assertThat(subscription.properties()).containsEntry("TopicArn", Map.of("Ref", "Topic"));
    assertThat(subscription.property("Protocol")).contains("email");
    assertThat(subscription.dependsOn()).containsExactly("Queue", "Topic");
    assertThat(subscription.condition()).contains("HasEmail");
  }

  @Test
  void dependsOnMayBeASingleName() {
    assertThat(template.resource("Topic").dependsOn()).containsExactly("Queue");
    assertThat(template.resource("Queue").dependsOn()).isEmpty();
  }

  @Test
  void aResourceWithoutPropertiesHasAnEmptyPropertyMap() {
    assertThat(template.resource("Topic").properties()).isEmpty();
  }

  @Test
  void findsResourcesByType() {
    assertThat(template.resourcesOfType("AWS::SQS::Queue"))
        .extracting(Resource::logicalId)
        .containsExactly("Queue");
  }

  @Test
  void exposesParametersConditionsAndOutputs() {
    assertThat(template.parameters().get("Threshold").defaultValue()).contains(20);
    assertThat(template.parameters().get("Email").defaultValue()).isEmpty();
    assertThat(template.parameters().get("Email").type()).isEqualTo("String");
    assertThat(template.conditions())
        .containsEntry(
            "HasEmail",
            Map.of("Fn::Not", List.of(Map.of("Fn::Equals", List.of(Map.of("Ref", "Email"), "")))));
    assertThat(template.outputs())
        .containsEntry("QueueArn", Map.of("Value", Map.of("Fn::GetAtt", List.of("Queue", "Arn"))));
    assertThat(template.mappings()).isEmpty();
  }

  @Test
  void accessorsAreViewsOfOneMutableTree() {
    template.resource("Queue").properties().remove("VisibilityTimeout");

    assertThat(template.resource("Queue").properties()).isEmpty();
    assertThat(template.root())
        .extracting("Resources")
        .extracting("Queue")
        .isEqualTo(Map.of("Type", "AWS::SQS::Queue", "Properties", Map.of()));
  }

  @Test
  void unknownResourceIsAnError() {
    assertThatThrownBy(() -> template.resource("Nope")).hasMessageContaining("no resource Nope");
  }

  @Test
  void resourceWithoutTypeIsAnErrorNamingIt() {
    assertThatThrownBy(
            () ->
                CloudFormationTemplate.parse(
                    "Resources:\n  Broken:\n    Properties: {}\n", "t.yaml"))
        .isInstanceOf(TemplateException.class)
        .hasMessage("t.yaml: resource Broken has no Type");
  }

  @Test
  void templateWithoutResourcesIsAnError() {
    assertThatThrownBy(() -> CloudFormationTemplate.parse("Parameters: {}\n", "t.yaml"))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("Resources must be a mapping");
  }

  @Test
  void yamlErrorsNameTheSource() {
    assertThatThrownBy(() -> CloudFormationTemplate.parse("Resources: !Foo x\n", "t.yaml"))
        .isInstanceOf(TemplateException.class)
        .hasMessageStartingWith("t.yaml: unknown tag !Foo");
  }
}
