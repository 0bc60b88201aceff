package io.s3clean.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shipped template as moto can deploy it, with one precise change.
 *
 * <p>moto 5.2 has no CloudFormation model for these types and skips them, creating nothing: {@link
 * #SKIPPED_BY_MOTO}. A Ref to a skipped resource resolves to nothing, so the event source mappings
 * and Lambda permissions, which moto does create, would get no FunctionName where the template
 * points them at a {@code live} alias. For moto only, every Ref to an alias is pointed at the
 * alias's function. Everything else is deployed exactly as written.
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
          .writeValueAsString(replaceAliasRefs(template.root(), aliasFunctions));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object replaceAliasRefs(Object value, Map<String, Object> aliasFunctions) {
    var alias = Intrinsics.refTarget(value).filter(aliasFunctions::containsKey);
    if (alias.isPresent()) {
      return aliasFunctions.get(alias.get());
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new LinkedHashMap<>();
      map.forEach((key, item) -> copy.put(key, replaceAliasRefs(item, aliasFunctions)));
      return copy;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>();
      list.forEach(item -> copy.add(replaceAliasRefs(item, aliasFunctions)));
      return copy;
    }
    return value;
  }
}
