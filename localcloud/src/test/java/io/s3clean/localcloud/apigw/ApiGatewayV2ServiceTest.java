package io.s3clean.localcloud.apigw;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3clean.clock.ManualClock;
import io.s3clean.localcloud.endpoint.AwsRequest;
import io.s3clean.localcloud.endpoint.AwsResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** API Gateway v2's reads over a real HttpApiServer, request by request, errors included. */
class ApiGatewayV2ServiceTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-02T10:00:00.250Z"));
  private HttpApiServer api;
  private ApiGatewayV2Service service;

  @BeforeEach
  void start() throws IOException {
    api = new HttpApiServer("abc1234x", "local-plot", 0, clock);
    api.addRoute(new HttpApiServer.Route("r1", "GET /plot", "integrations/i1", null, true));
    api.addStage(new HttpApiServer.Stage("$default", true, clock.instant()));
    service = new ApiGatewayV2Service(() -> List.of(api), "000000000000");
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void listsTheApisTheirRoutesAndStagesInTheModelsLowerCamelCase() throws IOException {
    JsonNode apis = json(get("/v2/apis"));
    JsonNode one = json(get("/v2/apis/abc1234x"));
    JsonNode routes = json(get("/v2/apis/abc1234x/routes"));
    JsonNode stages = json(get("/v2/apis/abc1234x/stages"));

    assertThat(apis.at("/items/0/apiId").asText()).isEqualTo("abc1234x");
    assertThat(apis.at("/items/0/name").asText()).isEqualTo("local-plot");
    assertThat(apis.at("/items/0/protocolType").asText()).isEqualTo("HTTP");
    assertThat(apis.at("/items/0/apiEndpoint").asText()).isEqualTo(api.endpoint().toString());
    assertThat(apis.at("/items/0/createdDate").asText()).isEqualTo("2026-12-02T10:00:00Z");
    assertThat(one.path("apiId").asText()).isEqualTo("abc1234x");
    assertThat(routes.at("/items/0/routeKey").asText()).isEqualTo("GET /plot");
    assertThat(routes.at("/items/0/authorizationType").asText()).isEqualTo("AWS_IAM");
    assertThat(routes.at("/items/0/target").asText()).isEqualTo("integrations/i1");
    assertThat(stages.at("/items/0/stageName").asText()).isEqualTo("$default");
    assertThat(stages.at("/items/0/autoDeploy").asBoolean()).isTrue();
  }

  @Test
  void anUnknownApiIsNotFoundAndAnUnknownPathOrMethodAnAwsShapedErrorNeverA500()
      throws IOException {
    assertError(
        get("/v2/apis/nope/routes"),
        404,
        "NotFoundException",
        "Invalid API identifier specified 000000000000:nope");
    assertError(get("/v2/apis/abc1234x/integrations"), 404, "NotFoundException", "GetRoutes");
    assertError(get("/v2/domainnames"), 404, "NotFoundException", "GetApis");
    assertError(
        service.handle(
            new AwsRequest("POST", "/v2/apis", "", Map.of(), "{".getBytes(StandardCharsets.UTF_8))),
        404,
        "NotFoundException",
        "not POST /v2/apis");
    assertError(get("/v2/apis/%zz"), 400, "BadRequestException", "Invalid request path");
  }

  private AwsResponse get(String path) {
    return service.handle(new AwsRequest("GET", path, "", Map.of(), new byte[0]));
  }

  private static JsonNode json(AwsResponse response) throws IOException {
    assertThat(response.status())
        .as(new String(response.body(), StandardCharsets.UTF_8))
        .isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static void assertError(AwsResponse response, int status, String code, String message)
      throws IOException {
    assertThat(response.status()).isEqualTo(status);
    assertThat(response.headers().get("X-Amzn-ErrorType")).containsExactly(code);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("__type").asText()).isEqualTo(code);
    assertThat(body.path("message").asText()).contains(message);
  }
}
