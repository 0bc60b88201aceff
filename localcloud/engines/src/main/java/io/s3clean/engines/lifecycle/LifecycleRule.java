package io.s3clean.engines.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One rule of a bucket's lifecycle configuration, the parts the embedded cloud applies: which
 * versions it selects (prefix and size) and its expiration actions (S3 user guide, "Lifecycle
 * configuration elements").
 *
 * @param expirationDays current versions expire this many days after their creation
 * @param expirationDate current versions expire from this midnight (UTC) on
 * @param expiredObjectDeleteMarker a delete marker left with no version behind it is removed
 * @param noncurrentDays noncurrent versions are deleted this many days after they became noncurrent
 * @param newerNoncurrentVersions that many of the newest noncurrent versions are kept anyway
 */
public record LifecycleRule(
    String id,
    boolean enabled,
    String prefix,
    OptionalLong sizeGreaterThan,
    OptionalLong sizeLessThan,
    OptionalInt expirationDays,
    Optional<Instant> expirationDate,
    boolean expiredObjectDeleteMarker,
    OptionalInt noncurrentDays,
    OptionalInt newerNoncurrentVersions) {

  /** Whether the rule selects a version of {@code key} holding {@code size} bytes. */
  public boolean selects(String key, long size) {
    return enabled
        && key.startsWith(prefix)
        && (sizeGreaterThan.isEmpty() || size > sizeGreaterThan.getAsLong())
        && (sizeLessThan.isEmpty() || size < sizeLessThan.getAsLong());
  }

  /** Whether a current version created at {@code created} has expired by {@code now}. */
  public boolean currentExpired(Instant created, Instant now) {
    if (expirationDate.isPresent() && !now.isBefore(expirationDate.get())) {
      return true;
    }
    return expirationDays.isPresent()
        && !now.isBefore(dueAfter(created, expirationDays.getAsInt()));
  }

  /** Whether a version that became noncurrent at {@code since} is due by {@code now}. */
  public boolean noncurrentExpired(Instant since, Instant now) {
    return noncurrentDays.isPresent() && !now.isBefore(dueAfter(since, noncurrentDays.getAsInt()));
  }

  /** Whether the rule removes a delete marker that no version stands behind any more. */
  public boolean removesExpiredDeleteMarkers() {
    return expiredObjectDeleteMarker || expirationDays.isPresent();
  }

  /**
   * S3 adds the days to the time and rounds the result up to the next midnight UTC: an object
   * created 2014-01-15 10:30 with a rule of 3 days expires from 2014-01-19 00:00.
   */
  static Instant dueAfter(Instant start, int days) {
    return start.plus(Duration.ofDays(days)).truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
  }
}
