package io.s3clean.template;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates a template for one deployment as CloudFormation does: parameter values checked against
 * their constraints and the template's Rules ({@link TemplateRules}), conditions, and the intrinsic
 * functions, with Ref and GetAtt of resources answered by whoever creates them. It also orders
 * resources so that each comes after everything it references or names in DependsOn.
 */
public final class TemplateEvaluator {
  /** Marks a value that {@code AWS::NoValue} removed; never returned to callers. */
  private static final Object NO_VALUE = new Object();

  private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

  private final CloudFormationTemplate template;
  private final Map<String, String> parameters;
  private final Map<String, String> pseudoParameters;
  private final Map<String, Boolean> conditions = new HashMap<>();

  /** What the resources created so far answer to Ref and Fn::GetAtt. */
  public interface Resources {
    Object ref(String logicalId);

    Object attribute(String logicalId, String attribute);
  }

  /**
   * @param given parameter values for this deployment; the others take their Default
   * @param pseudoParameters values of AWS::StackName, AWS::Region, AWS::AccountId, ...
   * @throws TemplateRules.Violation when a rule's assertion does not hold for these values, as
   *     CloudFormation refuses the stack operation before it creates anything
   */
  public TemplateEvaluator(
      CloudFormationTemplate template,
      Map<String, String> given,
      Map<String, String> pseudoParameters) {
    this.template = template;
    this.pseudoParameters = Map.copyOf(pseudoParameters);
    this.parameters = resolveParameters(template, given);
    new TemplateRules(template, parameters, this.pseudoParameters).check();
  }

  public Map<String, String> parameters() {
    return parameters;
  }

  public boolean condition(String name) {
    Boolean known = conditions.get(name);
    if (known != null) {
      return known;
    }
    Object definition = template.conditions().get(name);
    if (definition == null) {
      throw new TemplateException("condition " + name + " is not defined");
    }
    boolean value =
        truth(resolve(definition, noResources("condition " + name)), "condition " + name);
    conditions.put(name, value);
    return value;
  }

  /** Whether the resource exists in this deployment (its Condition, if any, holds). */
  public boolean included(Resource resource) {
    return resource.condition().map(this::condition).orElse(true);
  }

  /**
   * Resolves every intrinsic function in {@code value}; {@code AWS::NoValue} removes the map entry
   * or list item it stands in.
   */
  public Object resolve(Object value, Resources resources) {
    Object resolved = evaluate(value, resources);
    return resolved == NO_VALUE ? null : resolved;
  }

  /** Resources in an order that creates everything a resource refers to before it. */
  public List<Resource> creationOrder() {
    Map<String, Resource> included = new LinkedHashMap<>();
    template
        .resources()
        .forEach(
            (id, resource) -> {
              if (included(resource)) {
                included.put(id, resource);
              }
            });
    Map<String, Set<String>> needs = new LinkedHashMap<>();
    for (Resource resource : included.values()) {
      Set<String> dependencies = new LinkedHashSet<>(resource.dependsOn());
      takenReferences(resource.definition(), dependencies);
      dependencies.retainAll(template.resources().keySet());
      for (String dependency : dependencies) {
        if (!included.containsKey(dependency)) {
          throw new TemplateException(
              resource.logicalId()
                  + " depends on "
                  + dependency
                  + ", which its condition leaves out of this deployment");
        }
      }
      needs.put(resource.logicalId(), dependencies);
    }
    List<Resource> order = new ArrayList<>();
    Set<String> done = new LinkedHashSet<>();
    Set<String> visiting = new LinkedHashSet<>();
    for (String id : needs.keySet()) {
      visit(id, needs, included, done, visiting, order, new ArrayDeque<>());
    }
    return order;
  }

  private static void visit(
      String id,
      Map<String, Set<String>> needs,
      Map<String, Resource> resources,
      Set<String> done,
      Set<String> visiting,
      List<Resource> order,
      Deque<String> path) {
    if (done.contains(id)) {
      return;
    }
    path.addLast(id);
    if (!visiting.add(id)) {
      throw new TemplateException("circular dependency: " + String.join(" -> ", path));
    }
    for (String dependency : needs.get(id)) {
      visit(dependency, needs, resources, done, visiting, order, path);
    }
    visiting.remove(id);
    path.removeLast();
    done.add(id);
    order.add(resources.get(id));
  }

  /** Logical ids {@code value} names through Ref, Fn::GetAtt or Fn::Sub, in any branch. */
  public static void references(Object value, Set<String> into) {
    references(value, into, null);
  }

  /**
   * As {@link #references(Object, Set)}, but only in the branch of each Fn::If that this
   * deployment's conditions take: CloudFormation lets a branch not taken name a resource whose
   * condition leaves it out.
   */
  private void takenReferences(Object value, Set<String> into) {
    references(value, into, this::condition);
  }

  private static void references(Object value, Set<String> into, Predicate<String> conditions) {
    if (value instanceof Map<?, ?> map) {
      if (conditions != null
          && map.size() == 1
          && map.get("Fn::If") instanceof List<?> branches
          && branches.size() == 3) {
        references(
            conditions.test(String.valueOf(branches.get(0))) ? branches.get(1) : branches.get(2),
            into,
            conditions);
        return;
      }
      if (map.size() == 1 && map.get("Ref") instanceof String name) {
        into.add(name);
      } else if (map.size() == 1
          && map.get("Fn::GetAtt") instanceof List<?> args
          && !args.isEmpty()) {
        into.add(String.valueOf(args.get(0)));
      } else if (map.size() == 1 && map.containsKey("Fn::Sub")) {
        Object sub = map.get("Fn::Sub");
        String text =
            sub instanceof List<?> list ? String.valueOf(list.get(0)) : String.valueOf(sub);
        Matcher matcher = SUB_VARIABLE.matcher(text);
        while (matcher.find()) {
          if (!matcher.group(1).startsWith("!")) {
            into.add(matcher.group(1).split("\\.")[0]);
          }
        }
        if (sub instanceof List<?> list && list.size() > 1) {
          references(list.get(1), into, conditions);
        }
        return;
      }
      map.values().forEach(v -> references(v, into, conditions));
    } else if (value instanceof List<?> list) {
      list.forEach(v -> references(v, into, conditions));
    }
  }

  private Object evaluate(Object value, Resources resources) {
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      for (Object item : list) {
        Object resolved = evaluate(item, resources);
        if (resolved != NO_VALUE) {
          out.add(resolved);
        }
      }
      return out;
    }
    if (!(value instanceof Map<?, ?> map)) {
      return value;
    }
    if (Intrinsics.isIntrinsic(map)) {
      Map.Entry<?, ?> call = map.entrySet().iterator().next();
      return function(String.valueOf(call.getKey()), call.getValue(), resources);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      Object resolved = evaluate(entry.getValue(), resources);
      if (resolved != NO_VALUE) {
        out.put(String.valueOf(entry.getKey()), resolved);
      }
    }
    return out;
  }

  private Object function(String name, Object args, Resources resources) {
    switch (name) {
      case "Ref":
        return ref(String.valueOf(args), resources);
      case "Fn::GetAtt":
        {
          List<?> parts =
              args instanceof List<?> l ? l : List.of(String.valueOf(args).split("\\.", 2));
          return resources.attribute(
              String.valueOf(parts.get(0)), text(evaluate(parts.get(1), resources)));
        }
      case "Fn::Sub":
        return sub(args, resources);
      case "Fn::Join":
        {
          List<?> parts = list(args, name);
          List<?> items = list(evaluate(parts.get(1), resources), name);
          return String.join(
              text(parts.get(0)), items.stream().map(TemplateEvaluator::text).toList());
        }
      case "Fn::If":
        {
          List<?> parts = list(args, name);
          return evaluate(condition(text(parts.get(0))) ? parts.get(1) : parts.get(2), resources);
        }
      case "Fn::Equals":
        {
          List<?> parts = list(args, name);
          // CloudFormation compares the values as strings: 20 equals "20".
          return text(evaluate(parts.get(0), resources))
              .equals(text(evaluate(parts.get(1), resources)));
        }
      case "Fn::Not":
        return !truth(evaluate(list(args, name).get(0), resources), name);
      case "Fn::And":
        return list(args, name).stream().allMatch(a -> truth(evaluate(a, resources), name));
      case "Fn::Or":
        return list(args, name).stream().anyMatch(a -> truth(evaluate(a, resources), name));
      case "Condition":
        return condition(text(args));
      case "Fn::Select":
        {
          List<?> parts = list(args, name);
          int index = Integer.parseInt(text(evaluate(parts.get(0), resources)));
          List<?> items = list(evaluate(parts.get(1), resources), name);
          if (index < 0 || index >= items.size()) {
            throw new TemplateException(
                "Fn::Select index " + index + " is outside a list of " + items.size());
          }
          return items.get(index);
        }
      case "Fn::Split":
        {
          List<?> parts = list(args, name);
          String delimiter = text(parts.get(0));
          return List.of(
              text(evaluate(parts.get(1), resources)).split(Pattern.quote(delimiter), -1));
        }
      case "Fn::FindInMap":
        {
          List<?> parts = list(args, name);
          Object found = template.mappings().get(text(evaluate(parts.get(0), resources)));
          for (int i = 1; i < 3 && found instanceof Map<?, ?> level; i++) {
            found = level.get(text(evaluate(parts.get(i), resources)));
          }
          if (found == null) {
            throw new TemplateException("Fn::FindInMap found nothing for " + parts);
          }
          return found;
        }
      case "Fn::Base64":
        return Base64.getEncoder()
            .encodeToString(
                text(evaluate(args, resources)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      default:
        throw new TemplateException(name + " is not supported here");
    }
  }

  private Object ref(String name, Resources resources) {
    if ("AWS::NoValue".equals(name)) {
      return NO_VALUE;
    }
    if (pseudoParameters.containsKey(name)) {
      return pseudoParameters.get(name);
    }
    if (parameters.containsKey(name)) {
      return parameters.get(name);
    }
    if (template.resources().containsKey(name)) {
      return resources.ref(name);
    }
    throw new TemplateException("Ref to " + name + ", which is neither a parameter nor a resource");
  }

  private String sub(Object args, Resources resources) {
    String text;
    Map<String, Object> variables = new HashMap<>();
    if (args instanceof List<?> list) {
      text = text(list.get(0));
      if (list.size() > 1 && evaluate(list.get(1), resources) instanceof Map<?, ?> vars) {
        vars.forEach((k, v) -> variables.put(String.valueOf(k), v));
      }
    } else {
      text = text(args);
    }
    Matcher matcher = SUB_VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String variable = matcher.group(1);
      String replacement;
      if (variable.startsWith("!")) {
        replacement = "${" + variable.substring(1) + "}";
      } else if (variables.containsKey(variable)) {
        replacement = text(variables.get(variable));
      } else if (variable.contains(".") && !pseudoParameters.containsKey(variable)) {
        String[] parts = variable.split("\\.", 2);
        replacement = text(resources.attribute(parts[0], parts[1]));
      } else {
        replacement = text(ref(variable, resources));
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  private static Map<String, String> resolveParameters(
      CloudFormationTemplate template, Map<String, String> given) {
    for (String name : given.keySet()) {
      if (!template.parameters().containsKey(name)) {
        throw new TemplateException("parameter " + name + " is not declared by the template");
      }
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (Parameter parameter : template.parameters().values()) {
      String value =
          given.containsKey(parameter.name())
              ? given.get(parameter.name())
              : parameter.defaultValue().map(TemplateEvaluator::text).orElse(null);
      if (value == null) {
        throw new TemplateException(
            "parameter " + parameter.name() + " needs a value: it has no Default");
      }
      ParameterConstraints.check(parameter, "parameter " + parameter.name(), value);
      values.put(parameter.name(), value);
    }
    return Map.copyOf(values);
  }

  private static Resources noResources(String where) {
    return new Resources() {
      @Override
      public Object ref(String logicalId) {
        throw new TemplateException(where + " cannot refer to resource " + logicalId);
      }

      @Override
      public Object attribute(String logicalId, String attribute) {
        throw new TemplateException(where + " cannot refer to resource " + logicalId);
      }
    };
  }

  private static boolean truth(Object value, String where) {
    if (value instanceof Boolean b) {
      return b;
    }
    if ("true".equals(value) || "false".equals(value)) {
      return Boolean.parseBoolean((String) value);
    }
    throw new TemplateException(where + " is not a boolean: " + value);
  }

  private static List<?> list(Object value, String function) {
    if (value instanceof List<?> list) {
      return list;
    }
    throw new TemplateException(function + " expects a list, got " + value);
  }

  /** How CloudFormation renders a scalar: integers without a decimal point. */
  public static String text(Object value) {
    if (value instanceof Double d && d == Math.rint(d)) {
      // 1.0 as the template wrote it, 1; beyond a long's range, the number's own digits
      return java.math.BigDecimal.valueOf(d).toBigInteger().toString();
    }
    if (value instanceof Map<?, ?> || value instanceof List<?>) {
      throw new TemplateException("expected a scalar, got " + value);
    }
    return String.valueOf(value);
  }
}
