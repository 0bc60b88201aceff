package io.s3clean.localcloud.provision;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Small helpers for defining resource types and reading their resolved properties. */
final class Types {
  private Types() {}

  @FunctionalInterface
  interface Creator {
    Created create(String logicalId, Map<String, Object> properties, Deployment deployment);
  }

  record Simple(
      String name, Set<String> emulatedProperties, Set<String> acceptedProperties, Creator creator)
      implements ResourceType {
    @Override
    public Created create(String logicalId, Map<String, Object> properties, Deployment deployment) {
      return creator.create(logicalId, properties, deployment);
    }
  }

  static ResourceType type(
      String name, Set<String> emulated, Set<String> accepted, Creator creator) {
    return new Simple(name, emulated, accepted, creator);
  }

  static String string(Map<String, Object> properties, String name, String logicalId) {
    Object value = properties.get(name);
    if (value == null) {
      throw new ProvisioningException(logicalId + ": property " + name + " is required");
    }
    if (value instanceof Map<?, ?> || value instanceof List<?>) {
      throw new ProvisioningException(logicalId + ": property " + name + " must be a string");
    }
    return io.s3clean.template.TemplateEvaluator.text(value);
  }

  static String string(
      Map<String, Object> properties, String name, String logicalId, String fallback) {
    return properties.containsKey(name) ? string(properties, name, logicalId) : fallback;
  }

  static long number(Map<String, Object> properties, String name, String logicalId, long fallback) {
    if (!properties.containsKey(name)) {
      return fallback;
    }
    String text = string(properties, name, logicalId);
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new ProvisioningException(
          logicalId + ": property " + name + " must be a whole number, not '" + text + "'");
    }
  }

  static boolean bool(Map<String, Object> properties, String name, boolean fallback) {
    Object value = properties.get(name);
    return value == null ? fallback : Boolean.parseBoolean(String.valueOf(value));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Map<String, Object> properties, String name, String logicalId) {
    Object value = properties.get(name);
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map<?, ?>)) {
      throw new ProvisioningException(logicalId + ": property " + name + " must be an object");
    }
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Map<String, Object> properties, String name, String logicalId) {
    Object value = properties.get(name);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?>)) {
      throw new ProvisioningException(logicalId + ": property " + name + " must be a list");
    }
    return (List<Object>) value;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> asMap(Object value, String where) {
    if (!(value instanceof Map<?, ?>)) {
      throw new ProvisioningException(where + " must be an object");
    }
    return (Map<String, Object>) value;
  }
}
