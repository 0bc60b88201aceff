package io.s3clean.cli.command;

import io.s3clean.cli.CliException;
import io.s3clean.cli.FailureHandler;
import io.s3clean.cli.output.Results;
import io.s3clean.cli.output.Results.Style;
import io.s3clean.cli.target.StackTarget;
import io.s3clean.cli.target.StackTarget.AlarmStatus;
import io.s3clean.cli.target.StackTarget.StackInfo;
import io.s3clean.ledger.BucketState;
import io.s3clean.ledger.dynamodb.DynamoLedgerReader;
import io.s3clean.reconcile.BucketListing;
import io.s3clean.reconcile.TrackedKeys;
import io.s3clean.reconcile.UnfinishedUploads;
import io.s3clean.template.StackOutputs.Output;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The stack at a glance: its status and outputs, the bucket's total as the ledger keeps it and as
 * the bucket lists it (marked when they differ), the alarm, and the depth of every queue.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Stack status, ledger total vs bucket listing, alarm state, queue depths.")
public final class StatusCommand extends BaseCommand {
  /** The queues the stack outputs, by the name people know them by. */
  private static final Map<String, Output> QUEUES = queues();

  private static Map<String, Output> queues() {
    Map<String, Output> queues = new LinkedHashMap<>();
    queues.put("tracking", Output.TRACKING_QUEUE);
    queues.put("tracking-dlq", Output.TRACKING_DLQ);
    queues.put("logging", Output.LOGGING_QUEUE);
    queues.put("logging-dlq", Output.LOGGING_DLQ);
    // the records of alarm actions Lambda gave up on: each one a cleanup that failed every attempt
    queues.put("cleaner-failures", Output.CLEANER_FAILURE_QUEUE);
    return queues;
  }

  @Override
  public Integer call() {
    try (StackTarget target = openTarget()) {
      StackInfo stack = requireStack(target);
      String bucket = stack.typed().watchedBucket();
      TrackedKeys tracked = TrackedKeys.of(stack.parameters());
      String objectTable = stack.typed().objectTable();
      // Four services, five questions, all asked at once: each answer (and each client's first use)
      // waits on its own.
      ExecutorService pool = Executors.newFixedThreadPool(5);
      try {
        CompletableFuture<BucketState> ledgerAnswer =
            CompletableFuture.supplyAsync(
                () -> new DynamoLedgerReader(target.dynamoDb(), objectTable).state(bucket), pool);
        CompletableFuture<BucketListing> listingAnswer =
            CompletableFuture.supplyAsync(
                () -> BucketListing.of(target.s3(), bucket, tracked), pool);
        CompletableFuture<Map<String, Object>> alarmAnswer =
            CompletableFuture.supplyAsync(() -> alarm(target, stack), pool);
        CompletableFuture<List<Map<String, Object>>> queueAnswer =
            CompletableFuture.supplyAsync(() -> queueDepths(target, stack), pool);
        CompletableFuture<UnfinishedUploads> uploadsAnswer =
            CompletableFuture.supplyAsync(
                () -> UnfinishedUploads.of(target.s3(), bucket, tracked), pool);
        print(
            stack,
            target,
            bucket,
            tracked,
            answer(ledgerAnswer),
            answer(listingAnswer),
            answer(alarmAnswer),
            answer(queueAnswer),
            answer(uploadsAnswer));
      } finally {
        pool.shutdownNow();
      }
    }
    return 0;
  }

  /**
   * The value, or what went wrong as it was thrown: a CliException or SdkException keeps its one
   * line.
   */
  private static <T> T answer(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  private void print(
      StackInfo stack,
      StackTarget target,
      String bucket,
      TrackedKeys tracked,
      BucketState ledger,
      BucketListing listing,
      Map<String, Object> alarm,
      List<Map<String, Object>> queues,
      UnfinishedUploads uploads) {
    boolean match =
        ledger.totalSize() == listing.totalSize() && ledger.objectCount() == listing.objectCount();

    Map<String, Object> status = new LinkedHashMap<>();
    status.put("stack", stack.name());
    status.put("target", target.name());
    status.put("status", Results.styled(stack.status(), statusStyle(stack.status())));
    status.put("watched_bucket", bucket);
    if (!tracked.describe().isEmpty()) {
      status.put("tracked", tracked.describe());
    }
    status.put("ledger_total", ledger.totalSize());
    status.put("ledger_objects", ledger.objectCount());
    status.put("bucket_total", listing.totalSize());
    status.put("bucket_objects", listing.objectCount());
    if (uploads.uploads() > 0) {
      // billed, never in the ledger: S3 raises no event for parts
      status.put(
          "unfinished_uploads",
          new LinkedHashMap<>(Map.of("uploads", uploads.uploads(), "bytes", uploads.bytes())));
    }
    status.put(
        "ledger_vs_bucket",
        match ? Results.styled("match", Style.GOOD) : Results.styled("MISMATCH", Style.BAD));
    status.put("alarm", alarm);
    status.put("queues", queues);
    status.put("outputs", new TreeMap<String, Object>(stack.outputs()));
    results().document(status);
    if (!uploads.describe().isEmpty()) {
      progress(uploads.describe() + ".");
    }
    if (!match) {
      progress(
          "The ledger and the bucket disagree; `s3clean reconcile` lists the differences"
              + " (events still on their way also cause this for a few seconds).");
    }
  }

  private static Style statusStyle(String status) {
    if (status.endsWith("_IN_PROGRESS")) {
      return Style.WARNING;
    }
    return status.endsWith("_COMPLETE") && !status.contains("ROLLBACK") ? Style.GOOD : Style.BAD;
  }

  private static Map<String, Object> alarm(StackTarget target, StackInfo stack) {
    Map<String, Object> alarm = new LinkedHashMap<>();
    String name = stack.outputs().get(Output.ALARM.key());
    if (name == null) {
      alarm.put("state", Results.styled("unknown", Style.WARNING));
      alarm.put("problem", "the stack has no AlarmName output");
      return alarm;
    }
    alarm.put("name", name);
    try {
      AlarmStatus status = target.alarm(name);
      alarm.put(
          "state",
          Results.styled(
              status.state(),
              switch (status.state()) {
                case "OK" -> Style.GOOD;
                case "ALARM" -> Style.BAD;
                default -> Style.WARNING;
              }));
      alarm.put("latest_value", status.latestValue());
      alarm.put("threshold", status.threshold());
      alarm.put("period_seconds", status.periodSeconds());
      alarm.put("since", status.updated());
      alarm.put("reason", status.reason());
    } catch (CliException e) {
      alarm.put("state", Results.styled("unknown", Style.WARNING));
      alarm.put("problem", e.getMessage());
    } catch (SdkException e) {
      // The rest of the status is still worth showing when CloudWatch cannot be read.
      alarm.put("state", Results.styled("unknown", Style.WARNING));
      alarm.put("problem", FailureHandler.oneLine(e));
    }
    return alarm;
  }

  private static List<Map<String, Object>> queueDepths(StackTarget target, StackInfo stack) {
    List<Map<String, Object>> depths = new ArrayList<>();
    QUEUES.forEach(
        (name, output) -> {
          String url = stack.outputs().get(output.key());
          if (url == null) {
            return;
          }
          Map<QueueAttributeName, String> attributes =
              target
                  .sqs()
                  .getQueueAttributes(
                      r ->
                          r.queueUrl(url)
                              .attributeNames(
                                  QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                  QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                  .attributes();
          long visible =
              Long.parseLong(
                  attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0"));
          long inFlight =
              Long.parseLong(
                  attributes.getOrDefault(
                      QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0"));
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("queue", name);
          // Anything waiting in a dead-letter queue is an event the ledger has not applied;
          // anything in
          // the cleaner's failure queue, a cleanup that failed every attempt.
          boolean failures = name.endsWith("-dlq") || name.equals("cleaner-failures");
          row.put(
              "visible", failures && visible > 0 ? Results.styled(visible, Style.BAD) : visible);
          row.put("in_flight", inFlight);
          depths.add(row);
        });
    return depths;
  }
}
