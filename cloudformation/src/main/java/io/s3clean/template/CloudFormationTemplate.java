package io.s3clean.template;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A CloudFormation template as plain data: maps, lists, strings, numbers, booleans, with every
 * intrinsic function in its long form ({@code {"Ref": "x"}}, {@code {"Fn::GetAtt": ["a", "b"]}}).
 *
 * <p>The accessors are views over one mutable tree, {@link #root()}: a caller may change it (a test
 * deriving a broken variant, a provisioner filling in defaults) and every accessor sees the change.
 * Load the file again for a pristine copy.
 */
public final class CloudFormationTemplate {
  private final Map<String, Object> root;

  private CloudFormationTemplate(Map<String, Object> root) {
    this.root = root;
  }

  public static CloudFormationTemplate load(Path path) {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new TemplateException("cannot read template " + path + ": " + e.getMessage(), e);
    }
    return parse(text, path.toString());
  }

  /** Parses YAML or JSON text; {@code source} names it in error messages. */
  public static CloudFormationTemplate parse(String text, String source) {
    Object document;
    try {
      document = CloudFormationYaml.parse(text);
    } catch (TemplateException e) {
      throw new TemplateException(source + ": " + e.getMessage(), e);
    }
    if (!(document instanceof Map<?, ?>)) {
      throw new TemplateException(source + ": a template is a mapping of sections");
    }
    @SuppressWarnings("unchecked")
    CloudFormationTemplate template = new CloudFormationTemplate((Map<String, Object>) document);
    template.validate(source);
    return template;
  }

  private void validate(String source) {
    if (!(root.get("Resources") instanceof Map<?, ?> resources) || resources.isEmpty()) {
      throw new TemplateException(
          source + ": Resources must be a mapping with at least one resource");
    }
    for (String section : List.of("Parameters", "Rules", "Conditions", "Mappings", "Outputs")) {
      if (root.containsKey(section) && !(root.get(section) instanceof Map<?, ?>)) {
        throw new TemplateException(source + ": " + section + " must be a mapping");
      }
    }
    sectionEntries("Resources", Resource::new);
    sectionEntries("Parameters", Parameter::new);
    resources.forEach(
        (id, definition) -> {
          if (!(((Map<?, ?>) definition).get("Type") instanceof String)) {
            throw new TemplateException(source + ": resource " + id + " has no Type");
          }
        });
  }

  /** The whole template; the sections below are views into it. */
  public Map<String, Object> root() {
    return root;
  }

  public Map<String, Parameter> parameters() {
    return sectionEntries("Parameters", Parameter::new);
  }

  public Map<String, Resource> resources() {
    return sectionEntries("Resources", Resource::new);
  }

  /**
   * @throws TemplateException if there is no such resource
   */
  public Resource resource(String logicalId) {
    Resource resource = resources().get(logicalId);
    if (resource == null) {
      throw new TemplateException("no resource " + logicalId);
    }
    return resource;
  }

  public List<Resource> resourcesOfType(String type) {
    return resources().values().stream().filter(r -> r.type().equals(type)).toList();
  }

  /**
   * Rule name to its definition ({@code RuleCondition}, {@code Assertions}); see {@link
   * TemplateRules}.
   */
  public Map<String, Object> rules() {
    return section("Rules");
  }

  /** Condition name to its (long-form) expression. */
  public Map<String, Object> conditions() {
    return section("Conditions");
  }

  public Map<String, Object> mappings() {
    return section("Mappings");
  }

  /**
   * Output name to its definition ({@code Value}, optional {@code Description}, {@code Export}).
   */
  public Map<String, Object> outputs() {
    return section("Outputs");
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> section(String name) {
    Object section = root.get(name);
    return section == null ? Collections.emptyMap() : (Map<String, Object>) section;
  }

  private <T> Map<String, T> sectionEntries(
      String name, BiFunction<String, Map<String, Object>, T> entry) {
    Map<String, T> entries = new LinkedHashMap<>();
    section(name)
        .forEach(
            (key, value) -> {
              if (!(value instanceof Map<?, ?>)) {
                throw new TemplateException(name + "." + key + " must be a mapping");
              }
              @SuppressWarnings("unchecked")
              Map<String, Object> definition = (Map<String, Object>) value;
              entries.put(key, entry.apply(key, definition));
            });
    return Collections.unmodifiableMap(entries);
  }
}
