package io.s3clean.dynamodb.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.s3clean.dynamodb.Consumed;
import io.s3clean.dynamodb.DynamoDbException;
import io.s3clean.dynamodb.engine.Engine;
import io.s3clean.dynamodb.engine.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
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

  /**
   * What the engine answers to one request: status, content type and body, and the capacity the
   * request consumed (what DynamoDB bills, whether or not the caller asked to see it).
   */
  public record Answer(int status, String contentType, byte[] body, Consumed consumed) {
    Answer(int status, String contentType, byte[] body) {
      this(status, contentType, body, Consumed.NONE);
    }

    /**
     * The headers DynamoDB sends with it, whatever carries it: the content type, the body's CRC-32
     * in {@code x-amz-crc32} (which the SDKs check) and a new request id.
     */
    public Map<String, String> headers() {
      CRC32 crc = new CRC32();
      crc.update(body);
      return Map.of(
          "Content-Type",
          contentType,
          "x-amz-crc32",
          Long.toString(crc.getValue()),
          "x-amzn-RequestId",
          UUID.randomUUID().toString());
    }
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Answer answer =
          answer(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getPath(),
              exchange.getRequestHeaders().getFirst("X-Amz-Target"),
              readAll(exchange.getRequestBody()));
      send(exchange, answer);
    }
  }

  /**
   * One request, whatever carried it: the engine's HTTP server, or the embedded cloud's endpoint
   * calling the engine in its own thread. Every failure is an answer in DynamoDB's error shape.
   *
   * @param target the X-Amz-Target header, null if there was none
   */
  public Answer answer(String method, String path, String target, byte[] requestBody) {
    if (method.equals("GET") && path.equals("/")) {
      // AWS's endpoints answer a plain GET with a health line; tools that probe them expect one.
      return new Answer(200, "text/plain", "healthy: dynamodb".getBytes(StandardCharsets.UTF_8));
    }
    try {
      Response response = respond(method, target, requestBody);
      return new Answer(200, CONTENT_TYPE, render(response), response.consumed());
    } catch (DynamoDbException e) {
      return new Answer(e.status(), CONTENT_TYPE, error(e), e.consumed());
    } catch (RuntimeException | IOException e) {
      LOG.log(System.Logger.Level.WARNING, "DynamoDB request failed inside the engine", e);
      DynamoDbException internal = DynamoDbException.internal("Internal server error");
      return new Answer(internal.status(), CONTENT_TYPE, error(internal));
    }
  }

  private Response respond(String method, String target, byte[] requestBody) throws IOException {
    if (!method.equals("POST")) {
      throw DynamoDbException.unknownOperation("DynamoDB accepts POST requests only");
    }
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
      throw DynamoDbException.serialization(
          "The request body is not valid JSON: " + e.getOriginalMessage());
    }
    if (request == null || !request.isObject()) {
      throw DynamoDbException.serialization("Start of structure or map found where not expected");
    }
    return engine.execute(operation, request);
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
      return render(
          out -> {
            out.writeStringField("__type", e.type());
            out.writeStringField("message", e.getMessage());
            e.writeExtraFields(out);
          });
    } catch (IOException io) {
      throw new IllegalStateException(io);
    }
  }

  private static void send(HttpExchange exchange, Answer answer) throws IOException {
    answer.headers().forEach(exchange.getResponseHeaders()::set);
    exchange.sendResponseHeaders(
        answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(answer.body());
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    return in.readAllBytes();
  }
}
