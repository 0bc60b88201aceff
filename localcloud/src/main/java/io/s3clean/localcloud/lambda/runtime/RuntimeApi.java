package io.s3clean.localcloud.lambda.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Lambda's Runtime API for one execution environment, on a loopback port of its own: the runtime in
 * the environment's process asks for its next invocation (a long poll, as on Lambda) and posts the
 * response, the function's error, or its init error. The paths and headers are AWS's (docs: "Using
 * the Lambda runtime API for custom runtimes"); AWS's runtime interface client insists on a
 * Content-Type in every answer.
 */
final class RuntimeApi implements AutoCloseable {
  private static final String PREFIX = "/2018-06-01/runtime/";

  /** What the runtime reported of an invocation, or of its initialisation. */
  sealed interface Outcome {
    /** The handler returned: its serialized result. */
    record Response(byte[] payload) implements Outcome {}

    /**
     * The handler failed, or the runtime could not initialise it.
     *
     * @param errorType the Lambda-Runtime-Function-Error-Type header, e.g. Runtime.UserException
     * @param document the runtime's error document: errorMessage, errorType, stackTrace
     */
    record Error(String errorType, byte[] document, boolean duringInit) implements Outcome {}
  }

  /** An invocation handed to the runtime at its next poll. */
  record Invocation(String requestId, byte[] payload, long deadlineEpochMs, String functionArn) {}

  private final HttpServer server;
  private final LinkedBlockingQueue<Invocation> next = new LinkedBlockingQueue<>();
  private volatile PendingInvocation pending;

  /**
   * When ({@link System#nanoTime()}) the runtime first asked for an invocation: its initialisation
   * was over.
   */
  private final CompletableFuture<Long> firstPoll = new CompletableFuture<>();

  private volatile boolean closed;

  private record PendingInvocation(String requestId, CompletableFuture<Outcome> outcome) {}

  RuntimeApi(String name) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    server.createContext(PREFIX, this::handle);
    // the runtime holds one poll open while it posts nothing else: two threads are plenty
    server.setExecutor(
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread thread = new Thread(r, "runtime-api-" + name);
              thread.setDaemon(true);
              return thread;
            }));
    server.start();
  }

  /** {@code host:port}, as AWS_LAMBDA_RUNTIME_API gives it to the runtime. */
  String address() {
    InetSocketAddress address = server.getAddress();
    return address.getAddress().getHostAddress() + ":" + address.getPort();
  }

  /**
   * When ({@link System#nanoTime()}) the runtime first asked for an invocation: its initialisation
   * was over.
   */
  /**
   * Completes, with its {@link System#nanoTime()}, when the runtime first asks for an invocation.
   */
  CompletableFuture<Long> firstPoll() {
    return firstPoll;
  }

  /**
   * Hands an invocation to the runtime's next poll.
   *
   * @return what the runtime reports of it; never completes if the runtime dies first (the caller
   *     watches the process and the deadline)
   */
  CompletableFuture<Outcome> submit(Invocation invocation) {
    CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    pending = new PendingInvocation(invocation.requestId(), outcome);
    next.add(invocation);
    return outcome;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      if (exchange.getRequestMethod().equals("GET") && path.equals("invocation/next")) {
        nextInvocation(exchange);
      } else if (exchange.getRequestMethod().equals("POST") && path.equals("init/error")) {
        complete(null, new Outcome.Error(errorType(exchange), body, true));
        answer(exchange, 202, "{\"status\":\"OK\"}");
      } else if (exchange.getRequestMethod().equals("POST") && path.startsWith("invocation/")) {
        String[] parts = path.split("/");
        if (parts.length != 3 || !(parts[2].equals("response") || parts[2].equals("error"))) {
          answer(exchange, 404, "{\"errorMessage\":\"Unknown path\",\"errorType\":\"NotFound\"}");
          return;
        }
        boolean known =
            complete(
                parts[1],
                parts[2].equals("response")
                    ? new Outcome.Response(body)
                    : new Outcome.Error(errorType(exchange), body, false));
        if (known) {
          answer(exchange, 202, "{\"status\":\"OK\"}");
        } else {
          answer(
              exchange,
              400,
              "{\"errorMessage\":\"Invalid request ID\",\"errorType\":\"InvalidRequestID\"}");
        }
      } else {
        answer(exchange, 404, "{\"errorMessage\":\"Unknown path\",\"errorType\":\"NotFound\"}");
      }
    }
  }

  private void nextInvocation(HttpExchange exchange) throws IOException {
    firstPoll.complete(System.nanoTime());
    Invocation invocation = null;
    try {
      while (invocation == null && !closed) {
        invocation = next.poll(200, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (invocation == null) {
      // the environment is shutting down: the runtime exits on an error here
      answer(
          exchange,
          500,
          "{\"errorMessage\":\"The execution environment is shutting down\","
              + "\"errorType\":\"Runtime.ExitError\"}");
      return;
    }
    var headers = exchange.getResponseHeaders();
    headers.set("Content-Type", "application/json");
    headers.set("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
    headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(invocation.deadlineEpochMs()));
    headers.set("Lambda-Runtime-Invoked-Function-Arn", invocation.functionArn());
    headers.set(
        "Lambda-Runtime-Trace-Id",
        "Root=1-"
            + Long.toHexString(System.currentTimeMillis() / 1000)
            + "-"
            + invocation.requestId().replace("-", "").substring(0, 24)
            + ";Sampled=0");
    exchange.sendResponseHeaders(
        200, invocation.payload().length == 0 ? -1 : invocation.payload().length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(invocation.payload());
    }
  }

  /**
   * @param requestId null for an init error, which ends the pending invocation whatever its id
   */
  private boolean complete(String requestId, Outcome outcome) {
    PendingInvocation current = pending;
    if (current == null || (requestId != null && !current.requestId().equals(requestId))) {
      return false;
    }
    pending = null;
    current.outcome().complete(outcome);
    return true;
  }

  private static String errorType(HttpExchange exchange) {
    return Optional.ofNullable(
            exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type"))
        .orElse("Runtime.Unknown");
  }

  private static void answer(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    closed = true;
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
