package io.s3clean.cli.target;

import io.s3clean.cli.CliException;
import io.s3clean.cli.ExitCodes;
import java.net.URI;
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
 * An embedded cloud that another process runs ({@code s3clean local start}), used through its one
 * AWS endpoint with the AWS target's own code: stack, alarm, history and logs are what the cloud
 * answers, on its clock. Deploying and destroying stay with the process that runs the cloud.
 */
final class AttachedLocalTarget implements StackTarget {
  private final String stackName;
  private final RunningCloud running;
  private final AwsTarget aws;

  AttachedLocalTarget(String stackName, RunningCloud running) {
    this.stackName = stackName;
    this.running = running;
    this.aws = AwsTarget.overEndpoint(stackName, URI.create(running.endpoints().get("endpoint")), running.region());
  }

  @Override
  public String name() {
    return "local";
  }

  @Override
  public StackInfo deploy(Map<String, String> templateParameters, Consumer<String> progress) {
    throw busy("deploy");
  }

  @Override
  public Optional<StackInfo> describe() {
    return aws.describe();
  }

  @Override
  public Map<String, String> previousParameters() {
    return aws.previousParameters();
  }

  @Override
  public void destroy(Consumer<String> progress) {
    throw busy("destroy");
  }

  @Override
  public S3Client s3() {
    return aws.s3();
  }

  @Override
  public DynamoDbClient dynamoDb() {
    return aws.dynamoDb();
  }

  @Override
  public SqsClient sqs() {
    return aws.sqs();
  }

  @Override
  public AlarmStatus alarm(String alarmName) {
    return aws.alarm(alarmName);
  }

  @Override
  public List<AlarmTransition> alarmHistory(String alarmName, Instant since) {
    return aws.alarmHistory(alarmName, since);
  }

  @Override
  public List<LogLine> logs(String logGroup, Instant since) {
    return aws.logs(logGroup, since);
  }

  /** The stack's ApiUrl names AWS's host; the running cloud says where its HTTP API listens. */
  @Override
  public byte[] fetchPlot(StackInfo stack, int width, int height) {
    return LocalTarget.signedGet(URI.create(running.endpoints().get("api") + "/plot?width=" + width + "&height=" + height),
        stackName);
  }

  @Override
  public Clock clock() {
    return aws.clock();
  }

  private CliException busy(String what) {
    return new CliException(ExitCodes.BAD_ENVIRONMENT, "cannot " + what + " stack " + stackName
        + " while its embedded cloud runs in process " + running.pid() + "; stop it (Ctrl-C) first");
  }

  @Override
  public void close() {
    aws.close();
  }
}
