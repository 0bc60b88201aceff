package io.s3clean.localcloud.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3clean.dynamodb.testing.AwsCli;
import io.s3clean.localcloud.LocalCloud;
import io.s3clean.localcloud.LocalClouds;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lambda and API Gateway v2 as a user meets them on the embedded cloud: the real AWS CLI (v1,
 * botocore's models) against the shipped template's stack, through the cloud's one endpoint.
 */
class LambdaAndApiGatewayCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  /** An API Gateway HTTP API (payload format 2.0) GET /plot, as the stack's route sends it. */
  private static final String PLOT_EVENT =
      "{\"version\":\"2.0\",\"routeKey\":\"GET /plot\",\"rawPath\":\"/plot\","
          + "\"rawQueryString\":\"width=400&height=300\",\"headers\":{\"accept\":\"image/png\"},"
          + "\"queryStringParameters\":{\"width\":\"400\",\"height\":\"300\"},\"requestContext\":{\"apiId\":\"abc1234\","
          + "\"routeKey\":\"GET /plot\",\"stage\":\"$default\",\"requestId\":\"r-1\",\"timeEpoch\":1764669600000,"
          + "\"http\":{\"method\":\"GET\",\"path\":\"/plot\",\"protocol\":\"HTTP/1.1\",\"sourceIp\":\"127.0.0.1\","
          + "\"userAgent\":\"test\"}},\"isBase64Encoded\":false}";

  @TempDir static Path home;
  private static LocalCloud cloud;
  private static AwsCli aws;

  @BeforeAll
  static void start() {
    assertThat(AwsCli.majorVersion()).as("the AWS CLI on PATH").isPresent();
    cloud = LocalClouds.shipped(Map.of("BatchSize", "7"), 60);
    aws = new AwsCli(cloud.endpoint(), home);
  }

  @AfterAll
  static void stop() {
    cloud.close();
  }

  @Test
  void listFunctionsShowsTheStacksFiveFunctionsAndGetFunctionOneOfThem() {
    AwsCli.Run list = aws.run("lambda", "list-functions");
    AwsCli.Run cleaner = aws.run("lambda", "get-function", "--function-name", "local-cleaner");

    assertThat(list.exitCode()).as("%s", list).isZero();
    assertThat(list.json().path("Functions").findValuesAsText("FunctionName"))
        .containsExactlyInAnyOrder(
            "local-size-tracking",
            "local-event-logging",
            "local-cleaner",
            "local-plotting",
            "local-bucket-adoption");
    assertThat(cleaner.exitCode()).as("%s", cleaner).isZero();
    JsonNode configuration = cleaner.json().path("Configuration");
    assertThat(configuration.path("FunctionArn").asText())
        .isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:local-cleaner");
    assertThat(configuration.path("Handler").asText())
        .isEqualTo("io.s3clean.handler.CleanerHandler::handleRequest");
    assertThat(configuration.path("Runtime").asText()).isEqualTo("java21");
    assertThat(configuration.path("Role").asText()).startsWith("arn:aws:iam::000000000000:role/");
    assertThat(configuration.path("MemorySize").asInt()).isEqualTo(512);
    assertThat(configuration.path("Timeout").asInt()).isEqualTo(30);
    assertThat(configuration.path("Version").asText()).isEqualTo("$LATEST");
    assertThat(configuration.at("/Environment/Variables/BUCKET_NAME").asText())
        .isEqualTo(cloud.stack().output("WatchedBucketName"));
  }

  @Test
  void eachFunctionHasVersionOneAndTheAliasLivePointingAtIt() {
    AwsCli.Run alias =
        aws.run("lambda", "get-alias", "--function-name", "local-cleaner", "--name", "live");
    AwsCli.Run aliases = aws.run("lambda", "list-aliases", "--function-name", "local-plotting");
    AwsCli.Run versions =
        aws.run("lambda", "list-versions-by-function", "--function-name", "local-size-tracking");
    AwsCli.Run missing =
        aws.run("lambda", "get-alias", "--function-name", "local-cleaner", "--name", "nope");

    assertThat(alias.exitCode()).as("%s", alias).isZero();
    assertThat(alias.json().path("AliasArn").asText())
        .isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:local-cleaner:live");
    assertThat(alias.json().path("FunctionVersion").asText()).isEqualTo("1");
    assertThat(aliases.json().path("Aliases").findValuesAsText("Name")).containsExactly("live");
    assertThat(versions.json().path("Versions").findValuesAsText("Version"))
        .containsExactly("$LATEST", "1");
    assertThat(versions.json().at("/Versions/1/FunctionArn").asText())
        .endsWith(":function:local-size-tracking:1");
    assertThat(missing.exitCode()).isEqualTo(255);
    assertThat(missing.stderr()).contains("ResourceNotFoundException", "Cannot find alias arn:");
  }

  @Test
  void theTwoSqsMappingsCarryTheStacksBatchSizeAndTargetTheLiveAliases() {
    AwsCli.Run all = aws.run("lambda", "list-event-source-mappings");
    AwsCli.Run tracking =
        aws.run("lambda", "list-event-source-mappings", "--function-name", "local-size-tracking");

    assertThat(all.exitCode()).as("%s", all).isZero();
    JsonNode mappings = all.json().path("EventSourceMappings");
    assertThat(mappings).hasSize(2);
    assertThat(mappings.findValuesAsText("FunctionArn"))
        .containsExactlyInAnyOrder(
            "arn:aws:lambda:us-east-1:000000000000:function:local-size-tracking:live",
            "arn:aws:lambda:us-east-1:000000000000:function:local-event-logging:live");
    assertThat(mappings.findValuesAsText("EventSourceArn"))
        .allMatch(arn -> arn.startsWith("arn:aws:sqs:us-east-1:"));
    assertThat(mappings.findValues("BatchSize")).extracting(JsonNode::asInt).containsExactly(7, 7);
    assertThat(mappings.findValuesAsText("State")).containsExactly("Enabled", "Enabled");
    assertThat(mappings.get(0).path("FunctionResponseTypes").get(0).asText())
        .isEqualTo("ReportBatchItemFailures");
    assertThat(tracking.json().path("EventSourceMappings").findValuesAsText("FunctionArn"))
        .containsExactly("arn:aws:lambda:us-east-1:000000000000:function:local-size-tracking:live");
  }

  @Test
  void theCleanersLiveAliasLetsTheAlarmInvokeItAndTheUnqualifiedFunctionHasNoPolicy()
      throws Exception {
    AwsCli.Run live =
        aws.run("lambda", "get-policy", "--function-name", "local-cleaner", "--qualifier", "live");
    AwsCli.Run unqualified = aws.run("lambda", "get-policy", "--function-name", "local-cleaner");

    assertThat(live.exitCode()).as("%s", live).isZero();
    JsonNode statement =
        JSON.readTree(live.json().path("Policy").asText()).path("Statement").get(0);
    assertThat(statement.at("/Principal/Service").asText())
        .isEqualTo("lambda.alarms.cloudwatch.amazonaws.com");
    assertThat(statement.path("Action").asText()).isEqualTo("lambda:InvokeFunction");
    assertThat(statement.path("Resource").asText()).endsWith(":function:local-cleaner:live");
    assertThat(statement.at("/Condition/ArnLike/AWS:SourceArn").asText())
        .isEqualTo("arn:aws:cloudwatch:us-east-1:000000000000:alarm:local-total-size-threshold");
    assertThat(statement.at("/Condition/StringEquals/AWS:SourceAccount").asText())
        .isEqualTo("000000000000");
    assertThat(unqualified.exitCode()).isEqualTo(255);
    assertThat(unqualified.stderr()).contains("ResourceNotFoundException");
  }

  @Test
  void invokingThePlottingFunctionWithAnApiGatewayEventReturnsItsPngAndTailsItsLog()
      throws Exception {
    Path out = home.resolve("plot.json");

    AwsCli.Run run =
        aws.run(
            "lambda",
            "invoke",
            "--function-name",
            "local-plotting",
            "--qualifier",
            "live",
            "--payload",
            PLOT_EVENT,
            "--log-type",
            "Tail",
            out.toString());

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.json().path("StatusCode").asInt()).isEqualTo(200);
    assertThat(run.json().path("ExecutedVersion").asText()).isEqualTo("1");
    assertThat(run.json().has("FunctionError")).isFalse();
    String log =
        new String(
            Base64.getDecoder().decode(run.json().path("LogResult").asText()),
            StandardCharsets.UTF_8);
    assertThat(log)
        .contains("START RequestId: ", "END RequestId: ")
        .containsPattern("REPORT RequestId: .*Duration: ");
    JsonNode response = JSON.readTree(out.toFile());
    assertThat(response.path("statusCode").asInt()).as("%s", response).isEqualTo(200);
    assertThat(response.path("isBase64Encoded").asBoolean()).isTrue();
    assertThat(response.at("/headers/Content-Type").asText()).isEqualTo("image/png");
    byte[] png = Base64.getDecoder().decode(response.path("body").asText());
    assertThat(Arrays.copyOf(png, PNG_MAGIC.length)).isEqualTo(PNG_MAGIC);
  }

  @Test
  void dryRunAnswers204AndAnEventInvocation202() {
    Path out = home.resolve("async.json");

    AwsCli.Run dryRun =
        aws.run(
            "lambda",
            "invoke",
            "--function-name",
            "local-plotting",
            "--invocation-type",
            "DryRun",
            "--payload",
            PLOT_EVENT,
            out.toString());
    AwsCli.Run event =
        aws.run(
            "lambda",
            "invoke",
            "--function-name",
            "local-plotting",
            "--invocation-type",
            "Event",
            "--payload",
            PLOT_EVENT,
            out.toString());

    assertThat(dryRun.exitCode()).as("%s", dryRun).isZero();
    assertThat(dryRun.json().path("StatusCode").asInt()).isEqualTo(204);
    assertThat(event.exitCode()).as("%s", event).isZero();
    assertThat(event.json().path("StatusCode").asInt()).isEqualTo(202);
  }

  @Test
  void anUnknownFunctionIsResourceNotFoundNamingItsArn() {
    AwsCli.Run run = aws.run("lambda", "get-function", "--function-name", "nope");
    AwsCli.Run invoke =
        aws.run(
            "lambda", "invoke", "--function-name", "nope", home.resolve("nope.json").toString());

    // CLI v1 exits 255 on a service's error (v2 would say 254)
    assertThat(run.exitCode()).isEqualTo(255);
    assertThat(run.stderr())
        .contains(
            "(ResourceNotFoundException)",
            "GetFunction",
            "Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope");
    assertThat(invoke.exitCode()).isEqualTo(255);
    assertThat(invoke.stderr()).contains("(ResourceNotFoundException)", "Invoke");
  }

  @Test
  void apiGatewayListsThePlotApiItsRouteAndItsStage() throws Exception {
    AwsCli.Run apis = aws.run("apigatewayv2", "get-apis");

    assertThat(apis.exitCode()).as("%s", apis).isZero();
    JsonNode api = apis.json().path("Items").get(0);
    assertThat(apis.json().path("Items")).hasSize(1);
    assertThat(api.path("Name").asText()).isEqualTo("local-plot");
    assertThat(api.path("ProtocolType").asText()).isEqualTo("HTTP");
    String apiId = api.path("ApiId").asText();
    AwsCli.Run routes = aws.run("apigatewayv2", "get-routes", "--api-id", apiId);
    AwsCli.Run stages = aws.run("apigatewayv2", "get-stages", "--api-id", apiId);
    AwsCli.Run missing = aws.run("apigatewayv2", "get-routes", "--api-id", "nope");

    assertThat(routes.json().path("Items").findValuesAsText("RouteKey"))
        .containsExactly("GET /plot");
    assertThat(routes.json().at("/Items/0/AuthorizationType").asText()).isEqualTo("AWS_IAM");
    assertThat(routes.json().at("/Items/0/Target").asText()).startsWith("integrations/");
    assertThat(stages.json().path("Items").findValuesAsText("StageName"))
        .containsExactly("$default");
    assertThat(stages.json().at("/Items/0/AutoDeploy").asBoolean()).isTrue();
    assertThat(missing.exitCode()).isEqualTo(255);
    assertThat(missing.stderr())
        .contains("(NotFoundException)", "Invalid API identifier specified");
    // the endpoint the API names is the live HTTP API: an unsigned call meets the route's AWS_IAM
    HttpResponse<String> unsigned =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(api.path("ApiEndpoint").asText() + "/plot"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(unsigned.statusCode()).isEqualTo(403);
  }

  @Test
  void theCleanerAStreamHandlerReadsThePayloadsBytesItself() throws Exception {
    Path out = home.resolve("cleaner.json");

    // no alarm event: the cleaner answers with its reason and touches nothing
    AwsCli.Run run =
        aws.run(
            "lambda",
            "invoke",
            "--function-name",
            "local-cleaner",
            "--payload",
            "{\"source\":\"not-an-alarm\"}",
            out.toString());

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.json().has("FunctionError")).as("%s", run).isFalse();
    assertThat(JSON.readTree(out.toFile()).path("error").asText()).isNotEmpty();
  }
}
