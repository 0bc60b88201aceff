package io.s3clean.localcloud.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.s3clean.localcloud.sqs.ReceivedMessage;
import io.s3clean.localcloud.sqs.SqsEngine;
import io.s3clean.localcloud.usage.EndpointMetering;
import io.s3clean.localcloud.usage.UsageMeter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * An SQS event source mapping: pollers that gather up to BatchSize messages within the batching
 * window, invoke the function, and delete what succeeded. With ReportBatchItemFailures only the
 * listed messages stay; a thrown error keeps the whole batch. What stays reappears after the
 * queue's visibility timeout, and the queue's redrive policy moves it to the DLQ in the end.
 *
 * <p>As on AWS, where the pollers are a fleet apart from the function's instances, receiving and
 * deleting do not hold up an invocation: each of the MaximumConcurrency slots gathers its next
 * batch while the function runs the current one, and deletes go out after the invocation returns.
 * At most one batch per slot waits ready, so no more messages are in flight than that.
 *
 * <p>The pollers call the cloud's SQS engine directly, as Lambda's pollers are SQS's neighbours: no
 * HTTP and no SDK between them, which was half of a cold burst's CPU.
 */
public final class QueueEventSource implements AutoCloseable {
  /** How long a slot's receiver or invoker waits on the other before looking whether to stop. */
  private static final Duration HAND_OFF_WAIT = Duration.ofMillis(100);

  private final SqsEngine sqs;
  private final String queueUrl;
  private final String queueArn;
  private final String region;
  private final int batchSize;
  private final Duration batchingWindow;
  private final boolean reportBatchItemFailures;
  private final HostedFunction function;
  private final BiConsumer<String, Throwable> onError;
  private final ExecutorService pollers;
  private final ExecutorService deleters;
  private final UsageMeter meter;
  private volatile boolean running = true;

  public record Settings(
      int batchSize, Duration batchingWindow, boolean reportBatchItemFailures, int concurrency) {}

  public QueueEventSource(
      SqsEngine sqs,
      String queueUrl,
      String queueArn,
      String region,
      Settings settings,
      HostedFunction function,
      BiConsumer<String, Throwable> onError) {
    this(
        sqs,
        queueUrl,
        queueArn,
        region,
        settings,
        function,
        onError,
        new UsageMeter(java.time.Clock.systemUTC()));
  }

  /**
   * @param meter counts the pollers' receives and deletes: Lambda's polling is billed as SQS
   *     requests
   */
  public QueueEventSource(
      SqsEngine sqs,
      String queueUrl,
      String queueArn,
      String region,
      Settings settings,
      HostedFunction function,
      BiConsumer<String, Throwable> onError,
      UsageMeter meter) {
    this.meter = meter;
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.queueArn = queueArn;
    this.region = region;
    this.batchSize = settings.batchSize();
    this.batchingWindow = settings.batchingWindow();
    this.reportBatchItemFailures = settings.reportBatchItemFailures();
    this.function = function;
    this.onError = onError;
    // Thread names end with the function's name: the benchmark attributes CPU time by it.
    this.pollers =
        Executors.newFixedThreadPool(
            2 * settings.concurrency(), daemons("esm-" + function.spec().name()));
    this.deleters =
        Executors.newFixedThreadPool(
            settings.concurrency(), daemons("esm-delete-" + function.spec().name()));
    for (int i = 0; i < settings.concurrency(); i++) {
      SynchronousQueue<List<ReceivedMessage>> ready = new SynchronousQueue<>();
      pollers.execute(() -> receive(ready));
      pollers.execute(() -> invoke(ready));
    }
  }

  private static ThreadFactory daemons(String name) {
    return r -> {
      Thread thread = new Thread(r, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  /** One slot's receiver: gathers batches and hands each to the slot's invoker. */
  private void receive(SynchronousQueue<List<ReceivedMessage>> ready) {
    while (running) {
      try {
        List<ReceivedMessage> batch = gather();
        // A batch not handed over before a stop comes back after the visibility timeout.
        while (!batch.isEmpty()
            && running
            && !ready.offer(batch, HAND_OFF_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
          // the invoker is still busy with the previous batch
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        reportAndPause(e);
      }
    }
  }

  /** One slot's invoker: one invocation at a time, as one concurrent execution of the function. */
  private void invoke(SynchronousQueue<List<ReceivedMessage>> ready) {
    while (running) {
      try {
        List<ReceivedMessage> batch = ready.poll(HAND_OFF_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (batch != null) {
          List<String> done = deliver(batch);
          deleters.execute(() -> delete(done));
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        reportAndPause(e);
      }
    }
  }

  private void reportAndPause(RuntimeException e) {
    if (running) {
      onError.accept("event source " + queueArn + " -> " + function.spec().name(), e);
      sleepQuietly(Duration.ofMillis(200));
    }
  }

  /** Waits for a first message, then gathers more until the batch is full or the window closes. */
  private List<ReceivedMessage> gather() {
    List<ReceivedMessage> batch = new ArrayList<>();
    long deadline = 0;
    while (running && batch.size() < batchSize) {
      int wanted = Math.min(10, batchSize - batch.size());
      int waitSeconds = batch.isEmpty() ? 1 : 0;
      List<ReceivedMessage> received =
          sqs.receive(
              queueUrl,
              new SqsEngine.Receive(wanted, null, waitSeconds, Set.of("All"), Set.of("All")));
      // an empty receive is the pollers' idle cost, apart from what each message costs
      meter.add(
          "sqs",
          received.isEmpty() ? "ReceiveMessage (empty, by Lambda)" : "ReceiveMessage (by Lambda)",
          UsageMeter.SQS_REQUESTS,
          EndpointMetering.chunks(
              received.stream().mapToLong(m -> EndpointMetering.utf8Length(m.body())).sum()),
          UsageMeter.Payer.STACK);
      if (batch.isEmpty()) {
        if (received.isEmpty()) {
          return batch;
        }
        deadline = System.nanoTime() + batchingWindow.toNanos();
      }
      batch.addAll(received);
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      if (received.isEmpty()) {
        sleepQuietly(Duration.ofNanos(Math.min(left, Duration.ofMillis(50).toNanos())));
      }
    }
    return batch;
  }

  /** Invokes the function; returns the receipt handles of what succeeded, to be deleted. */
  private List<String> deliver(List<ReceivedMessage> batch) {
    Set<String> failed;
    try {
      SQSBatchResponse response = function.invoke(toEvent(batch), SQSBatchResponse.class);
      failed = failedIds(response, batch);
    } catch (RuntimeException e) {
      return List.of(); // the whole batch becomes visible again after the visibility timeout
    }
    return batch.stream()
        .filter(m -> !failed.contains(m.messageId()))
        .map(ReceivedMessage::receiptHandle)
        .toList();
  }

  private void delete(List<String> done) {
    try {
      for (int i = 0; i < done.size(); i += 10) {
        sqs.delete(queueUrl, done.subList(i, Math.min(i + 10, done.size())));
        meter.add(
            "sqs",
            "DeleteMessageBatch (by Lambda)",
            UsageMeter.SQS_REQUESTS,
            1,
            UsageMeter.Payer.STACK);
      }
    } catch (RuntimeException e) {
      // Undeleted messages come back after the visibility timeout; applying them twice is harmless.
      if (running) {
        onError.accept(
            "event source " + queueArn + " -> " + function.spec().name() + ": delete", e);
      }
    }
  }

  /**
   * As Lambda does: without ReportBatchItemFailures any response means success; with it, an
   * identifier that is empty or not in the batch fails the whole batch.
   */
  private Set<String> failedIds(SQSBatchResponse response, List<ReceivedMessage> batch) {
    if (!reportBatchItemFailures || response == null || response.getBatchItemFailures() == null) {
      return Set.of();
    }
    Set<String> inBatch =
        batch.stream().map(ReceivedMessage::messageId).collect(Collectors.toSet());
    Set<String> failed =
        response.getBatchItemFailures().stream()
            .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
            .collect(Collectors.toSet());
    return inBatch.containsAll(failed) ? failed : inBatch;
  }

  private SQSEvent toEvent(List<ReceivedMessage> batch) {
    List<SQSEvent.SQSMessage> records = new ArrayList<>();
    for (ReceivedMessage message : batch) {
      SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
      record.setMessageId(message.messageId());
      record.setReceiptHandle(message.receiptHandle());
      record.setBody(message.body());
      record.setMd5OfBody(message.md5OfBody());
      record.setAttributes(new HashMap<>(message.attributes()));
      record.setMd5OfMessageAttributes(message.md5OfMessageAttributes());
      Map<String, SQSEvent.MessageAttribute> attributes = new HashMap<>();
      message
          .messageAttributes()
          .forEach(
              (name, value) -> {
                // as Lambda's event: camel-case names, binary values as bytes
                SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
                attribute.setDataType(value.dataType());
                if (value.isBinary()) {
                  attribute.setBinaryValue(java.nio.ByteBuffer.wrap(value.binaryValue()));
                } else {
                  attribute.setStringValue(value.stringValue());
                }
                attributes.put(name, attribute);
              });
      record.setMessageAttributes(attributes);
      record.setEventSource("aws:sqs");
      record.setEventSourceArn(queueArn);
      record.setAwsRegion(region);
      records.add(record);
    }
    SQSEvent event = new SQSEvent();
    event.setRecords(records);
    return event;
  }

  private static void sleepQuietly(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    // Running invocations finish, and so do the deletes of finished ones, so that their messages
    // do not come back on the next start.
    pollers.shutdown();
    try {
      if (!pollers.awaitTermination(5, TimeUnit.SECONDS)) {
        pollers.shutdownNow();
      }
      deleters.shutdown();
      if (!deleters.awaitTermination(5, TimeUnit.SECONDS)) {
        deleters.shutdownNow();
      }
    } catch (InterruptedException e) {
      pollers.shutdownNow();
      deleters.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
