package io.s3clean.cloudwatch.metrics;

/**
 * How finely CloudWatch keeps a metric's datapoints: standard metrics (everything a metric filter
 * publishes) are kept per minute, high-resolution ones (StorageResolution 1, e.g. through Embedded
 * Metric Format) per second. Only high-resolution metrics can feed 10, 20 or 30 second periods.
 */
public enum StorageResolution {
  HIGH(1),
  STANDARD(60);

  private final int seconds;

  StorageResolution(int seconds) {
    this.seconds = seconds;
  }

  public int seconds() {
    return seconds;
  }

  public static StorageResolution ofSeconds(int seconds) {
    for (StorageResolution resolution : values()) {
      if (resolution.seconds == seconds) {
        return resolution;
      }
    }
    throw new IllegalArgumentException("StorageResolution must be 1 or 60, was " + seconds);
  }
}
