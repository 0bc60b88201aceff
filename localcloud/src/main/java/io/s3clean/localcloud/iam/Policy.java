package io.s3clean.localcloud.iam;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * An identity policy, evaluated as IAM does for one principal: an explicit Deny wins, else any
 * Allow whose action and resource match, else the implicit deny. Conditions are not evaluated: a
 * statement with one is refused at load, so no grant is silently widened.
 */
public final class Policy {
  private static final Map<String, Pattern> COMPILED = new ConcurrentHashMap<>();

  private final List<Statement> statements;

  public record Statement(int index, boolean allow, List<String> actions, List<String> resources) {
    boolean matches(String action, String resource) {
      return actions.stream().anyMatch(a -> wildcard(a, action, true))
          && resources.stream().anyMatch(r -> wildcard(r, resource, false));
    }

    /** Action names compare without case, as IAM does; ARNs with case. */
    private static boolean wildcard(String pattern, String value, boolean ignoreCase) {
      // Every SDK call of a hosted function is checked: compile each policy pattern once.
      return COMPILED
          .computeIfAbsent((ignoreCase ? "i:" : "c:") + pattern, k -> compile(pattern, ignoreCase))
          .matcher(value)
          .matches();
    }

    private static Pattern compile(String pattern, boolean ignoreCase) {
      StringBuilder regex = new StringBuilder();
      for (char c : pattern.toCharArray()) {
        regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
      }
      // a key may hold a line break, which a wildcard matches as any other character
      return Pattern.compile(
          regex.toString(), Pattern.DOTALL | (ignoreCase ? Pattern.CASE_INSENSITIVE : 0));
    }
  }

  public Policy(List<Statement> statements) {
    this.statements = List.copyOf(statements);
  }

  /**
   * Reads the {@code Statement} list of one or more policy documents (already free of intrinsics).
   */
  public static Policy fromDocuments(List<Map<String, Object>> documents) {
    List<Statement> statements = new ArrayList<>();
    for (Map<String, Object> document : documents) {
      Object raw = document.get("Statement");
      List<?> list = raw instanceof List<?> l ? l : List.of(raw);
      for (Object item : list) {
        if (!(item instanceof Map<?, ?> statement)) {
          throw new IllegalArgumentException("policy statement is not an object: " + item);
        }
        for (String unsupported : List.of("Condition", "NotAction", "NotResource", "Principal")) {
          if (statement.containsKey(unsupported)) {
            throw new IllegalArgumentException(
                "identity policy statement "
                    + statements.size()
                    + " uses "
                    + unsupported
                    + ", which the embedded cloud's IAM check does not evaluate");
          }
        }
        statements.add(
            new Statement(
                statements.size(),
                "Allow".equals(statement.get("Effect")),
                strings(statement.get("Action")),
                strings(statement.get("Resource"))));
      }
    }
    return new Policy(statements);
  }

  public List<Statement> statements() {
    return statements;
  }

  /**
   * @return the statement that allows the call, or null when it is denied
   */
  public Statement allowing(String action, String resource) {
    if (statements.stream().anyMatch(s -> !s.allow() && s.matches(action, resource))) {
      return null;
    }
    return statements.stream()
        .filter(s -> s.allow() && s.matches(action, resource))
        .findFirst()
        .orElse(null);
  }

  private static List<String> strings(Object value) {
    if (value instanceof List<?> list) {
      return list.stream().map(String::valueOf).toList();
    }
    if (value == null) {
      throw new IllegalArgumentException("policy statement without Action or Resource");
    }
    return List.of(String.valueOf(value));
  }
}
