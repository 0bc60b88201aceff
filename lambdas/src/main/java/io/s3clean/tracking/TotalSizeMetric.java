package io.s3clean.tracking;

import io.s3clean.ledger.AppliedEvent;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bucket total as an Embedded Metric Format metric, carried by the same log line the metric
 * filter reads: CloudWatch extracts {@value #NAME} at 1-second resolution, which a 10-second alarm
 * needs, while the filter's one-minute {@code CurrentTotalSize} comes from {@code total_size}.
 */
public final class TotalSizeMetric {
  public static final String NAME = "CurrentTotalSizeHighRes";
  private final String namespace;
  private final Clock clock;

  /**
   * @param clock stamps each datapoint with the time its line is logged
   */
  public TotalSizeMetric(String namespace, Clock clock) {
    this.namespace = namespace;
    this.clock = clock;
  }

  /** EMF members to add to the log line of one applied event. */
  public Map<String, Object> fields(AppliedEvent applied) {
    Map<String, Object> metric = new LinkedHashMap<>();
    metric.put("Name", NAME);
    metric.put("Unit", "Bytes");
    metric.put("StorageResolution", 1);
    Map<String, Object> directive = new LinkedHashMap<>();
    directive.put("Namespace", namespace);
    directive.put("Dimensions", List.of(List.of("BucketName")));
    directive.put("Metrics", List.of(metric));
    Map<String, Object> aws = new LinkedHashMap<>();
    // The time of the log write, as the metric filter's datapoint has it. Stamped with the S3
    // event's time, a batch that waited in the batching window and in log delivery could land in a
    // 10-second period that has already left the alarm's evaluation range, and never be evaluated.
    aws.put("Timestamp", clock.millis());
    aws.put("CloudWatchMetrics", List.of(directive));
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("_aws", aws);
    fields.put("BucketName", applied.event().bucket());
    fields.put(NAME, applied.totalSize());
    return fields;
  }
}
