package io.s3clean.localcloud.query;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;

/**
 * AWS's query protocol (form-encoded POST, XML answers) on a loopback port, as SNS and CloudWatch
 * speak it to the SDK clients the handlers use: the wire plumbing that the embedded cloud's query
 * endpoints share; each endpoint answers its own actions.
 */
public final class QueryProtocol implements AutoCloseable {
  /** One action's answer: the XML body and its HTTP status. */
  public record Answer(int status, String xml) {}

  /** Answers one request's form parameters. */
  @FunctionalInterface
  public interface Actions {
    Answer answer(Map<String, String> form);
  }

  private final HttpServer server;

  /** @param threadName names the endpoint's worker threads */
  public QueryProtocol(int port, String threadName, Actions actions) throws IOException {
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext("/", exchange -> handle(exchange, actions));
    server.setExecutor(Executors.newFixedThreadPool(4, r -> {
      Thread thread = new Thread(r, threadName);
      thread.setDaemon(true);
      return thread;
    }));
    server.start();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private static void handle(HttpExchange exchange, Actions actions) throws IOException {
    try (exchange) {
      Answer answer = actions.answer(form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
      byte[] body = answer.xml().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/xml");
      exchange.sendResponseHeaders(answer.status(), body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static Map<String, String> form(String body) {
    Map<String, String> form = new HashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        form.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
      }
    }
    return form;
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  /** AWS's query-protocol error: {@code type} is Sender or Receiver. */
  public static Answer error(String namespace, int status, String type, String code, String message) {
    return new Answer(status, "<ErrorResponse xmlns=\"" + namespace + "\"><Error><Type>" + type + "</Type><Code>" + code
        + "</Code><Message>" + escape(message) + "</Message></Error><RequestId>" + UUID.randomUUID()
        + "</RequestId></ErrorResponse>");
  }

  /** A successful answer to {@code action}, its result element (may be empty) and the request id. */
  public static Answer ok(String namespace, String action, String result) {
    return new Answer(200, "<" + action + "Response xmlns=\"" + namespace + "\">" + result
        + "<ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata></" + action
        + "Response>");
  }

  public static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
