package io.s3clean.tracking;

import io.s3clean.ledger.AppliedEvent;
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

  public TotalSizeMetric(String namespace) {
    this.namespace = namespace;
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
    // the time of the change, not of the log write: a late delivery must not move the peak
    aws.put("Timestamp", applied.event().eventTime().toEpochMilli());
    aws.put("CloudWatchMetrics", List.of(directive));
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("_aws", aws);
    fields.put("BucketName", applied.event().bucket());
    fields.put(NAME, applied.totalSize());
    return fields;
  }
}
