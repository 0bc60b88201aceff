package io.s3clean.cleanup;

import java.util.List;

/**
 * What one cleaner run saw and did.
 *
 * @param totalBefore the ledger's total when the run started
 * @param expectedTotal the total once the pipeline has recorded this run's deletions and the
 *     removals it found already done in the bucket
 * @param alreadyRemoved candidates the ledger still counts but the bucket no longer holds (a
 *     previous run's deletions, or someone else's, still on their way through the pipeline)
 */
public record CleanupReport(
    String bucket,
    String alarmName,
    Outcome outcome,
    long threshold,
    long totalBefore,
    long expectedTotal,
    List<Removed> deleted,
    List<Removed> alreadyRemoved) {

  public enum Outcome {
    NOT_IN_ALARM,
    BELOW_THRESHOLD,
    CLEANED,
    NO_MORE_CANDIDATES
  }

  /**
   * @param versionId the version removed on a bucket that is or was versioned; null, and left out
   *     of the notification, for the null version
   */
  public record Removed(
      String key,
      long size,
      @com.fasterxml.jackson.annotation.JsonInclude(
              com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
          String versionId) {
    /** An object of a bucket never versioned (its key's null version). */
    public Removed(String key, long size) {
      this(key, size, null);
    }
  }
}
