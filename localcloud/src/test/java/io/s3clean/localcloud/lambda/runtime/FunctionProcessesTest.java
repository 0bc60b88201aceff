package io.s3clean.localcloud.lambda.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3clean.clock.ManualClock;
import io.s3clean.cloudwatch.logs.LambdaLogWriter;
import io.s3clean.cloudwatch.logs.LogEvent;
import io.s3clean.cloudwatch.logs.LogStore;
import io.s3clean.handler.HandlerRegistry;
import io.s3clean.localcloud.fault.FaultInjector;
import io.s3clean.localcloud.iam.Policy;
import io.s3clean.localcloud.lambda.FunctionHost;
import io.s3clean.localcloud.lambda.FunctionSpec;
import io.s3clean.localcloud.lambda.HostedFunction;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Functions running their deployed code as Lambda runs it: a process of AWS's Java runtime per
 * execution environment, fed through the Runtime API, reused while warm.
 */
class FunctionProcessesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ACCOUNT = "000000000000";

  /** Long enough for the tests' back-to-back invocations to find their environment warm. */
  private static final java.time.Duration IDLE_LIMIT = java.time.Duration.ofSeconds(3);

  @TempDir Path code;
  private final LogStore logs =
      LogStore.inMemory(new ManualClock(Instant.parse("2026-12-04T00:00:00Z")));
  private FunctionHost host;

  @BeforeEach
  void host() {
    host =
        new FunctionHost(
            "us-east-1",
            ACCOUNT,
            (group, memoryMb, allowed) ->
                LambdaLogWriter.forNewEnvironment(
                    logs, group, java.time.Clock.systemUTC(), memoryMb),
            new FunctionHost.InProcess(
                HandlerRegistry.standard(),
                role -> {
                  throw new AssertionError("deployed code builds no handler in this JVM");
                }),
            FaultInjector.NONE,
            Optional.of(
                new FunctionHost.DeployedCode(
                    new CodeStore(code), URI.create("http://127.0.0.1:4566"), IDLE_LIMIT)));
  }

  @AfterEach
  void close() {
    host.close();
  }

  private HostedFunction deploy(String name, String handler, int timeoutSeconds, byte[] jar) {
    return host.deploy(
        new FunctionSpec(
            name,
            "arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:" + name,
            handler + "::handleRequest",
            Map.of("GREETING", "hello"),
            timeoutSeconds,
            256,
            "/aws/lambda/" + name),
        "role",
        Policy.fromDocuments(List.of()),
        jar);
  }

  private static JsonNode json(byte[] bytes) throws Exception {
    return JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
  }

  private List<String> log(String function) {
    return logs.logStreams("/aws/lambda/" + function).stream()
        .flatMap(stream -> logs.events("/aws/lambda/" + function, stream).stream())
        .map(LogEvent::message)
        .toList();
  }

  @Test
  void aColdStartInitialisesOnceAndAWarmEnvironmentServesTheNextInvocation() throws Exception {
    HostedFunction echo =
        deploy(
            "echo",
            RuntimeTestHandlers.Echo.class.getName(),
            10,
            TestJars.of(RuntimeTestHandlers.class));

    HostedFunction.Result first = echo.invokePayload("{\"n\":1}".getBytes(StandardCharsets.UTF_8));
    HostedFunction.Result second = echo.invokePayload("{\"n\":2}".getBytes(StandardCharsets.UTF_8));

    assertThat(first.functionError()).isEmpty();
    JsonNode answer = json(first.payload());
    assertThat(answer.path("payload").path("n").asInt()).isEqualTo(1);
    assertThat(answer.path("requestId").asText()).isEqualTo(first.requestId());
    assertThat(answer.path("functionName").asText()).isEqualTo("echo");
    assertThat(answer.path("memory").asText()).isEqualTo("256");
    assertThat(answer.path("greeting").asText()).isEqualTo("hello");
    assertThat(answer.path("sessionToken").asBoolean()).isTrue();
    assertThat(answer.path("accessKey").asText()).startsWith("ASIA");
    assertThat(answer.path("endpoint").asText()).isEqualTo("http://127.0.0.1:4566");
    assertThat(answer.path("cloudClassVisible").asBoolean())
        .as("the cloud's classes are not the function's")
        .isFalse();
    assertThat(answer.path("remainingMs").asLong()).isBetween(1L, 10_000L);
    assertThat(answer.path("pid").asLong()).isNotEqualTo(ProcessHandle.current().pid());
    assertThat(json(second.payload()).path("pid").asLong())
        .as("the same environment, warm")
        .isEqualTo(answer.path("pid").asLong());
    assertThat(echo.processes().orElseThrow().coldStarts()).isEqualTo(1);

    List<String> lines = log("echo");
    assertThat(lines).filteredOn(line -> line.startsWith("REPORT")).hasSize(2);
    assertThat(lines)
        .filteredOn(line -> line.startsWith("REPORT") && line.contains("Init Duration: "))
        .hasSize(1);
    assertThat(first.log()).first().asString().startsWith("START RequestId: " + first.requestId());
    assertThat(first.log()).contains("echoing 7 bytes");
    assertThat(first.log().get(first.log().size() - 1))
        .contains("Max Memory Used: ")
        .doesNotContain("Max Memory Used: 0 MB");
  }

  @Test
  void aHandlerThatThrowsFailsAsLambdaReportsItAndItsEnvironmentServesOn() throws Exception {
    HostedFunction throwing =
        deploy(
            "throwing",
            RuntimeTestHandlers.Throwing.class.getName(),
            10,
            TestJars.of(RuntimeTestHandlers.class));

    HostedFunction.Result result = throwing.invokePayload("{}".getBytes(StandardCharsets.UTF_8));
    throwing.invokePayload("{}".getBytes(StandardCharsets.UTF_8));

    assertThat(result.functionError()).contains("Unhandled");
    JsonNode error = json(result.payload());
    assertThat(error.path("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
    assertThat(error.path("errorMessage").asText()).isEqualTo("the handler gave up");
    assertThat(error.path("stackTrace").isArray()).isTrue();
    assertThat(throwing.processes().orElseThrow().coldStarts()).isEqualTo(1);
    assertThatThrownBy(() -> throwing.invokeJson(new byte[0]))
        .isInstanceOf(HostedFunction.LambdaError.class)
        .hasMessage("the handler gave up");
  }

  @Test
  void anInvocationPastItsTimeoutIsStoppedAndTheNextStartsAFreshEnvironment() throws Exception {
    HostedFunction sleeping =
        deploy(
            "sleeping",
            RuntimeTestHandlers.Sleeping.class.getName(),
            2,
            TestJars.of(RuntimeTestHandlers.class));

    // its log has the line it wrote before sleeping while it still sleeps, as Lambda's logs do
    java.util.concurrent.CompletableFuture<HostedFunction.Result> running =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> sleeping.invokePayload("{}".getBytes(StandardCharsets.UTF_8)));
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
    while (!log("sleeping").contains("going to sleep") && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(running).as("the line is read while the invocation runs").isNotDone();
    HostedFunction.Result result = running.get(30, java.util.concurrent.TimeUnit.SECONDS);

    assertThat(result.functionError()).contains("Unhandled");
    JsonNode error = json(result.payload());
    assertThat(error.path("errorType").asText()).isEqualTo("Sandbox.Timedout");
    assertThat(error.path("errorMessage").asText())
        .isEqualTo(
            "RequestId: " + result.requestId() + " Error: Task timed out after 2.00 seconds");
    assertThat(result.log())
        .anySatisfy(
            line ->
                assertThat(line)
                    .endsWith(result.requestId() + " Task timed out after 2.00 seconds"));
    assertThat(result.log()).contains("going to sleep");
    assertThat(result.log().get(result.log().size() - 1)).contains("Billed Duration: 2000 ms");

    sleeping.invokePayload("{}".getBytes(StandardCharsets.UTF_8));
    assertThat(sleeping.processes().orElseThrow().coldStarts())
        .as("the timed-out environment is gone")
        .isEqualTo(2);
  }

  @Test
  void aHandlerClassTheCodeDoesNotHoldFailsEachInvocationAsTheJavaRuntimeReportsIt()
      throws Exception {
    HostedFunction missing =
        deploy(
            "missing",
            "io.s3clean.handler.NoSuchHandler",
            10,
            TestJars.of(RuntimeTestHandlers.class));

    HostedFunction.Result result = missing.invokePayload("{}".getBytes(StandardCharsets.UTF_8));

    assertThat(result.functionError()).contains("Unhandled");
    JsonNode error = json(result.payload());
    assertThat(error.path("errorType").asText()).isEqualTo("java.lang.ClassNotFoundException");
    assertThat(error.path("errorMessage").asText())
        .isEqualTo("Class not found: io.s3clean.handler.NoSuchHandler");
  }

  @Test
  void reservedVariablesAndAPackageThatIsNoZipAreRefusedInLambdasWords() {
    byte[] jar = TestJars.of(RuntimeTestHandlers.class);
    assertThatThrownBy(
            () ->
                host.deploy(
                    new FunctionSpec(
                        "reserved",
                        "arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:reserved",
                        RuntimeTestHandlers.Echo.class.getName() + "::handleRequest",
                        Map.of("AWS_REGION", "eu-west-1"),
                        3,
                        128,
                        "/aws/lambda/reserved"),
                    "role",
                    Policy.fromDocuments(List.of()),
                    jar))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("Reserved keys used in this request: AWS_REGION");
    assertThatThrownBy(
            () ->
                deploy(
                    "notzip",
                    RuntimeTestHandlers.Echo.class.getName(),
                    3,
                    "not a zip".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Could not unzip uploaded file");
  }

  @Test
  void anEnvironmentIdlePastTheLimitIsEndedAndTheNextInvocationIsAColdStart() throws Exception {
    HostedFunction echo =
        deploy(
            "idle",
            RuntimeTestHandlers.Echo.class.getName(),
            10,
            TestJars.of(RuntimeTestHandlers.class));
    long firstPid =
        json(echo.invokePayload("{}".getBytes(StandardCharsets.UTF_8)).payload())
            .path("pid")
            .asLong();

    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
    while (ProcessHandle.of(firstPid).map(ProcessHandle::isAlive).orElse(false)
        && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive).orElse(false))
        .as("the idle environment's process has ended")
        .isFalse();
    long secondPid =
        json(echo.invokePayload("{}".getBytes(StandardCharsets.UTF_8)).payload())
            .path("pid")
            .asLong();

    assertThat(secondPid).isNotEqualTo(firstPid);
    assertThat(echo.processes().orElseThrow().coldStarts()).isEqualTo(2);
  }
}
