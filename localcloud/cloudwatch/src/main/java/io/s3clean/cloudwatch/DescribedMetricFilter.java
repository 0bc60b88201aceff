package io.s3clean.cloudwatch;

import io.s3clean.cloudwatch.filter.MetricFilter;
import java.time.Instant;

/** A metric filter as DescribeMetricFilters shows it: the filter and when it was created. */
public record DescribedMetricFilter(MetricFilter filter, Instant creationTime) {}
