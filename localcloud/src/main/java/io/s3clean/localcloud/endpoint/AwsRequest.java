package io.s3clean.localcloud.endpoint;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One HTTP request to the embedded cloud's endpoint, as a service handler sees it: headers with
 * lower-case names, the raw query string and the whole body.
 */
public record AwsRequest(
    String method, String path, String rawQuery, Map<String, List<String>> headers, byte[] body) {
  private static final Pattern CREDENTIAL_SCOPE =
      Pattern.compile("Credential=([^/,\\s]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request");
  private static final Pattern QUERY_CREDENTIAL =
      Pattern.compile("(?:^|&)X-Amz-Credential=([^&]+)");

  public AwsRequest {
    Map<String, List<String>> lower = new TreeMap<>();
    headers.forEach(
        (name, values) -> lower.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
    headers = java.util.Collections.unmodifiableMap(lower);
    rawQuery = rawQuery == null ? "" : rawQuery;
  }

  /** The same request with another query string. */
  public AwsRequest withQuery(String query) {
    return new AwsRequest(method, path, query, headers, body);
  }

  /**
   * The same request with another body: the checksums of the old one are dropped and its
   * Content-MD5 computed again, so that the receiver checks the body it gets.
   */
  public AwsRequest withBody(byte[] newBody) {
    Map<String, List<String>> kept = new TreeMap<>(headers);
    kept.keySet()
        .removeIf(
            name ->
                name.equals("content-md5")
                    || name.startsWith("x-amz-checksum-")
                    || name.equals("x-amz-sdk-checksum-algorithm")
                    || name.equals("x-amz-content-sha256"));
    try {
      kept.put(
          "content-md5",
          List.of(
              java.util.Base64.getEncoder()
                  .encodeToString(java.security.MessageDigest.getInstance("MD5").digest(newBody))));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has MD5", e);
    }
    return new AwsRequest(method, path, rawQuery, kept, newBody);
  }

  /** The same request without the header {@code name} (any case). */
  public AwsRequest withoutHeader(String name) {
    if (!headers.containsKey(name.toLowerCase(Locale.ROOT))) {
      return this;
    }
    Map<String, List<String>> kept = new TreeMap<>(headers);
    kept.remove(name.toLowerCase(Locale.ROOT));
    return new AwsRequest(method, path, rawQuery, kept, body);
  }

  /** The same request with the header {@code name} set to {@code value} alone. */
  public AwsRequest withHeader(String name, String value) {
    Map<String, List<String>> changed = new TreeMap<>(headers);
    changed.put(name.toLowerCase(Locale.ROOT), List.of(value));
    return new AwsRequest(method, path, rawQuery, changed, body);
  }

  /** The first value of a header, by any case of its name. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /**
   * The service a SigV4 signature names in its credential scope ({@code s3}, {@code sqs}, {@code
   * dynamodb}, {@code monitoring} ...): what AWS's front ends route on.
   */
  public Optional<String> signingService() {
    return credential().map(scope -> scope[3]);
  }

  /** The access key that signed the request: who the caller is. */
  public Optional<String> accessKeyId() {
    return credential().map(scope -> scope[0]);
  }

  /**
   * The signature's credential, key/date/region/service/aws4_request, from the Authorization header
   * or, for a pre-signed URL, the X-Amz-Credential query parameter.
   */
  private Optional<String[]> credential() {
    Optional<String> authorization = header("authorization");
    if (authorization.isPresent()) {
      Matcher m = CREDENTIAL_SCOPE.matcher(authorization.get());
      if (m.find()) {
        return Optional.of(new String[] {m.group(1), m.group(2), m.group(3), m.group(4)});
      }
    }
    Matcher q = QUERY_CREDENTIAL.matcher(rawQuery);
    if (q.find()) {
      String[] scope = URLDecoder.decode(q.group(1), StandardCharsets.UTF_8).split("/");
      if (scope.length == 5) {
        return Optional.of(scope);
      }
    }
    return Optional.empty();
  }

  /** The query string's parameters, decoded; a repeated name keeps its first value. */
  public Map<String, String> queryParameters() {
    return form(rawQuery);
  }

  /** A form-encoded body (the query protocol's), decoded. */
  public Map<String, String> formBody() {
    return form(new String(body, StandardCharsets.UTF_8));
  }

  private static Map<String, String> form(String encoded) {
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : encoded.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name =
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      form.putIfAbsent(name, value);
    }
    return form;
  }

  /**
   * The operation a request names: the JSON protocols' X-Amz-Target after its last dot, the query
   * protocol's Action, RPC v2's last path segment; else the method and path (REST services).
   */
  public String operation() {
    return header("x-amz-target")
        .map(target -> target.substring(target.lastIndexOf('.') + 1))
        .or(() -> Optional.ofNullable(queryParameters().get("Action")))
        .or(
            () ->
                header("content-type")
                    .filter(type -> type.startsWith("application/x-www-form-urlencoded"))
                    .map(type -> formBody().get("Action")))
        .or(
            () ->
                path().contains("/operation/")
                    ? java.util.Optional.of(path().substring(path().lastIndexOf('/') + 1))
                    : java.util.Optional.empty())
        .orElseGet(
            () ->
                path().endsWith("/invocations")
                    ? "Invoke"
                    : method() + " " + path().replaceAll("/[^/]*[0-9][^/]*", "/{id}"));
  }
}
