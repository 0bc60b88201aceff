package io.s3clean.cleanup;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How much one alarm transition removes. */
public enum CleanupPolicy {
  /**
   * Delete the largest objects until the total is below the threshold: the alarm fires only once.
   */
  UNTIL_BELOW("until-below"),
  /** Delete exactly the largest object, as the original system did. */
  ONE("one");

  private final String configName;

  CleanupPolicy(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  public static CleanupPolicy parse(String value) {
    String wanted = value.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(p -> p.configName.equals(wanted))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown cleanup policy '"
                        + value
                        + "', expected one of "
                        + Arrays.stream(values())
                            .map(CleanupPolicy::configName)
                            .collect(Collectors.joining(", "))));
  }
}
