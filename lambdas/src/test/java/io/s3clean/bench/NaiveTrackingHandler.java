package io.s3clean.bench;

import static io.s3clean.logging.JsonLog.fields;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.s3clean.config.Environment;
import io.s3clean.event.MalformedEventException;
import io.s3clean.event.MessageParser;
import io.s3clean.event.ObjectEvent;
import io.s3clean.logging.JsonLog;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@link NaiveTracker} as a size-tracking function, for the end-to-end baseline: deployed in place
 * of {@code SizeTrackingHandler} by the benchmark's copy of the template, it logs the same {@code
 * size_tracked} line per event so the two are measured the same way.
 */
public final class NaiveTrackingHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
  private final NaiveTracker tracker;
  private final MessageParser parser = new MessageParser();

  public record Config(String objectTable, String historyTable) {
    public static Config from(Environment env) {
      return new Config(env.require("OBJECT_TABLE"), env.require("HISTORY_TABLE"));
    }
  }

  public NaiveTrackingHandler(Config config, DynamoDbClient dynamo) {
    this.tracker = new NaiveTracker(dynamo, config.objectTable(), config.historyTable());
  }

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    JsonLog log = new JsonLog(context.getLogger()::log);
    List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
    for (SQSEvent.SQSMessage message : event.getRecords()) {
      try {
        for (ObjectEvent change : parser.parse(message.getBody()).events()) {
          long total = tracker.apply(change);
          log.info(
              "size_tracked",
              fields("bucket", change.bucket(), "key", change.key(), "total_size", total));
        }
      } catch (MalformedEventException e) {
        failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
      }
    }
    return new SQSBatchResponse(failures);
  }
}
