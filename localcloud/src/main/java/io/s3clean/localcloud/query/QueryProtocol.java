package io.s3clean.localcloud.query;

import io.s3clean.localcloud.endpoint.AwsResponse;
import java.util.UUID;

/**
 * AWS's query protocol (form-encoded POST, XML answers), as SNS, CloudWatch and STS speak it to the
 * SDK clients and the AWS CLI: the answer shapes that the embedded cloud's query services share.
 */
public final class QueryProtocol {
  private QueryProtocol() {}

  /**
   * AWS's query-protocol error: {@code type} is Sender or Receiver; {@code namespace} null for an
   * error no service answered (the front end's own).
   */
  public static AwsResponse error(
      String namespace, int status, String type, String code, String message) {
    String element =
        namespace == null ? "<ErrorResponse>" : "<ErrorResponse xmlns=\"" + namespace + "\">";
    return AwsResponse.xml(
        status,
        element
            + "<Error><Type>"
            + type
            + "</Type><Code>"
            + code
            + "</Code><Message>"
            + escape(message)
            + "</Message></Error><RequestId>"
            + UUID.randomUUID()
            + "</RequestId></ErrorResponse>");
  }

  /**
   * A successful answer to {@code action}: its result element (may be empty) and the request id.
   */
  public static AwsResponse ok(String namespace, String action, String result) {
    return AwsResponse.xml(
        200,
        "<"
            + action
            + "Response xmlns=\""
            + namespace
            + "\">"
            + result
            + "<ResponseMetadata><RequestId>"
            + UUID.randomUUID()
            + "</RequestId></ResponseMetadata></"
            + action
            + "Response>");
  }

  /**
   * {@code <name>value</name>}, the value escaped (null written as "null"): an element of any XML
   * answer here.
   */
  public static void element(StringBuilder xml, String name, String value) {
    xml.append('<')
        .append(name)
        .append('>')
        .append(escape(java.util.Objects.toString(value)))
        .append("</")
        .append(name)
        .append('>');
  }

  public static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
