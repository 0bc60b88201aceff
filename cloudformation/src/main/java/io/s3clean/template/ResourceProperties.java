package io.s3clean.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code Properties} of one CloudFormation resource after intrinsic functions were resolved, as
 * a YAML or JSON parser hands them over (strings, numbers, booleans, lists, maps). Every getter
 * names the resource and property in its error, and unknown properties are errors: a property the
 * embedded cloud ignores would be a silent difference from AWS.
 */
public final class ResourceProperties {
  private final String resource;
  private final Map<String, ?> properties;

  private ResourceProperties(String resource, Map<String, ?> properties) {
    this.resource = resource;
    this.properties = properties;
  }

  public static ResourceProperties of(String resource, Map<String, ?> properties) {
    return new ResourceProperties(resource, properties == null ? Map.of() : properties);
  }

  public String resource() {
    return resource;
  }

  /** Fails on any property outside {@code supported}, listing what is supported. */
  public ResourceProperties onlyKnown(Set<String> supported) {
    for (String key : properties.keySet()) {
      if (!supported.contains(key)) {
        throw new TemplateException(
            resource
                + ": property "
                + key
                + " is not supported by the embedded cloud;"
                + " supported: "
                + new TreeSet<>(supported));
      }
    }
    return this;
  }

  public boolean has(String key) {
    return properties.get(key) != null;
  }

  public String requiredString(String key) {
    return string(key).orElseThrow(() -> missing(key));
  }

  public Optional<String> string(String key) {
    Object value = properties.get(key);
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      // a whole number as YAML may hand it over (1.0) reads as the template wrote it (1)
      return Optional.of(TemplateEvaluator.text(value));
    }
    throw wrongType(key, value, "a string");
  }

  /** A whole number, written as a number or as text (CloudFormation takes both). */
  public Optional<Long> wholeNumber(String key) {
    return string(key)
        .map(
            text -> {
              try {
                return Long.parseLong(text.strip());
              } catch (NumberFormatException e) {
                throw wrongType(key, text, "a whole number");
              }
            });
  }

  /** An object (a map of properties), or an empty one when the property is not set. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> object(String key) {
    Object value = properties.get(key);
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map<?, ?>)) {
      throw wrongType(key, value, "an object");
    }
    return (Map<String, Object>) value;
  }

  /** A list of any values, or an empty one when the property is not set. */
  @SuppressWarnings("unchecked")
  public List<Object> values(String key) {
    return (List<Object>) list(key);
  }

  public Optional<Double> number(String key) {
    Object value = properties.get(key);
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof Number number) {
      return Optional.of(number.doubleValue());
    }
    if (value instanceof String text) {
      try {
        return Optional.of(Double.valueOf(text.strip()));
      } catch (NumberFormatException e) {
        throw wrongType(key, value, "a number");
      }
    }
    throw wrongType(key, value, "a number");
  }

  public Optional<Integer> integer(String key) {
    return number(key)
        .map(
            n -> {
              if (n != Math.rint(n) || Math.abs(n) > Integer.MAX_VALUE) {
                throw wrongType(key, n, "a whole number");
              }
              return n.intValue();
            });
  }

  public Optional<Boolean> bool(String key) {
    Object value = properties.get(key);
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof Boolean b) {
      return Optional.of(b);
    }
    if ("true".equalsIgnoreCase(value.toString()) || "false".equalsIgnoreCase(value.toString())) {
      return Optional.of(Boolean.parseBoolean(value.toString()));
    }
    throw wrongType(key, value, "true or false");
  }

  public List<String> strings(String key) {
    List<String> strings = new ArrayList<>();
    for (Object item : list(key)) {
      if (!(item instanceof String text)) {
        throw wrongType(key, item, "a list of strings");
      }
      strings.add(text);
    }
    return strings;
  }

  /** A list of objects, each as properties named {@code Resource.Key[i]}. */
  public List<ResourceProperties> objects(String key) {
    List<ResourceProperties> objects = new ArrayList<>();
    List<?> items = list(key);
    for (int i = 0; i < items.size(); i++) {
      Object item = items.get(i);
      if (!(item instanceof Map<?, ?> map)) {
        throw wrongType(key, item, "a list of objects");
      }
      @SuppressWarnings("unchecked")
      Map<String, ?> typed = (Map<String, ?>) map;
      objects.add(new ResourceProperties(resource + "." + key + "[" + i + "]", typed));
    }
    return objects;
  }

  private List<?> list(String key) {
    Object value = properties.get(key);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw wrongType(key, value, "a list");
    }
    return list;
  }

  public TemplateException invalid(String key, String problem) {
    return new TemplateException(resource + ": " + key + " " + problem);
  }

  private TemplateException missing(String key) {
    return new TemplateException(resource + ": required property " + key + " is missing");
  }

  private TemplateException wrongType(String key, Object value, String expected) {
    String hint = value instanceof Map<?, ?> ? " (an unresolved intrinsic function?)" : "";
    return new TemplateException(
        resource + ": " + key + " must be " + expected + ", was " + value + hint);
  }
}
