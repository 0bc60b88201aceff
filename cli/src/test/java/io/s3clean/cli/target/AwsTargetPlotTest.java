package io.s3clean.cli.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.s3clean.cli.CliException;
import io.s3clean.cli.ExitCodes;
import io.s3clean.cli.GlobalOptions;
import io.s3clean.cli.target.StackTarget.StackInfo;
import io.s3clean.cli.testing.TestCredentials;
import io.s3clean.template.ShippedTemplate;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The plot GET as the HTTP API's AWS_IAM route receives it: SigV4-signed for execute-api in the
 * stack's region. moto has no HTTP APIs, so a loopback server stands in for API Gateway and records
 * what arrives.
 */
class AwsTargetPlotTest {
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private HttpServer api;
  private final AtomicReference<String> authorization = new AtomicReference<>();
  private final AtomicReference<String> query = new AtomicReference<>();
  private volatile int status = 200;
  private volatile byte[] body = PNG;

  @BeforeAll
  static void credentials() {
    TestCredentials.install();
  }

  @BeforeEach
  void startApi() throws IOException {
    api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    api.createContext(
        "/plot",
        exchange -> {
          authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
          query.set(exchange.getRequestURI().getRawQuery());
          exchange.sendResponseHeaders(status, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    api.start();
  }

  @AfterEach
  void stopApi() {
    api.stop(0);
  }

  private StackInfo stack() {
    return new StackInfo(
        "s3clean",
        "CREATE_COMPLETE",
        Map.of("ApiUrl", "http://127.0.0.1:" + api.getAddress().getPort() + "/plot"),
        Map.of());
  }

  private static AwsTarget target() {
    GlobalOptions options =
        CommandLine.populateCommand(
            new GlobalOptions(), "--target", "aws", "--region", "eu-west-1");
    return AwsTarget.open(options, line -> {}, ShippedTemplate.text());
  }

  @Test
  void thePlotIsFetchedWithASigV4SignatureForExecuteApi() {
    try (AwsTarget target = target()) {
      byte[] png = target.fetchPlot(stack(), 300, 200);

      assertThat(png).isEqualTo(PNG);
    }
    String today = DateTimeFormatter.BASIC_ISO_DATE.format(LocalDate.now(ZoneOffset.UTC));
    assertThat(authorization.get())
        .startsWith(
            "AWS4-HMAC-SHA256 Credential="
                + TestCredentials.ACCESS_KEY_ID
                + "/"
                + today
                + "/eu-west-1/execute-api/aws4_request, SignedHeaders=")
        .containsPattern("SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*x-amz-date")
        .containsPattern("Signature=[0-9a-f]{64}$");
    assertThat(query.get()).isEqualTo("width=300&height=200");
  }

  @Test
  void aRefusalIsAServiceErrorWithTheApisMessage() {
    status = 403;
    body = "{\"message\":\"Forbidden\"}".getBytes(StandardCharsets.UTF_8);

    try (AwsTarget target = target()) {
      assertThatThrownBy(() -> target.fetchPlot(stack(), 300, 200))
          .isInstanceOf(CliException.class)
          .hasMessage("GET /plot answered 403: Forbidden")
          .extracting(e -> ((CliException) e).exitCode())
          .isEqualTo(ExitCodes.SERVICE_ERROR);
    }
  }
}
