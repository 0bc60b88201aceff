package io.s3clean.localcloud.endpoint;

/**
 * One AWS service behind the embedded cloud's endpoint, chosen by the signing name of the request's
 * SigV4 credential scope. It answers every request it is given, errors included, in its service's
 * protocol (botocore's service model is the spec); it never throws for a bad request.
 */
@FunctionalInterface
public interface ServiceHandler {
  AwsResponse handle(AwsRequest request);

  /**
   * The service's answer to a request its caller's policy does not allow: here a JSON protocol's
   * AccessDeniedException, else the query protocol's AccessDenied; services of other shapes say it
   * their own way.
   */
  default AwsResponse accessDenied(AwsRequest request, String message) {
    if (request.header("x-amz-target").isPresent()) {
      String body =
          new com.fasterxml.jackson.databind.ObjectMapper()
              .createObjectNode()
              .put("__type", "com.amazon.coral.service#AccessDeniedException")
              .put("message", message)
              .toString();
      return new AwsResponse(
          400,
          java.util.Map.of(
              "Content-Type",
              java.util.List.of(
                  request.header("content-type").orElse("application/x-amz-json-1.0"))),
          body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    return io.s3clean.localcloud.query.QueryProtocol.error(
        null, 403, "Sender", "AccessDenied", message);
  }
}
