package io.s3clean.dynamodb.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.s3clean.dynamodb.DynamoDbException;
import io.s3clean.dynamodb.engine.Engine;
import io.s3clean.dynamodb.engine.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.zip.CRC32;

/**
 * DynamoDB's wire protocol, JSON 1.0 over HTTP as the AWS SDKs and the AWS CLI speak it: a POST
 * whose {@code X-Amz-Target} is {@code DynamoDB_20120810.<Operation>} and whose body is the
 * request, answered with the response body, its {@code x-amz-crc32} (which the SDKs check) and a
 * request id. Every failure is answered in AWS's error shape ({@code __type}, {@code message}),
 * never with a stack trace; signatures are not checked.
 */
public final class JsonProtocolHandler implements HttpHandler {
  private static final String TARGET_PREFIX = "DynamoDB_20120810.";
  private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
  private static final System.Logger LOG = System.getLogger(JsonProtocolHandler.class.getName());

  private final Engine engine;
  private final ObjectMapper json = new ObjectMapper();
  private final JsonFactory factory = json.getFactory();

  public JsonProtocolHandler(Engine engine) {
    this.engine = engine;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (exchange.getRequestMethod().equals("GET") && exchange.getRequestURI().getPath().equals("/")) {
        // AWS's endpoints answer a plain GET with a health line; tools that probe them expect one.
        exchange.getRequestBody().readAllBytes();
        send(exchange, 200, "healthy: dynamodb".getBytes(StandardCharsets.UTF_8), "text/plain");
        return;
      }
      byte[] body;
      int status = 200;
      try {
        body = respond(exchange);
      } catch (DynamoDbException e) {
        status = e.status();
        body = error(e);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "DynamoDB request failed inside the engine", e);
        DynamoDbException internal = DynamoDbException.internal("Internal server error");
        status = internal.status();
        body = error(internal);
      }
      send(exchange, status, body, CONTENT_TYPE);
    }
  }

  private byte[] respond(HttpExchange exchange) throws IOException {
    byte[] requestBody = readAll(exchange.getRequestBody());
    if (!exchange.getRequestMethod().equals("POST")) {
      throw DynamoDbException.unknownOperation("DynamoDB accepts POST requests only");
    }
    String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
    if (target == null || !target.startsWith(TARGET_PREFIX)) {
      throw DynamoDbException.unknownOperation(
          target == null ? "Missing X-Amz-Target header" : "Unknown target: " + target);
    }
    String operation = target.substring(TARGET_PREFIX.length());
    if (!engine.supports(operation)) {
      throw DynamoDbException.unknownOperation("An unknown operation was requested: " + operation);
    }
    JsonNode request;
    try {
      request = requestBody.length == 0 ? json.createObjectNode() : json.readTree(requestBody);
    } catch (JsonProcessingException e) {
      throw DynamoDbException.serialization("The request body is not valid JSON: " + e.getOriginalMessage());
    }
    if (request == null || !request.isObject()) {
      throw DynamoDbException.serialization("Start of structure or map found where not expected");
    }
    Response response = engine.execute(operation, request);
    return render(response);
  }

  private byte[] render(Response response) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
    try (JsonGenerator out = factory.createGenerator(bytes)) {
      out.writeStartObject();
      response.write(out);
      out.writeEndObject();
    }
    return bytes.toByteArray();
  }

  private byte[] error(DynamoDbException e) {
    try {
      return render(out -> {
        out.writeStringField("__type", e.type());
        out.writeStringField("message", e.getMessage());
        e.writeExtraFields(out);
      });
    } catch (IOException io) {
      throw new IllegalStateException(io);
    }
  }

  private static void send(HttpExchange exchange, int status, byte[] body, String contentType)
      throws IOException {
    CRC32 crc = new CRC32();
    crc.update(body);
    var headers = exchange.getResponseHeaders();
    headers.set("Content-Type", contentType);
    headers.set("x-amz-crc32", Long.toString(crc.getValue()));
    headers.set("x-amzn-RequestId", UUID.randomUUID().toString());
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    return in.readAllBytes();
  }
}
