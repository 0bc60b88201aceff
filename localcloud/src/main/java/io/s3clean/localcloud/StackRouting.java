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
      // what IAM checks the request against names its tables, queues and topics
      case "dynamodb", "sqs", "sns" -> authorizations.of(service, request).stream().map(AccessRequest::resource)
          .filter(resource -> !resource.equals("*")).map(resource -> service.equals("sns") ? resource
              : lastName(resource, service.equals("dynamodb") ? "table/" : ":")).distinct().toList();
      case "lambda" -> pathName(FUNCTION_PATH, request);
      case "apigateway" -> pathName(API_PATH, request);
      case "monitoring" -> CloudWatchService.alarmNames(request);
      case "logs" -> logGroup(request);
      case "sts" -> authorizations.of(service, request).stream().map(AccessRequest::resource)
          .filter(arn -> arn.contains(":role/")).map(arn -> arn.substring(arn.lastIndexOf('/') + 1)).toList();
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
    return matcher.find() ? List.of(URLDecoder.decode(matcher.group(1), StandardCharsets.UTF_8)) : List.of();
  }

  private static List<String> logGroup(AwsRequest request) {
    if (request.body().length == 0 || request.body()[0] != '{') {
      return List.of();
    }
    try {
      JsonNode body = JSON.readTree(request.body());
      for (String member : List.of("logGroupName", "logGroupIdentifier")) {
        if (body.path(member).isTextual()) {
          String name = body.path(member).asText();
          // an identifier may be the group's ARN: arn:aws:logs:region:account:log-group:NAME[:*]
          Matcher arn = Pattern.compile(":log-group:([^:]+)").matcher(name);
          return List.of(arn.find() ? arn.group(1) : name);
        }
      }
      return List.of();
    } catch (IOException e) {
      return List.of(); // the service answers a body it cannot read
    }
  }
}
