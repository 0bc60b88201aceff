package io.s3clean.cloudwatch.filter;

import java.util.Optional;

/** A log event that matched a filter pattern, with access to the values the pattern can see. */
public interface PatternMatch {

  /**
   * The event's value at {@code field} as text ({@code 46} for the JSON number 46), or empty when
   * the field is absent, null, an object or an array.
   */
  Optional<String> value(FieldReference field);

  PatternMatch NO_FIELDS = field -> Optional.empty();
}
