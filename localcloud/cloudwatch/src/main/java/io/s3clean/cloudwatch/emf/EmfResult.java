package io.s3clean.cloudwatch.emf;

import io.s3clean.cloudwatch.metrics.Datapoint;
import java.util.List;

/** What Embedded Metric Format extraction made of one log event. */
public sealed interface EmfResult {

  /** No {@code _aws} member: an ordinary log line. */
  record NotEmf() implements EmfResult {}

  /**
   * An EMF document that breaks the specification. CloudWatch keeps the log event but extracts no
   * metric from it; {@code reason} says which rule was broken.
   */
  record Invalid(String reason) implements EmfResult {}

  record Extracted(List<Datapoint> datapoints) implements EmfResult {}
}
