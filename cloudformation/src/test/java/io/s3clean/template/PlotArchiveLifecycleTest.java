package io.s3clean.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3clean.handler.PlottingHandler;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every GET /plot stores two objects: {@code latest.png}, overwritten, and a timestamped copy that
 * the plot bucket's lifecycle rule expires. The rule's prefix is in the template and the key in the
 * plotting handler, and nothing else would notice them drifting apart: the embedded cloud records
 * LifecycleConfiguration without applying it (S3Proxy has no lifecycle) and moto ignores it on a
 * CloudFormation bucket.
 */
class PlotArchiveLifecycleTest {
  private static final Map<String, String> PSEUDO =
      Map.of(
          "AWS::StackName",
          "demo",
          "AWS::Region",
          "eu-west-1",
          "AWS::AccountId",
          "123456789012",
          "AWS::Partition",
          "aws");
  private static final String WATCHED = "demo-123456789012-eu-west-1-watched";
  private static final String PLOTS = "demo-123456789012-eu-west-1-plots";
  private static final Instant DRAWN = Instant.parse("2026-12-03T10:05:07.123Z");

  /** Buckets answer their name and ARN; anything else a placeholder ARN. */
  private static final TemplateEvaluator.Resources DEPLOYED =
      new TemplateEvaluator.Resources() {
        @Override
        public Object ref(String logicalId) {
          return logicalId.equals("PlotBucket")
              ? PLOTS
              : logicalId.equals("WatchedBucket") ? WATCHED : "ref-" + logicalId;
        }

        @Override
        public Object attribute(String logicalId, String attribute) {
          return attribute.equals("Arn") && logicalId.endsWith("Bucket")
              ? "arn:aws:s3:::" + ref(logicalId)
              : "arn:aws:placeholder:" + logicalId;
        }
      };

  private final CloudFormationTemplate template = ShippedTemplate.parsed();
  private final TemplateEvaluator evaluator =
      new TemplateEvaluator(template, Map.of("ArtifactBucket", "b", "ArtifactKey", "k"), PSEUDO);

  private Map<?, ?> resolved(String logicalId) {
    return (Map<?, ?>) evaluator.resolve(template.resource(logicalId).properties(), DEPLOYED);
  }

  @Test
  void theArchivedPlotsExpireAndTheLatestPlotDoesNot() {
    Map<?, ?> lifecycle = (Map<?, ?>) resolved("PlotBucket").get("LifecycleConfiguration");
    assertThat(lifecycle).as("PlotBucket's LifecycleConfiguration").isNotNull();
    List<Map<?, ?>> expiring =
        ((List<?>) lifecycle.get("Rules"))
            .stream()
                .<Map<?, ?>>map(rule -> (Map<?, ?>) rule)
                .filter(
                    rule ->
                        "Enabled".equals(rule.get("Status"))
                            && rule.get("ExpirationInDays") != null)
                .toList();

    assertThat(expiring)
        .singleElement()
        .satisfies(
            rule -> {
              String prefix = String.valueOf(rule.get("Prefix"));
              assertThat(PlottingHandler.archiveKey(WATCHED, DRAWN)).startsWith(prefix);
              assertThat(PlottingHandler.latestKey(WATCHED)).doesNotStartWith(prefix);
              assertThat(Integer.parseInt(TemplateEvaluator.text(rule.get("ExpirationInDays"))))
                  .isBetween(1, 366);
            });
  }

  @Test
  void thePlottingRoleMayWriteTheArchivedAndTheLatestPlot() {
    List<String> putObjectResources =
        ((List<?>) resolved("PlottingRole").get("Policies"))
            .stream()
                .flatMap(policy -> statements(((Map<?, ?>) policy).get("PolicyDocument")))
                .filter(
                    statement ->
                        "Allow".equals(statement.get("Effect"))
                            && strings(statement.get("Action"))
                                .anyMatch(
                                    action ->
                                        action.equals("s3:PutObject") || action.equals("s3:*")))
                .flatMap(statement -> strings(statement.get("Resource")))
                .toList();

    for (String key :
        List.of(PlottingHandler.archiveKey(WATCHED, DRAWN), PlottingHandler.latestKey(WATCHED))) {
      String object = "arn:aws:s3:::" + PLOTS + "/" + key;
      assertThat(putObjectResources)
          .as("s3:PutObject on %s", object)
          .anyMatch(resource -> glob(resource, object));
    }
  }

  private static Stream<Map<?, ?>> statements(Object document) {
    Object statement = ((Map<?, ?>) document).get("Statement");
    return (statement instanceof List<?> list ? list.stream() : Stream.of(statement))
        .<Map<?, ?>>map(s -> (Map<?, ?>) s);
  }

  private static Stream<String> strings(Object value) {
    return (value instanceof List<?> list ? list.stream() : Stream.of(value)).map(String::valueOf);
  }

  /** IAM's wildcards in a resource ARN: * any run of characters, ? one character. */
  private static boolean glob(String pattern, String value) {
    StringBuilder regex = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
    }
    return value.matches(regex.toString());
  }
}
