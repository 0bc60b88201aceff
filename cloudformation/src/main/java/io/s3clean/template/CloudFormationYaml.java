package io.s3clean.template;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * CloudFormation's YAML dialect read into the JSON data model: maps, lists, strings, numbers,
 * booleans and nulls, with every short-form intrinsic ({@code !Ref x}) turned into its long form
 * ({@code {"Ref": "x"}}), so consumers only ever deal with one spelling.
 */
final class CloudFormationYaml {
  /** Short-form tag to the key of the long form. */
  static final Map<String, String> SHORT_FORMS =
      Collections.unmodifiableMap(
          new TreeMap<>(
              Map.ofEntries(
                  Map.entry("!Ref", "Ref"),
                  Map.entry("!Condition", "Condition"),
                  Map.entry("!Base64", "Fn::Base64"),
                  Map.entry("!Cidr", "Fn::Cidr"),
                  Map.entry("!Equals", "Fn::Equals"),
                  Map.entry("!FindInMap", "Fn::FindInMap"),
                  Map.entry("!GetAtt", "Fn::GetAtt"),
                  Map.entry("!GetAZs", "Fn::GetAZs"),
                  Map.entry("!If", "Fn::If"),
                  Map.entry("!ImportValue", "Fn::ImportValue"),
                  Map.entry("!Join", "Fn::Join"),
                  Map.entry("!Not", "Fn::Not"),
                  Map.entry("!And", "Fn::And"),
                  Map.entry("!Or", "Fn::Or"),
                  Map.entry("!Select", "Fn::Select"),
                  Map.entry("!Split", "Fn::Split"),
                  Map.entry("!Sub", "Fn::Sub"))));

  /** These name something (a resource, parameter or condition) and take nothing but that name. */
  private static final Set<String> NAME_ONLY = Set.of("!Ref", "!Condition");

  private CloudFormationYaml() {}

  /**
   * Parses one YAML (or JSON) document. Anchored nodes are copied wherever they are aliased, as
   * CloudFormation does, so changing one place of the result never changes another.
   */
  static Object parse(String text) {
    LoaderOptions options = new LoaderOptions();
    // CloudFormation rejects duplicate keys; SnakeYAML would silently keep the last one.
    options.setAllowDuplicateKeys(false);
    Yaml yaml =
        new Yaml(
            new IntrinsicConstructor(options),
            new Representer(new DumperOptions()),
            new DumperOptions(),
            options);
    try {
      return detach(yaml.load(text), new IdentityHashMap<>());
    } catch (YAMLException e) {
      throw new TemplateException(e.getMessage(), e);
    }
  }

  private static Object detach(Object value, IdentityHashMap<Object, Boolean> ancestors) {
    if (!(value instanceof Map<?, ?>) && !(value instanceof List<?>)) {
      return value;
    }
    if (ancestors.put(value, Boolean.TRUE) != null) {
      throw new TemplateException("a YAML alias refers to one of its own ancestors");
    }
    Object copy;
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copied = new LinkedHashMap<>();
      map.forEach((key, item) -> copied.put(String.valueOf(key), detach(item, ancestors)));
      copy = copied;
    } else {
      List<Object> copied = new ArrayList<>();
      for (Object item : (List<?>) value) {
        copied.add(detach(item, ancestors));
      }
      copy = copied;
    }
    ancestors.remove(value);
    return copy;
  }

  private static String where(Node node) {
    Mark mark = node.getStartMark();
    return mark == null
        ? ""
        : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
  }

  private static final class IntrinsicConstructor extends SafeConstructor {
    IntrinsicConstructor(LoaderOptions options) {
      super(options);
      SHORT_FORMS.forEach(
          (tag, longForm) -> yamlConstructors.put(new Tag(tag), new ShortForm(tag, longForm)));
      // CloudFormation has no date type: "AWSTemplateFormatVersion: 2010-09-09" is text.
      yamlConstructors.put(Tag.TIMESTAMP, new ConstructYamlStr());
      yamlConstructors.put(null, new UnknownTag());
    }

    private final class ShortForm extends AbstractConstruct {
      private final String tag;
      private final String longForm;

      ShortForm(String tag, String longForm) {
        this.tag = tag;
        this.longForm = longForm;
      }

      @Override
      public Object construct(Node node) {
        Object argument;
        if (node instanceof ScalarNode scalar) {
          argument = "!GetAtt".equals(tag) ? getAttArguments(scalar) : constructScalar(scalar);
        } else if (NAME_ONLY.contains(tag)) {
          throw new TemplateException(
              tag + " takes a name, not a " + node.getNodeId() + where(node));
        } else if (node instanceof SequenceNode sequence) {
          argument = constructSequence(sequence);
        } else {
          argument = constructMapping((MappingNode) node);
        }
        Map<String, Object> function = new LinkedHashMap<>();
        function.put(longForm, argument);
        return function;
      }

      /** "Resource.Attribute.With.Dots": the resource name ends at the first dot. */
      private List<Object> getAttArguments(ScalarNode node) {
        String value = constructScalar(node);
        int dot = value.indexOf('.');
        if (dot <= 0 || dot == value.length() - 1) {
          throw new TemplateException(
              "!GetAtt needs Resource.Attribute, got '" + value + "'" + where(node));
        }
        return new ArrayList<>(List.of(value.substring(0, dot), value.substring(dot + 1)));
      }
    }

    private static final class UnknownTag extends AbstractConstruct {
      @Override
      public Object construct(Node node) {
        throw new TemplateException(
            "unknown tag "
                + node.getTag().getValue()
                + where(node)
                + "; CloudFormation short forms are "
                + String.join(", ", SHORT_FORMS.keySet()));
      }
    }
  }
}
