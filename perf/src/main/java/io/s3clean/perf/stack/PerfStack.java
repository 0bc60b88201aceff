package io.s3clean.perf.stack;

import io.s3clean.template.CloudFormationTemplate;
import io.s3clean.template.ShippedTemplate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The shipped stack as the soak and the benchmarks deploy it on the embedded cloud. */
public final class PerfStack {
  /** Far above anything the runs put, so the cleaner never runs while the ledger is measured. */
  private static final String THRESHOLD = "1000000000000000000";

  private PerfStack() {}

  /**
   * The shipped template, its two event source mappings allowed {@code consumers} concurrent
   * invocations.
   */
  public static CloudFormationTemplate template(int consumers) {
    CloudFormationTemplate template = ShippedTemplate.parsed();
    for (String mapping :
        List.of("SizeTrackingEventSourceMapping", "EventLoggingEventSourceMapping")) {
      template
          .resource(mapping)
          .properties()
          .put("ScalingConfig", Map.of("MaximumConcurrency", consumers));
    }
    return template;
  }

  /** Parameters for SQS batches of {@code batchSize}; modifiable, for a run to add its own. */
  public static Map<String, String> parameters(int batchSize) {
    Map<String, String> parameters = new HashMap<>();
    parameters.put("ArtifactBucket", "local-artifacts");
    parameters.put("ArtifactKey", "s3clean-lambdas.jar");
    parameters.put("ThresholdBytes", THRESHOLD);
    parameters.put("BatchSize", Integer.toString(batchSize));
    // AWS requires a batching window for batches above 10.
    parameters.put("MaximumBatchingWindowInSeconds", batchSize > 10 ? "1" : "0");
    return parameters;
  }
}
