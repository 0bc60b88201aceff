package io.s3clean.template;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A parameter's own constraints as CloudFormation checks a value against them: a Number's value and
 * its MinValue and MaxValue, AllowedValues (numbers compared as numbers), MinLength, MaxLength and
 * AllowedPattern, each failure said as its ConstraintDescription when the parameter has one. The
 * one check for the CLI, which refuses a bad value before anything is sent, and for the evaluator
 * the embedded cloud deploys with.
 */
public final class ParameterConstraints {
  private ParameterConstraints() {}

  /**
   * @param label how the message names the value: the parameter ("parameter BatchSize") or the
   *     option that gave it ("--batch-size")
   * @throws TemplateException "{@code label} must ..., not {@code value}" for the first constraint
   *     the value breaks
   */
  public static void check(Parameter parameter, String label, String value) {
    try {
      checkEach(parameter, label, value);
    } catch (TemplateException e) {
      // CloudFormation says a parameter's ConstraintDescription in place of the constraint it broke
      if (parameter.definition().get("ConstraintDescription") instanceof String description) {
        throw new TemplateException(label + " " + description + ", not '" + value + "'");
      }
      throw e;
    }
  }

  private static void checkEach(Parameter parameter, String label, String value) {
    Map<String, Object> definition = parameter.definition();
    if (definition.get("AllowedValues") instanceof List<?> allowed
        && allowed.stream().noneMatch(candidate -> same(candidate, value))) {
      throw new TemplateException(
          label
              + " must be one of "
              + allowed.stream().map(ParameterConstraints::text).collect(Collectors.joining(", "))
              + ", not '"
              + value
              + "'");
    }
    if ("Number".equals(parameter.type())) {
      BigDecimal number =
          number(value)
              .orElseThrow(
                  () -> new TemplateException(label + " must be a number, not '" + value + "'"));
      Object min = definition.get("MinValue");
      if (min != null && number.compareTo(decimal(min)) < 0) {
        throw new TemplateException(label + " must be at least " + text(min) + ", not " + value);
      }
      Object max = definition.get("MaxValue");
      if (max != null && number.compareTo(decimal(max)) > 0) {
        throw new TemplateException(label + " must be at most " + text(max) + ", not " + value);
      }
    }
    Object minLength = definition.get("MinLength");
    if (minLength != null && value.length() < decimal(minLength).intValue()) {
      throw new TemplateException(
          label + " must be at least " + text(minLength) + " characters long");
    }
    Object maxLength = definition.get("MaxLength");
    if (maxLength != null && value.length() > decimal(maxLength).intValue()) {
      throw new TemplateException(
          label + " must be at most " + text(maxLength) + " characters long");
    }
    if (definition.get("AllowedPattern") instanceof String pattern && !value.matches(pattern)) {
      throw new TemplateException(label + " must match " + pattern + ", not '" + value + "'");
    }
  }

  private static java.util.Optional<BigDecimal> number(String value) {
    try {
      return java.util.Optional.of(new BigDecimal(value));
    } catch (NumberFormatException e) {
      return java.util.Optional.empty();
    }
  }

  /** An allowed value as YAML gave it (a number for `60`) matches the text a caller gives. */
  private static boolean same(Object allowed, String value) {
    if (allowed instanceof Number) {
      return number(value).map(number -> number.compareTo(decimal(allowed)) == 0).orElse(false);
    }
    return text(allowed).equals(value);
  }

  private static BigDecimal decimal(Object number) {
    return new BigDecimal(text(number));
  }

  private static String text(Object value) {
    return TemplateEvaluator.text(value);
  }
}
