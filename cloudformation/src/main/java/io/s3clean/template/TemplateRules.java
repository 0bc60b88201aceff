package io.s3clean.template;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The template's {@code Rules} section, evaluated as CloudFormation does before it creates or
 * updates anything (user guide, "CloudFormation template Rules syntax"; template reference, "Rule
 * functions"): for each rule, the {@code RuleCondition} if there is one, and when it holds (or
 * there is none) every {@code Assert} of its {@code Assertions}, in order. The first assertion that
 * does not hold fails the stack operation, with its {@code AssertDescription} as the message,
 * before any resource exists.
 *
 * <p>The rule functions: {@code Fn::And}, {@code Fn::Or}, {@code Fn::Not}, {@code Fn::Equals},
 * {@code Fn::Contains}, {@code Fn::EachMemberEquals}, {@code Fn::EachMemberIn} and {@code Ref} to
 * parameters and pseudo parameters; values compare as strings, as CloudFormation compares them, and
 * a list-typed parameter is the list of its members. {@code Fn::RefAll}, {@code Fn::ValueOf} and
 * {@code Fn::ValueOfAll} read the account's resources (VPCs, subnets) and are refused here by name;
 * any other function is refused with CloudFormation's own "not supported in the Rules block"
 * message.
 */
public final class TemplateRules {
  private static final Set<String> ACCOUNT_FUNCTIONS =
      Set.of("Fn::RefAll", "Fn::ValueOf", "Fn::ValueOfAll");

  private final CloudFormationTemplate template;
  private final Map<String, String> parameters;
  private final Map<String, String> pseudoParameters;

  /** An assertion that does not hold; its message is the {@code AssertDescription}. */
  public static final class Violation extends TemplateException {
    private final String rule;
    private final List<String> parameters;

    Violation(String rule, String description, List<String> parameters) {
      super(description);
      this.rule = rule;
      this.parameters = List.copyOf(parameters);
    }

    /** The rule's logical name, e.g. BatchSizeNeedsBatchingWindow. */
    public String rule() {
      return rule;
    }

    /** The parameters the rule's condition and the failed assertion refer to, in template order. */
    public List<String> parameters() {
      return parameters;
    }
  }

  /**
   * @param parameters every parameter value of the stack operation (given, previous or default)
   * @param pseudoParameters AWS::Region, AWS::AccountId, ...: whatever the caller knows
   */
  public TemplateRules(
      CloudFormationTemplate template,
      Map<String, String> parameters,
      Map<String, String> pseudoParameters) {
    this.template = template;
    this.parameters = Map.copyOf(parameters);
    this.pseudoParameters = Map.copyOf(pseudoParameters);
  }

  /**
   * @throws Violation for the first assertion that does not hold
   * @throws TemplateException for a Rules section CloudFormation would not accept
   */
  public void check() {
    for (Map.Entry<String, Object> entry : template.rules().entrySet()) {
      String name = entry.getKey();
      Map<?, ?> rule = mapping(entry.getValue(), "rule " + name);
      Object condition = rule.get("RuleCondition");
      if (condition != null && !truth(evaluate(condition, name), name, "its RuleCondition")) {
        continue;
      }
      if (!(rule.get("Assertions") instanceof List<?> assertions) || assertions.isEmpty()) {
        throw new TemplateException(
            "Template format error: rule " + name + " needs an Assertions list");
      }
      for (int i = 0; i < assertions.size(); i++) {
        Map<?, ?> assertion =
            mapping(assertions.get(i), "assertion " + (i + 1) + " of rule " + name);
        if (!assertion.containsKey("Assert")) {
          throw new TemplateException(
              "Template format error: assertion "
                  + (i + 1)
                  + " of rule "
                  + name
                  + " has no Assert");
        }
        if (!truth(evaluate(assertion.get("Assert"), name), name, "assertion " + (i + 1))) {
          Set<String> mentioned = new LinkedHashSet<>();
          parametersIn(condition, mentioned);
          parametersIn(assertion.get("Assert"), mentioned);
          Object description = assertion.get("AssertDescription");
          throw new Violation(
              name,
              description == null
                  ? "rule " + name + ": assertion " + (i + 1) + " does not hold"
                  : TemplateEvaluator.text(description).strip(),
              declared(mentioned));
        }
      }
    }
  }

  private Object evaluate(Object value, String rule) {
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(item -> out.add(evaluate(item, rule)));
      return out;
    }
    if (!Intrinsics.isIntrinsic(value)) {
      if (value instanceof Map<?, ?>) {
        throw new TemplateException(
            "Template format error: rule "
                + rule
                + " has a mapping where a value or a"
                + " rule function belongs: "
                + value);
      }
      return value;
    }
    Map.Entry<?, ?> call = ((Map<?, ?>) value).entrySet().iterator().next();
    String function = String.valueOf(call.getKey());
    Object args = call.getValue();
    switch (function) {
      case "Ref":
        return ref(TemplateEvaluator.text(args), rule);
      case "Fn::And":
        return arguments(args, function, rule, 2, 10).stream()
            .allMatch(c -> truth(evaluate(c, rule), rule, function));
      case "Fn::Or":
        return arguments(args, function, rule, 2, 10).stream()
            .anyMatch(c -> truth(evaluate(c, rule), rule, function));
      case "Fn::Not":
        return !truth(evaluate(arguments(args, function, rule, 1, 1).get(0), rule), rule, function);
      case "Fn::Equals":
        {
          List<?> pair = arguments(args, function, rule, 2, 2);
          return comparable(evaluate(pair.get(0), rule))
              .equals(comparable(evaluate(pair.get(1), rule)));
        }
      case "Fn::Contains":
        {
          List<?> pair = arguments(args, function, rule, 2, 2);
          return strings(evaluate(pair.get(0), rule), rule, function)
              .contains(string(evaluate(pair.get(1), rule)));
        }
      case "Fn::EachMemberEquals":
        {
          List<?> pair = arguments(args, function, rule, 2, 2);
          String wanted = string(evaluate(pair.get(1), rule));
          return strings(evaluate(pair.get(0), rule), rule, function).stream()
              .allMatch(wanted::equals);
        }
      case "Fn::EachMemberIn":
        {
          List<?> pair = arguments(args, function, rule, 2, 2);
          List<String> allowed = strings(evaluate(pair.get(1), rule), rule, function);
          return allowed.containsAll(strings(evaluate(pair.get(0), rule), rule, function));
        }
      default:
        if (ACCOUNT_FUNCTIONS.contains(function)) {
          throw new TemplateException(
              "rule "
                  + rule
                  + " uses "
                  + function
                  + ", which reads the account's resources;"
                  + " this evaluator has none");
        }
        // CloudFormation's own words for it (cloudformation-coverage-roadmap issue 921).
        throw new TemplateException(
            "Template format error: Following functions are not supported in the Rules"
                + " block of the template: ["
                + function
                + "]");
    }
  }

  private Object ref(String name, String rule) {
    Parameter parameter = template.parameters().get(name);
    if (parameter != null) {
      String value = parameters.get(name);
      if (value == null) {
        throw new TemplateException(
            "rule " + rule + " refers to parameter " + name + ", which has no value");
      }
      boolean list =
          parameter.type().equals("CommaDelimitedList") || parameter.type().startsWith("List<");
      return list
          ? (value.isEmpty()
              ? List.of()
              : List.of(value.split(",", -1)).stream().map(String::strip).toList())
          : value;
    }
    if (pseudoParameters.containsKey(name)) {
      return pseudoParameters.get(name);
    }
    throw new TemplateException(
        "Template format error: Unresolved resource dependencies ["
            + name
            + "] in the Rules block of the template");
  }

  /** The template's parameters among {@code names}, in the order the template declares them. */
  private List<String> declared(Set<String> names) {
    return template.parameters().keySet().stream().filter(names::contains).toList();
  }

  private static void parametersIn(Object value, Set<String> into) {
    if (value instanceof Map<?, ?> map) {
      Intrinsics.refTarget(value)
          .ifPresentOrElse(into::add, () -> map.values().forEach(v -> parametersIn(v, into)));
    } else if (value instanceof List<?> list) {
      list.forEach(v -> parametersIn(v, into));
    }
  }

  private static List<?> arguments(Object args, String function, String rule, int least, int most) {
    if (!(args instanceof List<?> list) || list.size() < least || list.size() > most) {
      throw new TemplateException(
          "Template format error: "
              + function
              + " in rule "
              + rule
              + " takes "
              + (least == most ? least : least + " to " + most)
              + " arguments, not "
              + args);
    }
    return list;
  }

  private static boolean truth(Object value, String rule, String where) {
    if (value instanceof Boolean b) {
      return b;
    }
    throw new TemplateException(
        "Template format error: "
            + where
            + " of rule "
            + rule
            + " must evaluate to true or false, not "
            + value);
  }

  /**
   * Scalars compare as CloudFormation renders them (10 and '10' are equal); lists member by member.
   */
  private static Object comparable(Object value) {
    return value instanceof List<?> list
        ? list.stream().map(TemplateRules::string).toList()
        : string(value);
  }

  private static String string(Object value) {
    return TemplateEvaluator.text(value);
  }

  private static List<String> strings(Object value, String rule, String function) {
    if (!(value instanceof List<?> list)) {
      throw new TemplateException(
          "Template format error: "
              + function
              + " in rule "
              + rule
              + " needs a list of strings, not "
              + value);
    }
    return list.stream().map(TemplateRules::string).toList();
  }

  private static Map<?, ?> mapping(Object value, String what) {
    if (!(value instanceof Map<?, ?> map)) {
      throw new TemplateException("Template format error: " + what + " must be a mapping");
    }
    return map;
  }
}
