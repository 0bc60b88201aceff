package io.s3clean.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CloudFormationYamlTest {

  static Stream<Arguments> shortForms() {
    return Stream.of(
        Arguments.of("!Ref Bucket", Map.of("Ref", "Bucket")),
        Arguments.of("!Condition IsProd", Map.of("Condition", "IsProd")),
        Arguments.of("!GetAtt Bucket.Arn", Map.of("Fn::GetAtt", List.of("Bucket", "Arn"))),
        Arguments.of(
            "!GetAtt Db.Endpoint.Address", Map.of("Fn::GetAtt", List.of("Db", "Endpoint.Address"))),
        Arguments.of("!GetAtt [Bucket, Arn]", Map.of("Fn::GetAtt", List.of("Bucket", "Arn"))),
        Arguments.of(
            "!Sub 'arn:${AWS::Partition}:s3:::${Name}'",
            Map.of("Fn::Sub", "arn:${AWS::Partition}:s3:::${Name}")),
        Arguments.of(
            "!Sub ['${A}-x', {A: !Ref B}]",
            Map.of("Fn::Sub", List.of("${A}-x", Map.of("A", Map.of("Ref", "B"))))),
        Arguments.of(
            "!Join ['-', [a, !Ref B]]",
            Map.of("Fn::Join", List.of("-", List.of("a", Map.of("Ref", "B"))))),
        Arguments.of(
            "!If [HasX, 1, !Ref AWS::NoValue]",
            Map.of("Fn::If", List.of("HasX", 1, Map.of("Ref", "AWS::NoValue")))),
        Arguments.of("!Equals [!Ref P, '']", Map.of("Fn::Equals", List.of(Map.of("Ref", "P"), ""))),
        Arguments.of("!Not [!Condition C]", Map.of("Fn::Not", List.of(Map.of("Condition", "C")))),
        Arguments.of(
            "!And [!Condition A, !Condition B]",
            Map.of("Fn::And", List.of(Map.of("Condition", "A"), Map.of("Condition", "B")))),
        Arguments.of(
            "!Or [!Condition A, !Equals [x, y]]",
            Map.of(
                "Fn::Or",
                List.of(Map.of("Condition", "A"), Map.of("Fn::Equals", List.of("x", "y"))))),
        Arguments.of(
            "!Select [0, !GetAZs '']", Map.of("Fn::Select", List.of(0, Map.of("Fn::GetAZs", "")))),
        Arguments.of("!Split [',', !Ref L]", Map.of("Fn::Split", List.of(",", Map.of("Ref", "L")))),
        Arguments.of("!FindInMap [M, k1, k2]", Map.of("Fn::FindInMap", List.of("M", "k1", "k2"))),
        Arguments.of("!Base64 'echo hi'", Map.of("Fn::Base64", "echo hi")),
        Arguments.of("!Base64 {Fn::Sub: '${X}'}", Map.of("Fn::Base64", Map.of("Fn::Sub", "${X}"))),
        Arguments.of("!GetAZs us-east-1", Map.of("Fn::GetAZs", "us-east-1")),
        Arguments.of("!ImportValue shared-vpc", Map.of("Fn::ImportValue", "shared-vpc")),
        Arguments.of(
            "!ImportValue {Fn::Sub: '${S}-vpc'}",
            Map.of("Fn::ImportValue", Map.of("Fn::Sub", "${S}-vpc"))),
        Arguments.of(
            "!Cidr [10.0.0.0/16, 6, 5]", Map.of("Fn::Cidr", List.of("10.0.0.0/16", 6, 5))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shortForms")
  void shortFormIsReadAsItsLongForm(String yaml, Object longForm) {
    assertThat(CloudFormationYaml.parse(yaml)).isEqualTo(longForm);
  }

  @Test
  void longFormIsReadUnchanged() {
    assertThat(CloudFormationYaml.parse("{\"Fn::GetAtt\": [\"Bucket\", \"Arn\"]}"))
        .isEqualTo(Map.of("Fn::GetAtt", List.of("Bucket", "Arn")));
  }

  @Test
  void unknownTagIsAnErrorNamingTheTagAndItsLine() {
    assertThatThrownBy(() -> CloudFormationYaml.parse("A: 1\nB: !Reff Bucket\n"))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("unknown tag !Reff")
        .hasMessageContaining("line 2");
  }

  @Test
  void refTakesOnlyAName() {
    assertThatThrownBy(() -> CloudFormationYaml.parse("!Ref [a, b]"))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("!Ref takes a name");
  }

  @Test
  void getAttWithoutAnAttributeIsAnError() {
    assertThatThrownBy(() -> CloudFormationYaml.parse("!GetAtt Bucket"))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("Resource.Attribute");
  }

  @Test
  void duplicateKeysAreAnError() {
    assertThatThrownBy(() -> CloudFormationYaml.parse("A: 1\nA: 2\n"))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("duplicate key A");
  }

  @Test
  void dateLookingScalarsStayText() {
    assertThat(CloudFormationYaml.parse("AWSTemplateFormatVersion: 2010-09-09"))
        .isEqualTo(Map.of("AWSTemplateFormatVersion", "2010-09-09"));
  }

  @Test
  void aliasedNodesAreIndependentCopies() {
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> document =
        (Map<String, Map<String, Object>>)
            CloudFormationYaml.parse(
                "A: &shared {Fn::If: [C, {x: 1}, !Ref AWS::NoValue]}\nB: *shared\n");

    document.get("A").put("changed", true);

    assertThat(document.get("B"))
        .doesNotContainKey("changed")
        .isEqualTo(Map.of("Fn::If", List.of("C", Map.of("x", 1), Map.of("Ref", "AWS::NoValue"))));
  }

  @Test
  void jsonIsReadToo() {
    assertThat(
            CloudFormationYaml.parse("{\"Resources\": {\"Q\": {\"Type\": \"AWS::SQS::Queue\"}}}"))
        .isEqualTo(Map.of("Resources", Map.of("Q", Map.of("Type", "AWS::SQS::Queue"))));
  }
}
