package io.s3clean.localcloud.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * AWS's rest-json protocol (Lambda, API Gateway v2): the operation is the method and the URI, the
 * answer a JSON document; an error carries its code in {@code X-Amzn-ErrorType} and, for clients
 * that read the body only, in {@code __type}, with its text in {@code message}.
 */
public final class RestJson {
  public static final ObjectMapper JSON = new ObjectMapper();
  public static final String ERROR_TYPE_HEADER = "X-Amzn-ErrorType";

  private RestJson() {}

  public static AwsResponse ok(int status, JsonNode body) {
    return AwsResponse.json(status, "application/json", body.toString());
  }

  /**
   * @param code the error shape's name in the service model, e.g. ResourceNotFoundException
   * @param fields more members of the shape (Lambda's {@code Type}, API Gateway's {@code
   *     resourceType})
   */
  public static AwsResponse error(
      int status, String code, String message, Map<String, String> fields) {
    ObjectNode body = JSON.createObjectNode();
    body.put("__type", code);
    fields.forEach(body::put);
    body.put("message", message);
    return new AwsResponse(
        status,
        Map.of("Content-Type", List.of("application/json"), ERROR_TYPE_HEADER, List.of(code)),
        body.toString().getBytes(StandardCharsets.UTF_8));
  }

  public static AwsResponse error(int status, String code, String message) {
    return error(status, code, message, Map.of());
  }

  /**
   * The path's segments, percent-decoded ({@code +} stays a plus in a path), without empty ones.
   */
  public static List<String> segments(String rawPath) {
    List<String> segments = new ArrayList<>();
    for (String raw : rawPath.split("/")) {
      if (!raw.isEmpty()) {
        segments.add(URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8));
      }
    }
    return segments;
  }
}
