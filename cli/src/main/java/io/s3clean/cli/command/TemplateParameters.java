package io.s3clean.cli.command;

import io.s3clean.cli.CliException;
import io.s3clean.cli.ExitCodes;
import io.s3clean.template.CloudFormationTemplate;
import io.s3clean.template.Parameter;
import io.s3clean.template.ParameterConstraints;
import io.s3clean.template.TemplateEvaluator;
import io.s3clean.template.TemplateException;
import io.s3clean.template.TemplateRules;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Command-line values bound for template parameters, each checked against the parameter's own
 * constraints in the template (Type, MinValue, MaxValue, AllowedValues, AllowedPattern, MaxLength),
 * and then, with the values a deploy keeps, against the template's Rules, before anything is sent:
 * the template stays the one place those rules are written.
 */
final class TemplateParameters {
  private final CloudFormationTemplate template;
  private final Map<String, String> values = new LinkedHashMap<>();
  private final Map<String, String> flags = new LinkedHashMap<>();

  TemplateParameters(CloudFormationTemplate template) {
    this.template = template;
  }

  /**
   * Sets {@code parameter} from {@code flag}'s value, if the flag was given; exit 252 if it breaks
   * a rule.
   */
  TemplateParameters set(String flag, String parameter, String value) {
    if (value == null) {
      return this;
    }
    Parameter definition = template.parameters().get(parameter);
    if (definition == null) {
      throw new IllegalStateException("the template has no parameter " + parameter);
    }
    check(flag, definition, value);
    values.put(parameter, value);
    flags.put(parameter, flag);
    return this;
  }

  /**
   * Checks the values the stack operation would run with against the template's Rules, as
   * CloudFormation will, so that a refusal comes before anything is uploaded or started: each
   * parameter takes the value given here, else the one the target keeps from the previous deploy
   * (UsePreviousValue on AWS, the stack file locally), else its Default. One place for both
   * targets.
   *
   * @param previous {@link io.s3clean.cli.target.StackTarget#previousParameters()}
   * @throws CliException exit 252, one line naming every parameter of the failed rule, its value
   *     and where the value comes from, then the rule's AssertDescription
   */
  void checkRules(Map<String, String> previous, String stackName) {
    Map<String, String> effective = new LinkedHashMap<>();
    Map<String, String> sources = new LinkedHashMap<>();
    for (Parameter parameter : template.parameters().values()) {
      String name = parameter.name();
      if (values.containsKey(name)) {
        effective.put(name, values.get(name));
        sources.put(name, flags.get(name));
      } else if (previous.containsKey(name)) {
        effective.put(name, previous.get(name));
        sources.put(name, "kept from the previous deploy");
      } else if (parameter.defaultValue().isPresent()) {
        effective.put(name, TemplateEvaluator.text(parameter.defaultValue().get()));
        sources.put(name, "template default");
      }
    }
    try {
      new TemplateRules(template, effective, Map.of("AWS::StackName", stackName)).check();
    } catch (TemplateRules.Violation violation) {
      throw bad(
          violation.parameters().stream()
                  .map(name -> name + " " + effective.get(name) + " (" + sources.get(name) + ")")
                  .collect(Collectors.joining(" with "))
              + ": "
              + violation.getMessage());
    }
  }

  Map<String, String> values() {
    return Map.copyOf(values);
  }

  private static void check(String flag, Parameter definition, String value) {
    if ("Number".equals(definition.type())) {
      wholeNumber(flag, value);
    }
    try {
      ParameterConstraints.check(definition, flag, value);
    } catch (TemplateException e) {
      throw bad(e.getMessage());
    }
  }

  /**
   * Every numeric parameter of this template counts bytes, seconds or messages: whole numbers only.
   */
  private static void wholeNumber(String flag, String value) {
    if (!value.matches("-?\\d{1,18}")) {
      throw bad(flag + " must be a whole number, not '" + value + "'");
    }
  }

  static CliException bad(String message) {
    return new CliException(ExitCodes.BAD_PARAMETER, message);
  }
}
