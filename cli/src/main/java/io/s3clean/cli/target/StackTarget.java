package io.s3clean.cli.target;

import io.s3clean.template.StackOutputs;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Where an s3clean stack runs: AWS, or the embedded local cloud. The data plane (S3, DynamoDB, SQS)
 * is the same SDK code for both, since the local emulators are real endpoints; the control plane
 * (deploying, CloudWatch alarms and logs, the HTTP API) differs and lives behind this interface.
 */
public interface StackTarget extends AutoCloseable {
  /** {@code local} or {@code aws}, as {@code --target} spells it. */
  String name();

  /**
   * Deploys the stack, or updates it; an unchanged stack is success. Progress lines go to {@code
   * progress}.
   */
  StackInfo deploy(Map<String, String> templateParameters, Consumer<String> progress);

  /**
   * As {@link #deploy(Map, Consumer)}, with the Lambda code to upload. Only AWS needs the code: the
   * embedded cloud runs the handlers from its own classpath, so by default it is ignored.
   */
  default StackInfo deploy(
      Map<String, String> templateParameters, CodeArtifact code, Consumer<String> progress) {
    return deploy(templateParameters, progress);
  }

  /** The deployed stack, or empty when there is none. */
  Optional<StackInfo> describe();

  /**
   * The parameter values a deploy keeps for parameters it is not given, as CloudFormation's
   * UsePreviousValue keeps them: the stack's current values, or none for a stack still to be
   * created. A read only: nothing is started, created or uploaded.
   */
  Map<String, String> previousParameters();

  /** Empties the buckets, deletes the stack and its log groups. */
  void destroy(Consumer<String> progress);

  S3Client s3();

  DynamoDbClient dynamoDb();

  SqsClient sqs();

  AlarmStatus alarm(String alarmName);

  /** State transitions of the alarm since {@code since}, oldest first. */
  List<AlarmTransition> alarmHistory(String alarmName, Instant since);

  /** Log events of a group since {@code since}, oldest first. */
  List<LogLine> logs(String logGroup, Instant since);

  /** GET of the plot route, signed as the HTTP API's AWS_IAM authorisation requires. */
  byte[] fetchPlot(StackInfo stack, int width, int height);

  /** The clock alarms run on: the wall clock on AWS, the scaled simulation clock locally. */
  Clock clock();

  /**
   * Publishes a total of the watched bucket to the stack's alarm metric, stamped now on {@link
   * #clock()}, as the size tracker's log lines publish it: a total the backfill counted reaches the
   * alarm without waiting for the bucket's next change.
   */
  void publishTotal(StackInfo stack, long totalBytes);

  /** The metric the stack's alarm watches, by the stack's outputs. */
  record AlarmMetric(String namespace, String name, String bucket, boolean highResolution) {
    public static AlarmMetric of(StackInfo stack) {
      String name = stack.typed().get(StackOutputs.Output.METRIC);
      return new AlarmMetric(
          stack.typed().get(StackOutputs.Output.METRIC_NAMESPACE),
          name,
          stack.typed().watchedBucket(),
          name.equals(io.s3clean.tracking.TotalSizeMetric.NAME));
    }
  }

  @Override
  void close();

  record StackInfo(
      String name, String status, Map<String, String> outputs, Map<String, String> parameters) {
    public StackInfo {
      outputs = Map.copyOf(outputs);
      parameters = Map.copyOf(parameters);
    }

    /**
     * The outputs by what they mean; one this version's template declares and the stack lacks
     * fails.
     */
    public io.s3clean.template.StackOutputs typed() {
      return new io.s3clean.template.StackOutputs(
          outputs,
          key ->
              new io.s3clean.cli.CliException(
                  io.s3clean.cli.ExitCodes.SERVICE_ERROR,
                  "stack "
                      + name
                      + " has no output "
                      + key
                      + "; was it deployed from this version's template?"));
    }
  }

  /**
   * @param latestValue the newest datapoint of the alarm's metric, if any
   */
  record AlarmStatus(
      String name,
      String state,
      String reason,
      Instant updated,
      Optional<Double> latestValue,
      int periodSeconds,
      double threshold) {}

  record AlarmTransition(Instant time, String from, String to, String reason) {}

  /**
   * Where the Lambda jar comes from and where it is uploaded; empty means the defaults (the jar the
   * build left in lambdas/target, a bucket named after the stack and the account).
   */
  record CodeArtifact(Optional<Path> jar, Optional<String> bucket) {
    public static final CodeArtifact DEFAULT = new CodeArtifact(Optional.empty(), Optional.empty());
  }

  record LogLine(Instant time, String stream, String message) {}
}
