package io.s3clean.localcloud.s3;

import static io.s3clean.localcloud.query.QueryProtocol.element;

import io.s3clean.localcloud.endpoint.AwsRequest;
import io.s3clean.localcloud.endpoint.AwsResponse;
import io.s3clean.localcloud.endpoint.ServiceHandler;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * S3 on the cloud's endpoint: S3Proxy's answers, and what S3 answers for a bucket that was never
 * versioned where S3Proxy has no versioning at all. Such a bucket holds one version of each object,
 * whose id is {@code null}: ListObjectVersions lists them so, and a delete of version {@code null}
 * deletes the object (S3 user guide, "Working with objects in a versioning-suspended bucket" and
 * ListObjectVersions). The rest goes to S3Proxy as it came.
 */
public final class S3Front implements ServiceHandler {
  private static final String NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";
  private static final Pattern NULL_VERSION =
      Pattern.compile("\\s*<VersionId>null</VersionId>\\s*");

  private final ServiceHandler s3Proxy;

  public S3Front(ServiceHandler s3Proxy) {
    this.s3Proxy = s3Proxy;
  }

  @Override
  public AwsResponse accessDenied(AwsRequest request, String message) {
    return AwsResponse.xml(
        403,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code><Message>"
            + message.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            + "</Message><RequestId>"
            + java.util.UUID.randomUUID()
            + "</RequestId></Error>");
  }

  @Override
  public AwsResponse handle(AwsRequest signed) {
    // the endpoint has checked the caller; S3Proxy refuses a header it does not know, and temporary
    // credentials (a function role's) send their session token in one
    AwsRequest request = signed.withoutHeader("x-amz-security-token");
    Map<String, String> query = request.queryParameters();
    boolean onBucket = S3Address.of(request).onBucket();
    if (request.method().equals("GET") && onBucket && query.containsKey("versions")) {
      return listVersions(request, query);
    }
    if (request.method().equals("POST") && onBucket && query.containsKey("delete")) {
      String body = new String(request.body(), StandardCharsets.UTF_8);
      return s3Proxy.handle(
          request.withBody(
              NULL_VERSION.matcher(body).replaceAll("").getBytes(StandardCharsets.UTF_8)));
    }
    if (request.method().equals("DELETE") && "null".equals(query.get("versionId"))) {
      query.remove("versionId");
      return s3Proxy.handle(request.withQuery(encode(query)));
    }
    return s3Proxy.handle(request);
  }

  /**
   * ListObjectVersions as one ListObjects page: every object is its own only version, {@code null}.
   */
  private AwsResponse listVersions(AwsRequest request, Map<String, String> query) {
    Map<String, String> list = new LinkedHashMap<>();
    list.put("list-type", "2");
    copy(query, "prefix", list, "prefix");
    copy(query, "delimiter", list, "delimiter");
    copy(query, "max-keys", list, "max-keys");
    copy(query, "key-marker", list, "start-after");
    AwsResponse listed = s3Proxy.handle(request.withQuery(encode(list)));
    if (listed.status() != 200) {
      return listed;
    }
    Document page;
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      page = factory.newDocumentBuilder().parse(new ByteArrayInputStream(listed.body()));
    } catch (Exception e) {
      throw new IllegalStateException("S3Proxy answered a listing that does not parse", e);
    }
    // keys come from S3Proxy as they are; encoded here, and said so, when the client asks (the AWS
    // CLI does)
    java.util.function.UnaryOperator<String> key =
        "url".equals(query.get("encoding-type"))
            ? value -> URLEncoder.encode(value, StandardCharsets.UTF_8)
            : value -> value;
    StringBuilder xml =
        new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListVersionsResult xmlns=\"")
            .append(NAMESPACE)
            .append("\">");
    element(xml, "Name", text(page.getDocumentElement(), "Name"));
    element(xml, "Prefix", key.apply(query.getOrDefault("prefix", "")));
    element(xml, "KeyMarker", key.apply(query.getOrDefault("key-marker", "")));
    element(xml, "VersionIdMarker", query.getOrDefault("version-id-marker", ""));
    element(xml, "MaxKeys", text(page.getDocumentElement(), "MaxKeys"));
    if (query.containsKey("delimiter")) {
      element(xml, "Delimiter", key.apply(query.get("delimiter")));
    }
    if ("url".equals(query.get("encoding-type"))) {
      element(xml, "EncodingType", "url");
    }
    boolean truncated = "true".equals(text(page.getDocumentElement(), "IsTruncated"));
    element(xml, "IsTruncated", String.valueOf(truncated));
    NodeList contents = page.getDocumentElement().getElementsByTagName("Contents");
    String lastKey = null;
    for (int i = 0; i < contents.getLength(); i++) {
      Element object = (Element) contents.item(i);
      lastKey = text(object, "Key");
      xml.append("<Version>");
      element(xml, "Key", key.apply(lastKey));
      element(xml, "VersionId", "null");
      element(xml, "IsLatest", "true");
      for (String name : List.of("LastModified", "ETag", "Size", "StorageClass")) {
        element(xml, name, text(object, name));
      }
      xml.append("</Version>");
    }
    NodeList prefixes = page.getDocumentElement().getElementsByTagName("CommonPrefixes");
    for (int i = 0; i < prefixes.getLength(); i++) {
      xml.append("<CommonPrefixes>");
      element(xml, "Prefix", key.apply(text((Element) prefixes.item(i), "Prefix")));
      xml.append("</CommonPrefixes>");
    }
    if (truncated && lastKey != null) {
      element(xml, "NextKeyMarker", key.apply(lastKey));
      element(xml, "NextVersionIdMarker", "null");
    }
    xml.append("</ListVersionsResult>");
    return new AwsResponse(
        200,
        Map.of("Content-Type", List.of("application/xml")),
        xml.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void copy(
      Map<String, String> from, String name, Map<String, String> to, String as) {
    if (from.containsKey(name)) {
      to.put(as, from.get(name));
    }
  }

  private static String text(Element parent, String name) {
    NodeList nodes = parent.getElementsByTagName(name);
    return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent();
  }

  private static String encode(Map<String, String> parameters) {
    StringBuilder query = new StringBuilder();
    parameters.forEach(
        (name, value) -> {
          if (query.length() > 0) {
            query.append('&');
          }
          query
              .append(URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"))
              .append('=')
              .append(URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
        });
    return query.toString();
  }
}
