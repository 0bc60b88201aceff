package io.s3clean.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.s3clean.event.QueueMessage;
import io.s3clean.logging.JsonLog;
import java.util.Collection;
import java.util.List;

/** The few conversions every handler shares between Lambda's types and the domain's. */
final class LambdaSupport {
  private LambdaSupport() {}

  static List<QueueMessage> messages(SQSEvent event) {
    return event.getRecords() == null
        ? List.of()
        : event.getRecords().stream()
            .map(m -> new QueueMessage(m.getMessageId(), m.getBody()))
            .toList();
  }

  /** Failed ids go back to the queue alone; the event source mapping deletes the rest. */
  static SQSBatchResponse batchResponse(Collection<String> failedMessageIds) {
    return new SQSBatchResponse(
        failedMessageIds.stream().map(SQSBatchResponse.BatchItemFailure::new).toList());
  }

  /**
   * Each call of the Lambda logger is one CloudWatch log event, which a metric filter reads on its
   * own.
   */
  static JsonLog log(Context context) {
    return context == null || context.getLogger() == null
        ? new JsonLog(System.out::println)
        : new JsonLog(context.getLogger()::log);
  }
}
