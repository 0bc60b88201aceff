package io.s3clean.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one reader of a resource's resolved Properties, for the provisioner and CloudWatch alike. */
class ResourcePropertiesTest {
  private final ResourceProperties properties =
      ResourceProperties.of(
          "Queue",
          Map.of(
              "Name",
              "q",
              "Delay",
              1.0,
              "Retention",
              "345600",
              "Fifo",
              "maybe",
              "Tags",
              List.of("a"),
              "Policy",
              Map.of("Version", "2012-10-17")));

  @Test
  void readsWhatTheTemplateWroteAsCloudFormationTakesIt() {
    assertThat(properties.requiredString("Name")).isEqualTo("q");
    assertThat(properties.string("Delay")).as("YAML's 1.0 as the template wrote it").hasValue("1");
    assertThat(properties.wholeNumber("Retention")).hasValue(345600L);
    assertThat(properties.wholeNumber("Absent")).isEmpty();
    assertThat(properties.object("Policy")).containsEntry("Version", "2012-10-17");
    assertThat(properties.object("Absent")).isEmpty();
    assertThat(properties.values("Tags")).containsExactly("a");
  }

  @Test
  void aMissingOrMistypedPropertyIsRefusedNamingTheResourceAndTheProperty() {
    assertThatThrownBy(() -> properties.requiredString("Absent"))
        .isInstanceOf(TemplateException.class)
        .hasMessage("Queue: required property Absent is missing");
    assertThatThrownBy(() -> properties.bool("Fifo"))
        .hasMessage("Queue: Fifo must be true or false, was maybe");
    assertThatThrownBy(() -> properties.wholeNumber("Name"))
        .hasMessage("Queue: Name must be a whole number, was q");
    assertThatThrownBy(() -> properties.object("Tags"))
        .hasMessage("Queue: Tags must be an object, was [a]");
    assertThatThrownBy(() -> properties.values("Policy"))
        .hasMessage(
            "Queue: Policy must be a list, was {Version=2012-10-17} (an unresolved intrinsic function?)");
  }
}
