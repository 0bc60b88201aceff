package io.s3clean.cloudwatch.filter;

/**
 * A filter pattern, metric value or dimension that the embedded CloudWatch cannot honour exactly.
 * Thrown at deploy time, never at match time, so an unsupported construct can never turn into a
 * silent mismatch.
 */
public final class FilterPatternException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final int position;

  FilterPatternException(String pattern, int position, String problem) {
    super(problem + " at position " + position + " in filter pattern: " + pattern);
    this.position = position;
  }

  FilterPatternException(String problem) {
    super(problem);
    this.position = -1;
  }

  /** Zero-based offset into the pattern text, or -1 when the problem is not in the pattern. */
  public int position() {
    return position;
  }
}
