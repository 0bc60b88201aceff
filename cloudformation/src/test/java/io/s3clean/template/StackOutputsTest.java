package io.s3clean.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The outputs' names outside the template are the template's own, every one of them. */
class StackOutputsTest {
  @Test
  void everyOutputTheTemplateDeclaresHasItsNameHereAndNoOther() {
    @SuppressWarnings("unchecked")
    Map<String, Object> declared =
        (Map<String, Object>) ShippedTemplate.parsed().root().get("Outputs");

    assertThat(Arrays.stream(StackOutputs.Output.values()).map(StackOutputs.Output::key))
        .containsExactlyInAnyOrderElementsOf(declared.keySet());
  }

  @Test
  void anOutputTheStackDoesNotHaveIsTheCallersFailureNamingIt() {
    StackOutputs outputs =
        new StackOutputs(
            Map.of("WatchedBucketName", "b"), key -> new IllegalStateException("no " + key));

    assertThat(outputs.watchedBucket()).isEqualTo("b");
    assertThatThrownBy(outputs::objectTable)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no ObjectTableName");
  }
}
