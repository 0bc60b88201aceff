package io.s3clean.localcloud.provision;

import java.time.Instant;

/** One line of a deployment's progress, as CloudFormation's DescribeStackEvents reports it. */
public record StackEvent(
    Instant time, String logicalId, String resourceType, String status, String reason) {
  @Override
  public String toString() {
    return String.format(
        "%s  %-18s %-34s %s%s",
        time,
        status,
        resourceType,
        logicalId,
        reason == null || reason.isEmpty() ? "" : "  " + reason);
  }
}
