package io.s3clean.localcloud.provision;

import io.s3clean.template.ResourceProperties;
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

  // The resolved properties are read as every resource's are (ResourceProperties): one reader,
  // one error (TemplateException) naming the resource and the property.

  static String string(Map<String, Object> properties, String name, String logicalId) {
    return ResourceProperties.of(logicalId, properties).requiredString(name);
  }

  static String string(
      Map<String, Object> properties, String name, String logicalId, String fallback) {
    return ResourceProperties.of(logicalId, properties).string(name).orElse(fallback);
  }

  static long number(Map<String, Object> properties, String name, String logicalId, long fallback) {
    return ResourceProperties.of(logicalId, properties).wholeNumber(name).orElse(fallback);
  }

  static boolean bool(
      Map<String, Object> properties, String name, String logicalId, boolean fallback) {
    return ResourceProperties.of(logicalId, properties).bool(name).orElse(fallback);
  }

  static Map<String, Object> map(Map<String, Object> properties, String name, String logicalId) {
    return ResourceProperties.of(logicalId, properties).object(name);
  }

  static List<Object> list(Map<String, Object> properties, String name, String logicalId) {
    return ResourceProperties.of(logicalId, properties).values(name);
  }

  /** SHA-256 of {@code text}: the stable, random-looking part of names and keys a stack derives. */
  static byte[] sha256(String text) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> asMap(Object value, String where) {
    if (!(value instanceof Map<?, ?>)) {
      throw new ProvisioningException(where + " must be an object");
    }
    return (Map<String, Object>) value;
  }
}
