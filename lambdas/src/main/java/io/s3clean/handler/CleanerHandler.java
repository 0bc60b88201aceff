package io.s3clean.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3clean.alarm.AlarmControl;
import io.s3clean.aws.AwsClients;
import io.s3clean.aws.CloudWatchAlarmControl;
import io.s3clean.aws.S3ObjectStore;
import io.s3clean.aws.SnsCleanupNotifier;
import io.s3clean.cleanup.AlarmEvents;
import io.s3clean.cleanup.AlarmTrigger;
import io.s3clean.cleanup.Cleaner;
import io.s3clean.cleanup.CleanupNotifier;
import io.s3clean.cleanup.CleanupPolicy;
import io.s3clean.config.ConfigurationException;
import io.s3clean.config.Environment;
import io.s3clean.event.MalformedEventException;
import io.s3clean.ledger.LedgerReader;
import io.s3clean.ledger.dynamodb.DynamoLedgerReader;
import io.s3clean.logging.JsonLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * CloudWatch alarm action -> delete the largest objects until the bucket is below its threshold.
 */
public final class CleanerHandler implements RequestStreamHandler {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Config config;
  private final LedgerReader ledger;
  private final S3ObjectStore store;
  private final CleanupNotifier notifier;
  private final AlarmControl alarm;

  public record Config(
      String objectTable,
      String bucketName,
      long thresholdBytes,
      CleanupPolicy policy,
      Optional<String> notifyTopicArn) {
    public static Config from(Environment env) {
      return new Config(
          env.require("OBJECT_TABLE"),
          env.require("BUCKET_NAME"),
          env.requireLong("THRESHOLD_BYTES"),
          policy(env.optional("CLEANUP_POLICY").orElse(CleanupPolicy.UNTIL_BELOW.configName())),
          env.optional("NOTIFY_TOPIC_ARN"));
    }

    private static CleanupPolicy policy(String value) {
      try {
        return CleanupPolicy.parse(value);
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException("CLEANUP_POLICY: " + e.getMessage());
      }
    }
  }

  public CleanerHandler() {
    this(
        Config.from(Environment.system()),
        AwsClients.dynamoDb(),
        AwsClients.s3(),
        AwsClients.sns(),
        AwsClients.cloudWatch());
  }

  public CleanerHandler(
      Config config,
      DynamoDbClient dynamo,
      S3Client s3,
      SnsClient sns,
      CloudWatchClient cloudWatch) {
    this.config = config;
    this.ledger = new DynamoLedgerReader(dynamo, config.objectTable());
    this.store = new S3ObjectStore(s3);
    this.notifier =
        config
            .notifyTopicArn()
            .<CleanupNotifier>map(arn -> new SnsCleanupNotifier(sns, arn))
            .orElse(CleanupNotifier.NONE);
    this.alarm = new CloudWatchAlarmControl(cloudWatch);
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    JsonLog log = LambdaSupport.log(context);
    Cleaner cleaner =
        new Cleaner(
            config.bucketName(),
            config.thresholdBytes(),
            config.policy(),
            ledger,
            store,
            notifier,
            alarm,
            log);
    AlarmTrigger trigger;
    try {
      trigger = AlarmEvents.parse(input);
    } catch (MalformedEventException e) {
      // Retrying cannot mend a payload: answer with the reason instead of failing into async
      // retries.
      log.error("malformed_alarm_event", JsonLog.fields("error", e.getMessage()));
      JSON.writeValue(output, JsonLog.fields("error", e.getMessage()));
      return;
    }
    JSON.writeValue(output, cleaner.clean(trigger));
  }
}
