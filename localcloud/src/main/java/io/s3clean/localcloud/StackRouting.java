package io.s3clean.localcloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3clean.localcloud.cloudwatch.CloudWatchService;
import io.s3clean.localcloud.endpoint.AwsEndpoint;
import io.s3clean.localcloud.endpoint.AwsRequest;
import io.s3clean.localcloud.iam.AccessRequest;
import io.s3clean.localcloud.iam.WireAuthorizations;
import io.s3clean.localcloud.s3.S3Address;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a request names, by which an endpoint that several stacks share finds the stack that holds
 * it: the bucket, table, queue, topic, function, alarm, log group, HTTP API or role, each as the
 * stack's services look it up. A request that names none goes to its caller's stack.
 */
final class StackRouting implements AwsEndpoint.ResourceNames {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern FUNCTION_PATH = Pattern.compile("/functions/([^/]+)");
  private static final Pattern LOG_GROUP_ARN = Pattern.compile(":log-group:([^:]+)");
  private static final Pattern API_PATH = Pattern.compile("^/v2/apis/([^/]+)");
  private final WireAuthorizations authorizations;

  StackRouting(String region, String accountId) {
    this.authorizations = new WireAuthorizations(region, accountId);
  }

  @Override
  public List<String> of(String service, AwsRequest request) {
    return switch (service) {
      case "s3" -> {
        String bucket = S3Address.of(request).bucket();
        yield bucket.isEmpty() ? List.of() : List.of(bucket);
      }
      // what IAM checks the request against names its tables and queues
      case "dynamodb", "sqs" ->
          authorizations.of(service, request).stream()
              .map(AccessRequest::resource)
              .filter(resource -> !resource.equals("*"))
              .map(resource -> lastName(resource, service.equals("dynamodb") ? "table/" : ":"))
              .distinct()
              .toList();
      case "sns" -> topics(request);
      case "lambda" ->
          request.path().contains("/event-source-mappings")
              ? Optional.ofNullable(request.queryParameters().get("FunctionName"))
                  .map(List::of)
                  .orElse(List.of())
              : pathName(FUNCTION_PATH, request);
      case "apigateway" -> pathName(API_PATH, request);
      case "monitoring" -> CloudWatchService.alarmNames(request);
      case "logs" -> logGroup(request);
      case "sts" ->
          authorizations.of(service, request).stream()
              .map(AccessRequest::resource)
              .filter(arn -> arn.contains(":role/"))
              .map(arn -> arn.substring(arn.lastIndexOf('/') + 1))
              .toList();
      default -> List.of();
    };
  }

  /** The name after the last {@code separator}; for a table, before any /index/ or /stream/. */
  private static String lastName(String arn, String separator) {
    if (separator.equals("table/")) {
      int table = arn.indexOf(separator);
      String rest = table < 0 ? arn : arn.substring(table + separator.length());
      int slash = rest.indexOf('/');
      return slash < 0 ? rest : rest.substring(0, slash);
    }
    return arn.substring(arn.lastIndexOf(separator) + 1);
  }

  private static List<String> pathName(Pattern pattern, AwsRequest request) {
    Matcher matcher = pattern.matcher(request.path());
    return matcher.find()
        ? List.of(URLDecoder.decode(matcher.group(1), StandardCharsets.UTF_8))
        : List.of();
  }

  /**
   * The topic a request names: its TopicArn or TargetArn, or the topic of a SubscriptionArn (the
   * topic's ARN, ":", an id).
   */
  private static List<String> topics(AwsRequest request) {
    Map<String, String> form;
    try {
      form = request.formBody();
    } catch (IllegalArgumentException e) {
      return List.of(); // the service answers a body it cannot read
    }
    String arn =
        form.getOrDefault(
            "TopicArn", form.getOrDefault("SubscriptionArn", form.getOrDefault("TargetArn", "")));
    long colons = arn.chars().filter(c -> c == ':').count();
    return colons == 5
        ? List.of(arn)
        : colons == 6 ? List.of(arn.substring(0, arn.lastIndexOf(':'))) : List.of();
  }

  private static List<String> logGroup(AwsRequest request) {
    if (request.body().length == 0 || request.body()[0] != '{') {
      return List.of();
    }
    try {
      JsonNode body = JSON.readTree(request.body());
      if (body.path("logGroupNames").isArray() && !body.path("logGroupNames").isEmpty()) {
        return List.of(body.path("logGroupNames").get(0).asText()); // StartQuery
      }
      for (String member : List.of("logGroupName", "logGroupIdentifier")) {
        if (body.path(member).isTextual()) {
          String name = body.path(member).asText();
          // an identifier may be the group's ARN: arn:aws:logs:region:account:log-group:NAME[:*]
          Matcher arn = LOG_GROUP_ARN.matcher(name);
          return List.of(arn.find() ? arn.group(1) : name);
        }
      }
      return List.of();
    } catch (IOException e) {
      return List.of(); // the service answers a body it cannot read
    }
  }
}
