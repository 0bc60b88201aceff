package io.s3clean.localcloud.apigw;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.s3clean.dynamodb.server.HttpServers;
import io.s3clean.localcloud.lambda.HostedFunction;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * An API Gateway HTTP API on a loopback port: each route invokes its Lambda integration with the
 * payload format 2.0 event and turns the response back into HTTP, base64 bodies included.
 */
public final class HttpApiServer implements AutoCloseable {
  private static final DateTimeFormatter REQUEST_TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** HTTP APIs bill a request per 512 KB of it. */
  private static final int HTTP_API_INCREMENT = 512 * 1024;

  private final String apiId;
  private final String name;
  private final Instant createdDate;
  private final HttpServer server;
  private final Clock clock;
  private final io.s3clean.localcloud.usage.UsageMeter meter;
  private final Map<String, Route> routes = new ConcurrentHashMap<>();
  private final List<Stage> stages = new CopyOnWriteArrayList<>();

  /**
   * @param target {@code integrations/<id>}
   * @param iamAuthorization AWS_IAM: the request must carry a SigV4 Authorization header
   */
  public record Route(
      String routeId,
      String routeKey,
      String target,
      HostedFunction function,
      boolean iamAuthorization) {}

  /**
   * A stage as the template defines it; every stage serves the same routes at the server's root
   * here.
   */
  public record Stage(String name, boolean autoDeploy, Instant createdDate) {}

  /**
   * @param name the API's name, for API Gateway's API to list
   */
  public HttpApiServer(String apiId, String name, int port, Clock clock) throws IOException {
    this(apiId, name, port, clock, new io.s3clean.localcloud.usage.UsageMeter(clock));
  }

  /**
   * @param meter counts each authorised request, in 512 KB increments as HTTP APIs are billed
   */
  public HttpApiServer(
      String apiId,
      String name,
      int port,
      Clock clock,
      io.s3clean.localcloud.usage.UsageMeter meter)
      throws IOException {
    this.meter = meter;
    this.apiId = apiId;
    this.name = name;
    this.clock = clock;
    this.createdDate = clock.instant();
    this.server =
        HttpServers.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext("/", this::handle);
    server.setExecutor(
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread thread = new Thread(r, "http-api-" + apiId);
              thread.setDaemon(true);
              return thread;
            }));
    server.start();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public String apiId() {
    return apiId;
  }

  public String name() {
    return name;
  }

  public Instant createdDate() {
    return createdDate;
  }

  public void addRoute(Route route) {
    routes.put(route.routeKey(), route);
  }

  /** The routes, by route key. */
  public List<Route> routes() {
    return routes.values().stream()
        .sorted(java.util.Comparator.comparing(Route::routeKey))
        .toList();
  }

  public void addStage(Stage stage) {
    stages.add(stage);
  }

  public List<Stage> stages() {
    return List.copyOf(stages);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getRawPath();
      Route route = routes.getOrDefault(method + " " + path, routes.get("$default"));
      if (route == null) {
        respond(
            exchange,
            404,
            "application/json",
            "{\"message\":\"Not Found\"}".getBytes(StandardCharsets.UTF_8));
        return;
      }
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      // Nothing here can verify a signature: the check is that the caller signed at all, as AWS_IAM
      // requires.
      if (route.iamAuthorization()
          && (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 "))) {
        respond(
            exchange,
            403,
            "application/json",
            "{\"message\":\"Forbidden\"}".getBytes(StandardCharsets.UTF_8));
        return;
      }
      APIGatewayV2HTTPResponse response;
      try {
        response = route.function().invoke(event(exchange, route), APIGatewayV2HTTPResponse.class);
      } catch (RuntimeException e) {
        respond(
            exchange,
            500,
            "application/json",
            "{\"message\":\"Internal Server Error\"}".getBytes(StandardCharsets.UTF_8));
        return;
      }
      String body = response.getBody() == null ? "" : response.getBody();
      byte[] bytes =
          response.getIsBase64Encoded()
              ? Base64.getDecoder().decode(body)
              : body.getBytes(StandardCharsets.UTF_8);
      meter.add(
          "apigateway",
          "HTTP API " + name,
          io.s3clean.localcloud.usage.UsageMeter.HTTP_API_REQUESTS,
          Math.max(1, (bytes.length + HTTP_API_INCREMENT - 1) / HTTP_API_INCREMENT),
          io.s3clean.localcloud.usage.UsageMeter.Payer.CLIENTS);
      if (response.getHeaders() != null) {
        response.getHeaders().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
      }
      respond(exchange, response.getStatusCode(), null, bytes);
    }
  }

  private APIGatewayV2HTTPEvent event(HttpExchange exchange, Route route) throws IOException {
    Map<String, String> headers = new HashMap<>();
    exchange
        .getRequestHeaders()
        .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
    String rawQuery = exchange.getRequestURI().getRawQuery();
    Map<String, String> query = new HashMap<>();
    if (rawQuery != null) {
      for (String pair : rawQuery.split("&")) {
        String[] kv = pair.split("=", 2);
        query.merge(decode(kv[0]), kv.length > 1 ? decode(kv[1]) : "", (a, b) -> a + "," + b);
      }
    }
    byte[] body = exchange.getRequestBody().readAllBytes();
    long now = clock.millis();
    return APIGatewayV2HTTPEvent.builder()
        .withVersion("2.0")
        .withRouteKey(route.routeKey())
        .withRawPath(exchange.getRequestURI().getRawPath())
        .withRawQueryString(rawQuery == null ? "" : rawQuery)
        .withHeaders(headers)
        .withQueryStringParameters(query.isEmpty() ? null : query)
        .withBody(body.length == 0 ? null : Base64.getEncoder().encodeToString(body))
        .withIsBase64Encoded(body.length > 0)
        .withRequestContext(
            APIGatewayV2HTTPEvent.RequestContext.builder()
                .withApiId(apiId)
                .withStage("$default")
                .withRouteKey(route.routeKey())
                .withRequestId(UUID.randomUUID().toString())
                .withDomainName(exchange.getRequestHeaders().getFirst("Host"))
                .withTime(REQUEST_TIME.format(clock.instant()))
                .withTimeEpoch(now)
                .withHttp(
                    APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                        .withMethod(exchange.getRequestMethod())
                        .withPath(exchange.getRequestURI().getRawPath())
                        .withProtocol(exchange.getProtocol())
                        .withSourceIp(exchange.getRemoteAddress().getAddress().getHostAddress())
                        .withUserAgent(headers.get("user-agent"))
                        .build())
                .build())
        .build();
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  private static void respond(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    if (contentType != null) {
      exchange.getResponseHeaders().set("Content-Type", contentType);
    }
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
