package io.s3clean.event;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * S3's per-key event order. Sequencers may differ in length; the S3 user guide says to pad the
 * shorter one with zeros on the right before comparing as strings. Padding every sequencer to one
 * fixed width gives the same order for any pair and lets DynamoDB compare the stored form directly.
 */
public record Sequencer(String normalized) implements Comparable<Sequencer> {
  public static final int WIDTH = 64;

  private static final Pattern HEX = Pattern.compile("[0-9A-F]+");

  /**
   * Older than any sequencer S3 sends: every real event of a key supersedes what a repair or a
   * backfill writes with it. (After HEX, which the constructor reads.)
   */
  public static final Sequencer OLDEST = new Sequencer("0".repeat(WIDTH));

  public Sequencer {
    if (normalized.length() != WIDTH || !HEX.matcher(normalized).matches()) {
      throw new IllegalArgumentException("not a normalized sequencer: " + normalized);
    }
  }

  /** Parses the value of {@code s3.object.sequencer}; throws {@link MalformedEventException}. */
  public static Sequencer parse(String raw) {
    if (raw == null || raw.isEmpty()) {
      throw new MalformedEventException("s3.object.sequencer is missing");
    }
    String upper = raw.toUpperCase(Locale.ROOT);
    if (upper.length() > WIDTH || !HEX.matcher(upper).matches()) {
      throw new MalformedEventException(
          "s3.object.sequencer is not a hex string of at most " + WIDTH + " digits: '" + raw + "'");
    }
    return new Sequencer(upper + "0".repeat(WIDTH - upper.length()));
  }

  /** True when this event happened after {@code other} for the same key. */
  public boolean isNewerThan(Sequencer other) {
    return compareTo(other) > 0;
  }

  @Override
  public int compareTo(Sequencer other) {
    return normalized.compareTo(other.normalized);
  }

  @Override
  public String toString() {
    return normalized;
  }
}
