package io.s3clean.template;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One entry of the Resources section; {@code definition} is the live map in the template. */
public record Resource(String logicalId, Map<String, Object> definition) {

  public String type() {
    return (String) definition.get("Type");
  }

  /** The live Properties map, or an empty map when the resource has none. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> properties() {
    Object properties = definition.get("Properties");
    return properties instanceof Map<?, ?>
        ? (Map<String, Object>) properties
        : Collections.emptyMap();
  }

  public Optional<Object> property(String name) {
    return Optional.ofNullable(properties().get(name));
  }

  /** DependsOn, which CloudFormation accepts as one name or a list of names. */
  public List<String> dependsOn() {
    Object dependsOn = definition.get("DependsOn");
    if (dependsOn == null) {
      return List.of();
    }
    if (dependsOn instanceof List<?> names) {
      return names.stream().map(String::valueOf).toList();
    }
    return List.of(String.valueOf(dependsOn));
  }

  /** The name of the condition that decides whether the resource is created. */
  public Optional<String> condition() {
    return Optional.ofNullable(definition.get("Condition")).map(String::valueOf);
  }
}
