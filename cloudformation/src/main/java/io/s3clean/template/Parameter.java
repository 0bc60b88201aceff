package io.s3clean.template;

import java.util.Map;
import java.util.Optional;

/** One entry of the Parameters section; {@code definition} is the live map in the template. */
public record Parameter(String name, Map<String, Object> definition) {

  public String type() {
    return String.valueOf(definition.getOrDefault("Type", "String"));
  }

  /** The Default as written: a number stays a number, so callers decide how to render it. */
  public Optional<Object> defaultValue() {
    return Optional.ofNullable(definition.get("Default"));
  }
}
