package io.s3clean.config;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The variables a handler is configured from. Lambda passes the process environment; tests, the
 * template checks and the embedded cloud pass a map, so nobody has to touch the real environment.
 * It remembers every name asked for, which lets the template checks prove that a function's
 * configuration reads nothing the template does not set.
 */
public final class Environment {
  private final Function<String, String> lookup;
  private final Set<String> namesRead = Collections.synchronizedSet(new LinkedHashSet<>());

  public Environment(Function<String, String> lookup) {
    this.lookup = Objects.requireNonNull(lookup, "lookup");
  }

  public static Environment system() {
    return new Environment(System::getenv);
  }

  public String require(String name) {
    return optional(name)
        .orElseThrow(() -> new ConfigurationException("missing environment variable " + name));
  }

  /**
   * An unset or blank variable is absent: CloudFormation cannot express "unset" for optional
   * values.
   */
  public Optional<String> optional(String name) {
    namesRead.add(name);
    String value = lookup.apply(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  public long requireLong(String name) {
    String value = require(name);
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new ConfigurationException(
          "environment variable " + name + " must be a whole number, was '" + value + "'");
    }
  }

  public Set<String> namesRead() {
    synchronized (namesRead) {
      return Set.copyOf(namesRead);
    }
  }
}
