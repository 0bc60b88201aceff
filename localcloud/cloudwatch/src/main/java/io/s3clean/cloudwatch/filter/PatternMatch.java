package io.s3clean.cloudwatch.filter;

import java.util.Map;
import java.util.Optional;

/** A log event that matched a filter pattern, with access to the values the pattern can see. */
public interface PatternMatch {

  /**
   * The event's value at {@code field} as text ({@code 46} for the JSON number 46), or empty when
   * the field is absent, null, an object or an array.
   */
  Optional<String> value(FieldReference field);

  /**
   * The values TestMetricFilter reports as {@code extractedValues}: for a space-delimited pattern
   * each field by position ({@code $1}, {@code $2} ...) and each named field ({@code $status}); for
   * a JSON pattern each property the pattern names that holds a value ({@code $.total_size}); none
   * for terms.
   */
  default Map<String, String> extractedValues() {
    return Map.of();
  }

  PatternMatch NO_FIELDS = field -> Optional.empty();
}
