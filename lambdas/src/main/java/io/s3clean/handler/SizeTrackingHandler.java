package io.s3clean.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.s3clean.aws.AwsClients;
import io.s3clean.config.Environment;
import io.s3clean.ledger.Ledger;
import io.s3clean.ledger.dynamodb.DynamoLedger;
import io.s3clean.tracking.SizeTracker;
import io.s3clean.tracking.TotalSizeMetric;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Tracking queue -> ledger: keeps every object's size and the bucket total exact. */
public final class SizeTrackingHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
  private final Ledger ledger;
  private final TotalSizeMetric metric;

  /** @param metricNamespace where the high-resolution total is published through Embedded Metric Format */
  public record Config(String objectTable, String historyTable, String metricNamespace) {
    public static Config from(Environment env) {
      return new Config(env.require("OBJECT_TABLE"), env.require("HISTORY_TABLE"), env.require("METRIC_NAMESPACE"));
    }
  }

  public SizeTrackingHandler() {
    this(Config.from(Environment.system()), AwsClients.dynamoDb());
  }

  public SizeTrackingHandler(Config config, DynamoDbClient dynamo) {
    this.ledger = new DynamoLedger(dynamo, config.objectTable(), config.historyTable());
    this.metric = new TotalSizeMetric(config.metricNamespace());
  }

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    SizeTracker tracker = new SizeTracker(ledger, LambdaSupport.log(context), metric);
    return LambdaSupport.batchResponse(tracker.track(LambdaSupport.messages(event)));
  }
}
