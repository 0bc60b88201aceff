package io.s3clean.localcloud.apigw;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s3clean.localcloud.endpoint.AwsRequest;
import io.s3clean.localcloud.endpoint.AwsResponse;
import io.s3clean.localcloud.endpoint.RestJson;
import io.s3clean.localcloud.endpoint.ServiceHandler;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Supplier;

/**
 * API Gateway v2's reads (rest-json, botocore's {@code apigatewayv2/2018-11-29} model) over the
 * stack's HTTP APIs: GetApis, GetApi, GetRoutes and GetStages. An API's {@code apiEndpoint} is its
 * server's own loopback URL, which answers at its root as the $default stage does.
 */
public final class ApiGatewayV2Service implements ServiceHandler {
  private final Supplier<List<HttpApiServer>> apis;
  private final String accountId;

  public ApiGatewayV2Service(Supplier<List<HttpApiServer>> apis, String accountId) {
    this.apis = apis;
    this.accountId = accountId;
  }

  @Override
  public AwsResponse handle(AwsRequest request) {
    List<String> path;
    try {
      path = RestJson.segments(request.path());
    } catch (IllegalArgumentException e) {
      return RestJson.error(400, "BadRequestException", "Invalid request path: " + e.getMessage());
    }
    if (!request.method().equals("GET")
        || path.size() < 2
        || path.size() > 4
        || !path.get(0).equals("v2")
        || !path.get(1).equals("apis")) {
      return unknown(request);
    }
    if (path.size() == 2) {
      ArrayNode items = RestJson.JSON.createArrayNode();
      apis.get().forEach(api -> items.add(api(api)));
      return items(items);
    }
    HttpApiServer api =
        apis.get().stream().filter(a -> a.apiId().equals(path.get(2))).findFirst().orElse(null);
    if (api == null) {
      return RestJson.error(
          404,
          "NotFoundException",
          "Invalid API identifier specified " + accountId + ":" + path.get(2));
    }
    if (path.size() == 3) {
      return RestJson.ok(200, api(api));
    }
    if (path.get(3).equals("routes")) {
      ArrayNode items = RestJson.JSON.createArrayNode();
      api.routes().forEach(route -> items.add(route(route)));
      return items(items);
    }
    if (path.get(3).equals("stages")) {
      ArrayNode items = RestJson.JSON.createArrayNode();
      api.stages().forEach(stage -> items.add(stage(stage)));
      return items(items);
    }
    return unknown(request);
  }

  private static AwsResponse unknown(AwsRequest request) {
    return RestJson.error(
        404,
        "NotFoundException",
        "The embedded cloud's API Gateway v2 serves GetApis, GetApi, "
            + "GetRoutes and GetStages, not "
            + request.method()
            + " "
            + request.path());
  }

  private static AwsResponse items(ArrayNode items) {
    ObjectNode body = RestJson.JSON.createObjectNode();
    body.set("items", items);
    return RestJson.ok(200, body);
  }

  private static ObjectNode api(HttpApiServer api) {
    ObjectNode a = RestJson.JSON.createObjectNode();
    a.put("apiEndpoint", api.endpoint().toString());
    a.put("apiId", api.apiId());
    a.put("apiKeySelectionExpression", "$request.header.x-api-key");
    a.put("createdDate", iso(api.createdDate()));
    a.put("disableExecuteApiEndpoint", false);
    a.put("ipAddressType", "ipv4");
    a.put("name", api.name());
    a.put("protocolType", "HTTP");
    a.put("routeSelectionExpression", "$request.method $request.path");
    a.putObject("tags");
    return a;
  }

  private static ObjectNode route(HttpApiServer.Route route) {
    ObjectNode r = RestJson.JSON.createObjectNode();
    r.put("apiKeyRequired", false);
    r.put("authorizationType", route.iamAuthorization() ? "AWS_IAM" : "NONE");
    r.put("routeId", route.routeId());
    r.put("routeKey", route.routeKey());
    r.put("target", route.target());
    return r;
  }

  private static ObjectNode stage(HttpApiServer.Stage stage) {
    ObjectNode s = RestJson.JSON.createObjectNode();
    s.put("autoDeploy", stage.autoDeploy());
    s.put("createdDate", iso(stage.createdDate()));
    s.putObject("defaultRouteSettings").put("detailedMetricsEnabled", false);
    s.put("lastUpdatedDate", iso(stage.createdDate()));
    s.putObject("routeSettings");
    s.put("stageName", stage.name());
    s.putObject("stageVariables");
    s.putObject("tags");
    return s;
  }

  /** API Gateway's ISO-8601 timestamps: whole seconds, UTC. */
  private static String iso(Instant at) {
    return DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.SECONDS));
  }
}
