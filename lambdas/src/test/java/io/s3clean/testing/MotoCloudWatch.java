package io.s3clean.testing;

import io.s3clean.dynamodb.testing.MotoServer;
import java.io.IOException;
import java.nio.file.Files;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

/**
 * CloudWatch as moto serves it (an implementation nobody here wrote), for the handlers' real
 * SetAlarmState calls: the lambdas' tests cannot use the embedded cloud, which depends on them.
 */
public final class MotoCloudWatch implements AutoCloseable {
  private final MotoServer moto;
  private final CloudWatchClient client;

  private MotoCloudWatch(MotoServer moto) {
    this.moto = moto;
    this.client =
        CloudWatchClient.builder()
            .endpointOverride(moto.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .build();
  }

  public static MotoCloudWatch start() {
    try {
      return new MotoCloudWatch(MotoServer.start(Files.createTempDirectory("moto-cloudwatch")));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public CloudWatchClient client() {
    return client;
  }

  /** Creates the size alarm and puts it in {@code state}, as an evaluation would have. */
  public void alarm(String name, StateValue state) {
    client.putMetricAlarm(
        r ->
            r.alarmName(name)
                .namespace("S3Clean")
                .metricName("CurrentTotalSize")
                .statistic(Statistic.MAXIMUM)
                .period(60)
                .evaluationPeriods(1)
                .threshold(20.0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD));
    client.setAlarmState(r -> r.alarmName(name).stateValue(state).stateReason("set by the test"));
  }

  public MetricAlarm describe(String name) {
    return client.describeAlarms(r -> r.alarmNames(name)).metricAlarms().get(0);
  }

  @Override
  public void close() throws InterruptedException {
    client.close();
    moto.close();
  }
}
