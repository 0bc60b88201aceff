package io.s3clean.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3clean.event.MalformedEventException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * A CloudFormation custom resource request, as CloudFormation sends it to a Lambda ServiceToken
 * (CloudFormation user guide, "Custom resource request objects"): every property a string.
 */
record CustomResourceRequest(
    String requestType,
    String responseUrl,
    String stackId,
    String requestId,
    String logicalResourceId,
    Optional<String> physicalResourceId,
    JsonNode properties) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static CustomResourceRequest parse(InputStream input) {
    JsonNode request;
    try {
      request = JSON.readTree(input);
    } catch (IOException e) {
      throw new MalformedEventException(
          "not a custom resource request: the payload is not JSON", e);
    }
    if (request == null || !request.isObject()) {
      throw new MalformedEventException("not a custom resource request: no JSON object");
    }
    // a RequestType this handler does not know is still answered, as FAILED: CloudFormation would
    // otherwise wait for the resource's whole timeout
    String type = text(request, "RequestType");
    JsonNode properties = request.path("ResourceProperties");
    return new CustomResourceRequest(
        type,
        required(request, "ResponseURL"),
        required(request, "StackId"),
        required(request, "RequestId"),
        required(request, "LogicalResourceId"),
        Optional.of(text(request, "PhysicalResourceId")).filter(id -> !id.isEmpty()),
        properties.isObject() ? properties : JSON.createObjectNode());
  }

  /** A resource property, empty when absent. */
  String property(String name) {
    return text(properties, name);
  }

  /**
   * A resource property the template always sets.
   *
   * @throws MalformedEventException naming it when it is absent
   */
  String requiredProperty(String name) {
    String value = property(name);
    if (value.isEmpty()) {
      throw new MalformedEventException("the custom resource has no " + name + " property");
    }
    return value;
  }

  private static String required(JsonNode request, String name) {
    String value = text(request, name);
    if (value.isEmpty()) {
      throw new MalformedEventException("not a custom resource request: no " + name);
    }
    return value;
  }

  private static String text(JsonNode node, String name) {
    JsonNode value = node.get(name);
    return value == null || !value.isValueNode() ? "" : value.asText();
  }
}
