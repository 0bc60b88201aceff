package io.s3clean.localcloud.sns;

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
 * SNS's query protocol on a loopback port, for the SNS calls the handlers make (Publish): the same
 * SDK client code that talks to AWS talks to the embedded topics.
 */
public final class SnsHttpEndpoint implements AutoCloseable {
  private static final String NAMESPACE = "http://sns.amazonaws.com/doc/2010-03-31/";
  private final HttpServer server;
  private final SnsService sns;

  public SnsHttpEndpoint(SnsService sns, int port) throws IOException {
    this.sns = sns;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newFixedThreadPool(4, r -> {
      Thread thread = new Thread(r, "sns-endpoint");
      thread.setDaemon(true);
      return thread;
    }));
    server.start();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      String action = form.getOrDefault("Action", "");
      if (!action.equals("Publish")) {
        respond(exchange, 400, error("Sender", "InvalidAction",
            "The embedded cloud's SNS endpoint serves Publish only, not '" + action + "'"));
        return;
      }
      String topicArn = form.get("TopicArn");
      String message = form.get("Message");
      if (topicArn == null || message == null) {
        respond(exchange, 400, error("Sender", "InvalidParameter", "Publish needs TopicArn and Message"));
        return;
      }
      try {
        String id = sns.publish(topicArn, form.get("Subject"), message);
        respond(exchange, 200, "<PublishResponse xmlns=\"" + NAMESPACE + "\"><PublishResult><MessageId>" + id
            + "</MessageId></PublishResult>" + metadata() + "</PublishResponse>");
      } catch (SnsService.NotFoundException e) {
        respond(exchange, 404, error("Sender", "NotFound", e.getMessage()));
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

  private static String error(String type, String code, String message) {
    return "<ErrorResponse xmlns=\"" + NAMESPACE + "\"><Error><Type>" + type + "</Type><Code>" + code
        + "</Code><Message>" + escape(message) + "</Message></Error><RequestId>" + UUID.randomUUID()
        + "</RequestId></ErrorResponse>";
  }

  private static String metadata() {
    return "<ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata>";
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static void respond(HttpExchange exchange, int status, String xml) throws IOException {
    byte[] body = xml.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/xml");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
