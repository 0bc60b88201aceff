package io.s3clean.cloudwatch.filter;

import java.util.Optional;

/**
 * A CloudWatch Logs filter pattern, parsed once into a tree and then matched against log event
 * messages, following the Logs user guide "Filter pattern syntax for metric filters, subscription
 * filters, filter log events, and Live Tail":
 *
 * <ul>
 *   <li>terms: {@code ERROR}, {@code "exact phrase"}, {@code -excluded}, {@code ?either ?or},
 *       {@code %regex%}; the empty pattern matches everything;
 *   <li>JSON: {@code { $.total_size = * }}, {@code { $.x > 5 && $.y = "a*" }}, {@code IS NULL},
 *       {@code IS TRUE}, {@code IS FALSE}, {@code NOT EXISTS}, {@code &&}, {@code ||}, parentheses,
 *       nested properties and array indices;
 *   <li>space-delimited: {@code [ip, user, ..., status_code = 4*, bytes > 1000]}.
 * </ul>
 *
 * Anything else is a {@link FilterPatternException} naming the construct and its position.
 */
public abstract class FilterPattern {

  /** The shape of a pattern, which decides what metric values and dimensions can refer to. */
  public enum Kind {
    MATCH_ALL,
    TERMS,
    JSON,
    SPACE_DELIMITED
  }

  private final String text;

  FilterPattern(String text) {
    this.text = text;
  }

  public static FilterPattern parse(String text) {
    String pattern = text == null ? "" : text;
    String trimmed = pattern.strip();
    if (trimmed.isEmpty()) {
      return new MatchAllPattern(pattern);
    }
    if (trimmed.startsWith("{")) {
      return JsonPattern.read(pattern);
    }
    if (trimmed.startsWith("[")) {
      return SpaceDelimitedPattern.read(pattern);
    }
    return TermsPattern.read(pattern);
  }

  public final String text() {
    return text;
  }

  public abstract Kind kind();

  /** The match, with its field values, or empty when the message does not match. */
  public abstract Optional<PatternMatch> match(String message);

  public final boolean matches(String message) {
    return match(message).isPresent();
  }

  /**
   * Resolves a metric value or dimension reference against this pattern: {@code $.field} for JSON
   * patterns, {@code $name} or {@code $3} for space-delimited ones.
   *
   * @throws FilterPatternException when this kind of pattern has no such field
   */
  public FieldReference reference(String reference) {
    throw new FilterPatternException(
        "'"
            + reference
            + "' refers to a field, but a "
            + describe(kind())
            + " pattern has no fields; only JSON and space-delimited patterns do: "
            + text);
  }

  /**
   * Whether the pattern itself names {@code field}, as a JSON pattern names {@code $.bucket} in
   * {@code { ($.total_size = *) && ($.bucket = *) }}. The Logs user guide lets a JSON metric filter
   * use "any of the properties in the metric filter as a dimension": a field read only by a
   * dimension, and not named by the pattern, is not one of them. A pattern without fields names
   * none; a space-delimited pattern names the fields it declares.
   *
   * @param field a reference obtained from {@link #reference(String)}
   */
  public boolean names(FieldReference field) {
    return false;
  }

  static String describe(Kind kind) {
    return switch (kind) {
      case MATCH_ALL -> "match-everything";
      case TERMS -> "term";
      case JSON -> "JSON";
      case SPACE_DELIMITED -> "space-delimited";
    };
  }

  @Override
  public String toString() {
    return text;
  }

  /** The empty pattern: every event matches. */
  static final class MatchAllPattern extends FilterPattern {
    MatchAllPattern(String text) {
      super(text);
    }

    @Override
    public Kind kind() {
      return Kind.MATCH_ALL;
    }

    @Override
    public Optional<PatternMatch> match(String message) {
      return Optional.of(PatternMatch.NO_FIELDS);
    }
  }
}
