package io.s3clean.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.s3clean.aws.AwsClients;
import io.s3clean.config.Environment;
import io.s3clean.eventlog.EventLogger;
import io.s3clean.ledger.LedgerReader;
import io.s3clean.ledger.dynamodb.DynamoLedgerReader;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Logging queue -> one structured log line per S3 event, with the size a delete took away. */
public final class EventLoggingHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
  private final LedgerReader ledger;

  public record Config(String objectTable) {
    public static Config from(Environment env) {
      return new Config(env.require("OBJECT_TABLE"));
    }
  }

  public EventLoggingHandler() {
    this(Config.from(Environment.system()), AwsClients.dynamoDb());
  }

  public EventLoggingHandler(Config config, DynamoDbClient dynamo) {
    this.ledger = new DynamoLedgerReader(dynamo, config.objectTable());
  }

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    EventLogger logger = new EventLogger(ledger, LambdaSupport.log(context));
    return LambdaSupport.batchResponse(logger.record(LambdaSupport.messages(event)));
  }
}
