package io.s3clean.localcloud.endpoint;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** What a service handler answers: status, headers and the whole body. */
public record AwsResponse(int status, Map<String, List<String>> headers, byte[] body) {

  public static AwsResponse of(int status, String contentType, byte[] body) {
    return new AwsResponse(status, Map.of("Content-Type", List.of(contentType)), body);
  }

  public static AwsResponse xml(int status, String xml) {
    return of(status, "text/xml", xml.getBytes(StandardCharsets.UTF_8));
  }

  public static AwsResponse json(int status, String contentType, String json) {
    return of(status, contentType, json.getBytes(StandardCharsets.UTF_8));
  }
}
