package io.s3clean.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.s3clean.alarm.ThresholdWatch;
import io.s3clean.aws.AwsClients;
import io.s3clean.aws.CloudWatchAlarmControl;
import io.s3clean.config.Environment;
import io.s3clean.ledger.Ledger;
import io.s3clean.ledger.dynamodb.DynamoLedger;
import io.s3clean.tracking.SizeTracker;
import io.s3clean.tracking.TotalSizeMetric;
import java.time.Clock;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Tracking queue -> ledger: keeps every object's size and the bucket total exact. */
public final class SizeTrackingHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
  private final Ledger ledger;
  private final TotalSizeMetric metric;
  private final ThresholdWatch watch;

  /**
   * @param metricNamespace where the high-resolution total is published through Embedded Metric
   *     Format
   * @param alarmName the size alarm, re-armed when a change leaves the bucket at or over {@code
   *     thresholdBytes}
   */
  public record Config(
      String objectTable,
      String historyTable,
      String metricNamespace,
      String alarmName,
      long thresholdBytes) {
    public static Config from(Environment env) {
      return new Config(
          env.require("OBJECT_TABLE"),
          env.require("HISTORY_TABLE"),
          env.require("METRIC_NAMESPACE"),
          env.require("ALARM_NAME"),
          env.requireLong("THRESHOLD_BYTES"));
    }
  }

  public SizeTrackingHandler() {
    this(
        Config.from(Environment.system()),
        AwsClients.dynamoDb(),
        AwsClients.cloudWatch(),
        Clock.systemUTC());
  }

  /**
   * @param clock the time datapoints are stamped with (the embedded cloud passes its own)
   */
  public SizeTrackingHandler(
      Config config, DynamoDbClient dynamo, CloudWatchClient cloudWatch, Clock clock) {
    this.ledger = new DynamoLedger(dynamo, config.objectTable(), config.historyTable());
    this.metric = new TotalSizeMetric(config.metricNamespace(), clock);
    this.watch =
        new ThresholdWatch(
            config.alarmName(), config.thresholdBytes(), new CloudWatchAlarmControl(cloudWatch));
  }

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    SizeTracker tracker = new SizeTracker(ledger, LambdaSupport.log(context), metric, watch);
    return LambdaSupport.batchResponse(tracker.track(LambdaSupport.messages(event)));
  }
}
