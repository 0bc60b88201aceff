package io.s3clean.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The shipped template as moto can deploy it, with two precise changes.
 *
 * <p>moto 5.2 has no CloudFormation model for these types and skips them, creating nothing: {@link
 * #SKIPPED_BY_MOTO}. A Ref to a skipped resource resolves to nothing, so the event source mappings
 * and Lambda permissions, which moto does create, would get no FunctionName where the template
 * points them at a {@code live} alias. For moto only, every Ref to an alias is pointed at the
 * alias's function.
 *
 * <p>moto's update through a change set counts every parameter the creation took by its default as
 * changed, updates each resource that names one, and then fails on a role whose log group it is
 * updating too ("Template error: instance of Fn::GetAtt references undefined resource
 * CleanerLogGroup"). The roles name ExistingBucketName through the conditions of adopting a bucket,
 * so for moto those conditions ({@link #DECIDED}) are decided here by the parameter's default, the
 * stack's own bucket, which is what every moto test deploys: a resource they keep loses its
 * Condition, one they leave out is dropped (the adoption, which the tests on moto do not deploy),
 * and each Fn::If on them is its branch. Everything else is deployed exactly as written.
 */
public final class MotoTemplate {
  public static final Set<String> SKIPPED_BY_MOTO =
      Set.of(
          "AWS::S3::BucketPolicy",
          "AWS::SNS::TopicPolicy",
          "AWS::SNS::Subscription",
          "AWS::SQS::QueuePolicy",
          "AWS::Lambda::Alias",
          "AWS::Logs::MetricFilter",
          "AWS::CloudWatch::Alarm",
          // moto has no model of a function's asynchronous invocation settings
          "AWS::Lambda::EventInvokeConfig",
          "AWS::ApiGatewayV2::Api",
          "AWS::ApiGatewayV2::Integration",
          "AWS::ApiGatewayV2::Route",
          "AWS::ApiGatewayV2::Stage");

  /** The conditions of adopting a bucket, decided for moto by ExistingBucketName's default. */
  static final Set<String> DECIDED = Set.of("AdoptsBucket", "CreatesBucket");

  private MotoTemplate() {}

  /** The adapted template as JSON, the form CreateStack takes it in. */
  public static String body(CloudFormationTemplate template) {
    Map<String, Object> aliasFunctions = new LinkedHashMap<>();
    template
        .resourcesOfType("AWS::Lambda::Alias")
        .forEach(
            alias -> aliasFunctions.put(alias.logicalId(), alias.properties().get("FunctionName")));
    try {
      return new ObjectMapper()
          .writeValueAsString(replaceAliasRefs(withConditionsDecided(template), aliasFunctions));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> withConditionsDecided(CloudFormationTemplate template) {
    // the code's location has no default and decides no condition
    TemplateEvaluator defaults =
        new TemplateEvaluator(
            template, Map.of("ArtifactBucket", "code", "ArtifactKey", "code.jar"), Map.of());
    Map<String, Object> root = new LinkedHashMap<>(template.root());
    for (String section : List.of("Resources", "Outputs")) {
      Map<String, Object> kept = new LinkedHashMap<>();
      ((Map<String, Object>) root.get(section))
          .forEach(
              (name, definition) -> {
                Map<String, Object> entry = new LinkedHashMap<>((Map<String, Object>) definition);
                Object condition = entry.get("Condition");
                if (condition == null || !DECIDED.contains(String.valueOf(condition))) {
                  kept.put(name, entry);
                } else if (defaults.condition(String.valueOf(condition))) {
                  entry.remove("Condition");
                  kept.put(name, entry);
                }
              });
      root.put(section, kept);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> decided = (Map<String, Object>) decideIfs(root, defaults);
    return decided;
  }

  /** Each Fn::If on a {@link #DECIDED} condition replaced by the branch the defaults take. */
  private static Object decideIfs(Object value, TemplateEvaluator defaults) {
    return rewrite(
        value,
        node ->
            node instanceof Map<?, ?> map
                    && map.size() == 1
                    && map.get("Fn::If") instanceof List<?> branches
                    && branches.size() == 3
                    && DECIDED.contains(String.valueOf(branches.get(0)))
                ? Optional.of(
                    decideIfs(
                        defaults.condition(String.valueOf(branches.get(0)))
                            ? branches.get(1)
                            : branches.get(2),
                        defaults))
                : Optional.empty());
  }

  private static Object replaceAliasRefs(Object value, Map<String, Object> aliasFunctions) {
    return rewrite(
        value,
        node ->
            Intrinsics.refTarget(node)
                .filter(aliasFunctions::containsKey)
                .map(aliasFunctions::get));
  }

  /**
   * A copy of {@code value} in which every node {@code replacement} answers for is replaced by its
   * answer, the others copied with their children rewritten.
   */
  private static Object rewrite(Object value, Function<Object, Optional<Object>> replacement) {
    Optional<Object> replaced = replacement.apply(value);
    if (replaced.isPresent()) {
      return replaced.get();
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new LinkedHashMap<>();
      map.forEach((key, item) -> copy.put(key, rewrite(item, replacement)));
      return copy;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>();
      list.forEach(item -> copy.add(rewrite(item, replacement)));
      return copy;
    }
    return value;
  }
}
