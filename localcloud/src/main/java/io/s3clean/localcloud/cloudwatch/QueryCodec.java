package io.s3clean.localcloud.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s3clean.localcloud.endpoint.AwsRequest;
import io.s3clean.localcloud.endpoint.AwsResponse;
import io.s3clean.localcloud.query.QueryProtocol;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * AWS's query protocol, as SDK v2 up to 2.40.6 speaks it to CloudWatch: a form with {@code Action}
 * and the input flattened ({@code Dimensions.member.1.Name}), XML answers with timestamps in
 * ISO-8601, errors as {@code ErrorResponse}.
 */
final class QueryCodec implements CloudWatchCodec {

  @Override
  public String operation(AwsRequest request) {
    String action = form(request).path("Action").asText("");
    if (action.isEmpty()) {
      throw CloudWatchException.missingParameter("The request must contain the parameter Action.");
    }
    return action;
  }

  @Override
  public Input input(AwsRequest request) {
    ObjectNode form = form(request);
    form.remove("Action");
    form.remove("Version");
    return Input.of(form);
  }

  @Override
  public AwsResponse output(String operation, Map<String, Object> output) {
    if (output == null) {
      return QueryProtocol.ok(XML_NAMESPACE, operation, "");
    }
    StringBuilder xml = new StringBuilder("<").append(operation).append("Result>");
    members(xml, output);
    xml.append("</").append(operation).append("Result>");
    return QueryProtocol.ok(XML_NAMESPACE, operation, xml.toString());
  }

  @Override
  public AwsResponse error(CloudWatchException error) {
    return QueryProtocol.error(
        XML_NAMESPACE, error.status(), error.faultType(), error.code(), error.getMessage());
  }

  /**
   * The form (body, else query string) as a tree: {@code A.member.2.B=x} is {@code A[1].B = "x"}.
   */
  private static ObjectNode form(AwsRequest request) {
    Map<String, String> pairs;
    try {
      pairs = request.body().length > 0 ? request.formBody() : request.queryParameters();
    } catch (IllegalArgumentException e) {
      throw CloudWatchException.malformedQueryString(
          "The request's form does not decode: " + e.getMessage());
    }
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    pairs.forEach((name, value) -> put(root, name.split("\\."), 0, value));
    return root;
  }

  private static void put(JsonNode parent, String[] path, int at, String value) {
    String name = path[at];
    boolean listItem =
        at + 2 < path.length
            && path[at + 1].equals("member")
            && path[at + 2].matches("[1-9]\\d{0,3}");
    if (!(parent instanceof ObjectNode object)) {
      return; // a scalar already there: a conflicting name, ignored as AWS ignores unknown
      // parameters
    }
    if (listItem) {
      JsonNode existing = object.get(name);
      ArrayNode list = existing instanceof ArrayNode array ? array : object.putArray(name);
      int index = Integer.parseInt(path[at + 2]) - 1;
      while (list.size() <= index) {
        list.addNull();
      }
      if (at + 3 == path.length) {
        list.set(index, JsonNodeFactory.instance.textNode(value));
      } else {
        if (!list.get(index).isObject()) {
          list.set(index, JsonNodeFactory.instance.objectNode());
        }
        put(list.get(index), path, at + 3, value);
      }
    } else if (at + 1 == path.length) {
      object.put(name, value);
    } else {
      JsonNode child = object.get(name);
      put(child instanceof ObjectNode ? child : object.putObject(name), path, at + 1, value);
    }
  }

  private static void members(StringBuilder xml, Map<?, ?> structure) {
    structure.forEach(
        (name, value) -> {
          xml.append('<').append(name).append('>');
          value(xml, value);
          xml.append("</").append(name).append('>');
        });
  }

  private static void value(StringBuilder xml, Object value) {
    if (value instanceof Map<?, ?> map) {
      members(xml, map);
    } else if (value instanceof List<?> list) {
      for (Object item : list) {
        xml.append("<member>");
        value(xml, item);
        xml.append("</member>");
      }
    } else if (value instanceof Instant instant) {
      xml.append(instant);
    } else if (value != null) {
      xml.append(QueryProtocol.escape(value.toString()));
    }
  }
}
