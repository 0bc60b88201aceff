package io.s3clean.localcloud.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3clean.clock.ManualClock;
import io.s3clean.cloudwatch.logs.LambdaLogWriter;
import io.s3clean.cloudwatch.logs.LogStore;
import io.s3clean.localcloud.endpoint.AwsRequest;
import io.s3clean.localcloud.endpoint.AwsResponse;
import io.s3clean.localcloud.fault.FaultInjector;
import io.s3clean.localcloud.iam.Policy;
import io.s3clean.localcloud.provision.Deployment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Lambda's API over a real FunctionHost with real handlers, request by request as the wire has
 * them: what the AWS CLI tests cannot reach (errors of every kind, never a 500, log tails cut at 4
 * KB, the Event invocation's thread).
 */
class LambdaServiceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ACCOUNT = "000000000000";
  private static final String ECHO_ARN = "arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:echo";

  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-02T10:00:00Z"));
  private final LogStore logs = LogStore.inMemory(clock);
  private final List<String> errors = new CopyOnWriteArrayList<>();
  private FunctionHost host;
  private LambdaService lambda;

  @BeforeEach
  void deploy() {
    TestHandlers.ECHOED.clear();
    host =
        new FunctionHost(
            "us-east-1",
            ACCOUNT,
            (group, memoryMb, allowed) ->
                LambdaLogWriter.forNewEnvironment(logs, group, clock, memoryMb),
            new FunctionHost.InProcess(TestHandlers.REGISTRY, role -> TestHandlers.NO_CLIENTS),
            FaultInjector.NONE);
    deploy("echo", TestHandlers.Echo.class);
    deploy("batch-counter", TestHandlers.BatchCounter.class);
    deploy("failing", TestHandlers.Failing.class);
    host.publishVersion("echo", "first", clock.instant());
    host.createAlias("echo", "live", "1", "");
    lambda =
        new LambdaService(
            host,
            () ->
                List.of(
                    new Deployment.Permission(
                        "local-EchoPermission-ABC",
                        ECHO_ARN + ":live",
                        "lambda:InvokeFunction",
                        "events.amazonaws.com",
                        "arn:aws:events:us-east-1:" + ACCOUNT + ":rule/nightly",
                        ACCOUNT)),
            "us-east-1",
            ACCOUNT,
            (what, e) -> errors.add(what + ": " + e.getMessage()));
  }

  private void deploy(String name, Class<?> handler) {
    deploy(name, handler.getName(), 30);
  }

  private void deploy(String name, String handlerClass, int timeoutSeconds) {
    host.deploy(
        new FunctionSpec(
            name,
            "arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:" + name,
            handlerClass + "::handleRequest",
            Map.of(),
            timeoutSeconds,
            512,
            "/aws/lambda/" + name),
        "role",
        Policy.fromDocuments(List.of()));
  }

  @Test
  void anInvocationPastItsTimeoutEndsAsLambdaReportsItAndTheFunctionRunsAgainAfter()
      throws IOException {
    deploy("sleeping", TestHandlers.Sleeping.class.getName(), 1);

    long start = System.nanoTime();
    AwsResponse timedOut = invoke("sleeping", "", Map.of("X-Amz-Log-Type", "Tail"), "{}");
    double seconds = (System.nanoTime() - start) / 1e9;

    assertThat(seconds)
        .as("the caller is answered at the timeout, not when the handler ends")
        .isLessThan(2.5);
    assertThat(timedOut.status()).isEqualTo(200);
    assertThat(header(timedOut, "X-Amz-Function-Error")).isEqualTo("Unhandled");
    JsonNode error = JSON.readTree(timedOut.body());
    assertThat(error.path("errorType").asText()).isEqualTo("Sandbox.Timedout");
    assertThat(error.path("errorMessage").asText())
        .matches("RequestId: \\S+ Error: Task timed out after 1.00 seconds");
    String log =
        new String(
            java.util.Base64.getDecoder().decode(header(timedOut, "X-Amz-Log-Result")),
            java.nio.charset.StandardCharsets.UTF_8);
    assertThat(log)
        .contains("Task timed out after 1.00 seconds")
        .containsPattern("REPORT RequestId: \\S+\tDuration: 1000.00 ms\tBilled Duration: 1000 ms");
    // the next invocation gets its own environment's thread, and the rest of the host is unaffected
    assertThat(invoke("echo", "", Map.of(), "{\"n\":2}").headers().get("X-Amz-Function-Error"))
        .isNull();
  }

  @Test
  void aHandlerClassTheCodeDoesNotHoldDeploysAndEachInvocationFailsWithTheRuntimesInitError()
      throws IOException {
    deploy("missing", "io.s3clean.handler.NoSuchHandler", 30);

    AwsResponse failed = invoke("missing", "", Map.of("X-Amz-Log-Type", "Tail"), "{}");

    assertThat(failed.status()).isEqualTo(200);
    assertThat(header(failed, "X-Amz-Function-Error")).isEqualTo("Unhandled");
    JsonNode error = JSON.readTree(failed.body());
    assertThat(error.path("errorType").asText()).isEqualTo("java.lang.ClassNotFoundException");
    assertThat(error.path("errorMessage").asText())
        .isEqualTo("Class not found: io.s3clean.handler.NoSuchHandler");
    assertThat(
            new String(
                java.util.Base64.getDecoder().decode(header(failed, "X-Amz-Log-Result")),
                java.nio.charset.StandardCharsets.UTF_8))
        .contains("START RequestId", "Class not found", "REPORT RequestId");
    // the host's other functions still run
    assertThat(invoke("echo", "", Map.of(), "{\"n\":3}").headers().get("X-Amz-Function-Error"))
        .isNull();
  }

  @AfterEach
  void stop() {
    lambda.close();
  }

  @Test
  void aStreamHandlerGetsThePayloadsBytesAndTailGivesItsLogFromStartToReport() {
    // WHEN
    AwsResponse response = invoke("echo", "", Map.of("X-Amz-Log-Type", "Tail"), "{\"n\":1}");

    // THEN
    assertThat(response.status()).isEqualTo(200);
    assertThat(text(response)).isEqualTo("{\"n\":1}");
    assertThat(header(response, "X-Amz-Executed-Version")).isEqualTo("$LATEST");
    assertThat(response.headers()).doesNotContainKey("X-Amz-Function-Error");
    String log =
        new String(
            Base64.getDecoder().decode(header(response, "X-Amz-Log-Result")),
            StandardCharsets.UTF_8);
    assertThat(log)
        .startsWith("START RequestId: ")
        .contains("echo {\"n\":1}\n", "END RequestId: ")
        .containsPattern("REPORT RequestId: \\S+\tDuration: [0-9.]+ ms\t");
  }

  @Test
  void theLogTailIsTheLast4KbAndEndsWithTheReportLine() {
    String big = "{\"text\":\"" + "x".repeat(10_000) + "\"}";

    AwsResponse response = invoke("echo", "", Map.of("X-Amz-Log-Type", "Tail"), big);

    byte[] tail = Base64.getDecoder().decode(header(response, "X-Amz-Log-Result"));
    assertThat(tail.length).isEqualTo(LambdaService.LOG_TAIL_BYTES);
    assertThat(new String(tail, StandardCharsets.UTF_8))
        .contains("REPORT RequestId: ")
        .endsWith("\t\n");
  }

  @Test
  void anEventObjectHandlerGetsThePayloadDeserialisedWithAwssFieldNames() throws IOException {
    String batch =
        "{\"Records\":[{\"messageId\":\"m1\",\"body\":\"hello\",\"eventSource\":\"aws:sqs\","
            + "\"eventSourceARN\":\"arn:aws:sqs:us-east-1:"
            + ACCOUNT
            + ":q\",\"awsRegion\":\"us-east-1\"}]}";

    AwsResponse response = invoke("batch-counter", "", Map.of(), batch);

    assertThat(response.status()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()))
        .isEqualTo(
            JSON.readTree(
                "{\"records\":1,\"source\":\"arn:aws:sqs:us-east-1:"
                    + ACCOUNT
                    + ":q\",\"body\":\"hello\"}"));
  }

  @Test
  void aFunctionsErrorIs200WithFunctionErrorAndTheRuntimesErrorDocument() throws IOException {
    AwsResponse thrown = invoke("failing", "", Map.of(), "{}");
    // valid JSON, but no SQS batch: the handler fails on it, as it would on AWS
    AwsResponse unreadable = invoke("batch-counter", "", Map.of(), "[1,2]");

    assertThat(thrown.status()).isEqualTo(200);
    assertThat(header(thrown, "X-Amz-Function-Error")).isEqualTo("Unhandled");
    JsonNode error = JSON.readTree(thrown.body());
    assertThat(error.path("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
    assertThat(error.path("errorMessage").asText()).isEqualTo("boom");
    assertThat(error.path("stackTrace").isArray()).isTrue();
    assertThat(header(unreadable, "X-Amz-Function-Error")).isEqualTo("Unhandled");
    assertThat(JSON.readTree(unreadable.body()).path("errorMessage").asText())
        .startsWith("An error occurred during JSON parsing");
  }

  @Test
  void aQualifierRunsTheVersionItNamesAndAnUnknownOneIsNotFoundWithItsArn() throws IOException {
    AwsResponse alias = invoke("echo", "Qualifier=live", Map.of(), "{}");
    AwsResponse inName = invoke("echo:1", "", Map.of(), "{}");
    AwsResponse byArn = invoke(ECHO_ARN + ":live", "", Map.of(), "{}");
    AwsResponse unknownAlias = invoke("echo", "Qualifier=nope", Map.of(), "{}");
    AwsResponse conflicting = invoke("echo:live", "Qualifier=1", Map.of(), "{}");
    AwsResponse unknownFunction = invoke("nope", "", Map.of(), "{}");

    assertThat(header(alias, "X-Amz-Executed-Version")).isEqualTo("1");
    assertThat(header(inName, "X-Amz-Executed-Version")).isEqualTo("1");
    assertThat(byArn.status()).isEqualTo(200);
    assertError(
        unknownAlias,
        404,
        "ResourceNotFoundException",
        "Function not found: " + ECHO_ARN + ":nope");
    assertError(
        conflicting,
        400,
        "InvalidParameterValueException",
        "does not match the specified qualifier");
    assertError(
        unknownFunction,
        404,
        "ResourceNotFoundException",
        "Function not found: arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:nope");
  }

  @Test
  void dryRunOnlyChecksAndAnEventInvocationAnswers202AndRunsAfterwards()
      throws InterruptedException {
    AwsResponse dryRun =
        invoke("echo", "", Map.of("X-Amz-Invocation-Type", "DryRun"), "{\"dry\":true}");
    AwsResponse dryRunMissing = invoke("nope", "", Map.of("X-Amz-Invocation-Type", "DryRun"), "{}");
    assertThat(TestHandlers.ECHOED).isEmpty();

    AwsResponse event =
        invoke("echo", "", Map.of("X-Amz-Invocation-Type", "Event"), "{\"later\":true}");
    AwsResponse failing = invoke("failing", "", Map.of("X-Amz-Invocation-Type", "Event"), "{}");

    assertThat(dryRun.status()).isEqualTo(204);
    assertThat(dryRun.body()).isEmpty();
    assertThat(dryRunMissing.status()).isEqualTo(404);
    assertThat(event.status()).isEqualTo(202);
    assertThat(event.body()).isEmpty();
    assertThat(failing.status()).isEqualTo(202);
    assertThat(TestHandlers.ECHOED.poll(10, TimeUnit.SECONDS)).isEqualTo("{\"later\":true}");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (errors.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(errors)
        .singleElement()
        .asString()
        .contains("Event invocation of arn:aws:lambda:", "failing", "boom");
  }

  @Test
  void aPayloadThatIsNotJsonIsInvalidRequestContentAndTheFunctionNeverRuns() {
    for (String bad : List.of("{not json", "{\"a\":1} trailing", "\u0000")) {
      AwsResponse response = invoke("echo", "", Map.of(), bad);

      assertError(
          response,
          400,
          "InvalidRequestContentException",
          "Could not parse request body into json");
    }
    assertThat(TestHandlers.ECHOED).isEmpty();
  }

  @Test
  void unknownOperationsAndBadParametersAreAwsShaped4xxErrorsNeverA500() {
    assertError(
        request("GET", "/2015-03-31/nothing", "", Map.of(), ""),
        404,
        "UnknownOperationException",
        "not GET /2015-03-31/nothing");
    assertError(
        request("DELETE", "/2015-03-31/functions/echo", "", Map.of(), ""),
        404,
        "UnknownOperationException",
        "not DELETE");
    assertError(request("GET", "/", "", Map.of(), ""), 404, "UnknownOperationException", "Invoke");
    assertError(
        request("GET", "/2015-03-31/functions/%zz", "", Map.of(), ""),
        400,
        "InvalidParameterValueException",
        "");
    assertError(
        invoke("echo", "", Map.of("X-Amz-Invocation-Type", "Sometimes"), "{}"),
        400,
        "InvalidParameterValueException",
        "invocationType");
    assertError(
        invoke("echo", "", Map.of("X-Amz-Log-Type", "All"), "{}"),
        400,
        "InvalidParameterValueException",
        "logType");
    assertError(
        request("GET", "/2015-03-31/functions", "MaxItems=many", Map.of(), ""),
        400,
        "InvalidParameterValueException",
        "MaxItems");
    assertError(
        invoke("echo", "", Map.of(), "\"" + "x".repeat(LambdaService.SYNC_PAYLOAD_LIMIT) + "\""),
        413,
        "RequestTooLargeException",
        "Request must be smaller than 6291456 bytes");
  }

  @Test
  void listsPageWithMarkerAndMaxItems() throws IOException {
    AwsResponse first = request("GET", "/2015-03-31/functions/", "MaxItems=2", Map.of(), "");
    JsonNode page = JSON.readTree(first.body());
    AwsResponse second =
        request(
            "GET",
            "/2015-03-31/functions/",
            "MaxItems=2&Marker=" + page.path("NextMarker").asText(),
            Map.of(),
            "");

    assertThat(page.path("Functions").findValuesAsText("FunctionName"))
        .containsExactly("batch-counter", "echo");
    assertThat(JSON.readTree(second.body()).path("Functions").findValuesAsText("FunctionName"))
        .containsExactly("failing");
    assertThat(JSON.readTree(second.body()).has("NextMarker")).isFalse();
  }

  @Test
  void thePolicyOfAnAliasHoldsItsPermissionsAndTheUnqualifiedFunctionHasNone() throws IOException {
    AwsResponse alias =
        request("GET", "/2015-03-31/functions/echo/policy", "Qualifier=live", Map.of(), "");
    AwsResponse unqualified = request("GET", "/2015-03-31/functions/echo/policy", "", Map.of(), "");

    JsonNode policy = JSON.readTree(JSON.readTree(alias.body()).path("Policy").asText());
    assertThat(policy.at("/Statement/0/Principal/Service").asText())
        .isEqualTo("events.amazonaws.com");
    assertThat(policy.at("/Statement/0/Resource").asText()).isEqualTo(ECHO_ARN + ":live");
    assertThat(policy.at("/Statement/0/Condition/ArnLike/AWS:SourceArn").asText())
        .endsWith(":rule/nightly");
    assertThat(policy.at("/Statement/0/Condition/StringEquals/AWS:SourceAccount").asText())
        .isEqualTo(ACCOUNT);
    assertError(
        unqualified,
        404,
        "ResourceNotFoundException",
        "The resource you requested does not exist.");
  }

  private AwsResponse invoke(
      String function, String query, Map<String, String> headers, String payload) {
    return request(
        "POST",
        "/2015-03-31/functions/"
            + java.net.URLEncoder.encode(function, StandardCharsets.UTF_8)
            + "/invocations",
        query,
        headers,
        payload);
  }

  private AwsResponse request(
      String method, String path, String query, Map<String, String> headers, String body) {
    Map<String, List<String>> all = new HashMap<>();
    headers.forEach((k, v) -> all.put(k, List.of(v)));
    return lambda.handle(
        new AwsRequest(method, path, query, all, body.getBytes(StandardCharsets.UTF_8)));
  }

  private static void assertError(AwsResponse response, int status, String code, String message) {
    assertThat(response.status()).as(text(response)).isEqualTo(status);
    assertThat(header(response, "X-Amzn-ErrorType")).isEqualTo(code);
    try {
      JsonNode body = JSON.readTree(response.body());
      assertThat(body.path("__type").asText()).isEqualTo(code);
      assertThat(body.path("Type").asText()).isEqualTo("User");
      assertThat(body.path("message").asText()).contains(message);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + text(response), e);
    }
  }

  private static String header(AwsResponse response, String name) {
    List<String> values = response.headers().get(name);
    assertThat(values).as("header %s of %s", name, response.headers()).isNotNull();
    return values.get(0);
  }

  private static String text(AwsResponse response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }
}
