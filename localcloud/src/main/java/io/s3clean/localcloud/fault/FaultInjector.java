package io.s3clean.localcloud.fault;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.s3clean.event.MalformedEventException;
import io.s3clean.event.Sequencer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Carries out a {@link FaultPlan} at the embedded cloud's injection points: S3 notification
 * delivery ({@link #s3Deliveries}, {@link #published}), queue-triggered function invocations
 * ({@link #aroundInvocation}) and the functions' DynamoDB clients ({@link #dynamoDbInterceptor},
 * {@link #throttling}). Thread-safe; {@link #report()} counts what it did, and how often the
 * functions' transactions were cancelled (by a concurrent writer, or by an injected throttle).
 *
 * <p>Function faults only happen inside an invocation by an SQS event source mapping, on the
 * invoking thread (the SDK's synchronous clients make their calls on it), so the alarm action, the
 * HTTP API and the cloud's own clients are never faulted.
 */
public final class FaultInjector {
  public static final FaultInjector NONE = new FaultInjector(FaultPlan.NONE);

  private static final ThreadLocal<Invocation> CURRENT = new ThreadLocal<>();

  private final FaultPlan plan;
  private final Random random;
  private final Map<String, Sequencer> newestPublished = new ConcurrentHashMap<>();
  private final LongAdder s3Events = new LongAdder();
  private final LongAdder duplicated = new LongAdder();
  private final LongAdder heldBack = new LongAdder();
  private final LongAdder outOfOrder = new LongAdder();
  private final LongAdder queueInvocations = new LongAdder();
  private final LongAdder crashedAfterWrite = new LongAdder();
  private final LongAdder crashedAfterReturn = new LongAdder();
  private final LongAdder dynamoCalls = new LongAdder();
  private final LongAdder throttlesRetried = new LongAdder();
  private final LongAdder throttlesSurfaced = new LongAdder();
  private final LongAdder spared = new LongAdder();
  private final LongAdder transactions = new LongAdder();
  private final LongAdder transactionsCancelled = new LongAdder();
  private final LongAdder transactionsConflicted = new LongAdder();

  public FaultInjector(FaultPlan plan) {
    this.plan = plan;
    this.random = new Random(plan.seed());
  }

  // ---------------------------------------------------------------- S3 event notifications

  /**
   * When each copy of one S3 event notification is to be handed to its topic, from now: one
   * immediate copy normally; a held-back copy for a reordered event; a second, later copy for a
   * duplicate.
   */
  public List<Duration> s3Deliveries() {
    s3Events.increment();
    if (!plan.injectsAnything()) {
      return List.of(Duration.ZERO);
    }
    List<Duration> copies = new ArrayList<>(2);
    if (chance(plan.reorderRate())) {
      heldBack.increment();
      copies.add(holdTime());
    } else {
      copies.add(Duration.ZERO);
    }
    if (chance(plan.duplicateRate())) {
      duplicated.increment();
      copies.add(holdTime());
    }
    return copies;
  }

  /**
   * Notes that an event of {@code key} was handed to SNS, to count deliveries that arrive after a
   * newer one.
   */
  public void published(String bucket, String key, String sequencer) {
    if (!plan.injectsAnything()) {
      return;
    }
    Sequencer published;
    try {
      published = Sequencer.parse(sequencer);
    } catch (MalformedEventException e) {
      return;
    }
    newestPublished.compute(
        bucket + "\n" + key,
        (k, newest) -> {
          if (newest != null && newest.isNewerThan(published)) {
            outOfOrder.increment();
            return newest;
          }
          return published;
        });
  }

  private Duration holdTime() {
    long max = Math.max(1, plan.maxHold().toMillis());
    return Duration.ofMillis(max / 10 + (long) (random.nextDouble() * (max - max / 10)));
  }

  // ---------------------------------------------------------------- function invocations

  /**
   * Runs one invocation of a function. For a batch from an SQS event source mapping it may crash
   * it: right after its first ledger transaction commits (see {@link #dynamoDbInterceptor}), or, if
   * it never writes, after the handler returned. Either way the batch comes back whole although
   * part of it, or all of it, is already recorded: redelivery must find those events already
   * applied.
   */
  public <O> O aroundInvocation(Object event, Supplier<O> invocation) {
    if (!(event instanceof SQSEvent batch)) {
      return invocation.get();
    }
    // Without faults to inject the invocation is still observed: its ledger transactions are
    // counted.
    boolean injecting = plan.injectsAnything();
    boolean faultable = injecting && maxReceiveCount(batch) <= plan.faultedReceives();
    if (injecting) {
      queueInvocations.increment();
      if (!faultable) {
        spared.increment();
      }
    }
    Invocation current = new Invocation(faultable, faultable && chance(plan.crashRate()));
    CURRENT.set(current);
    try {
      O result = invocation.get();
      if (current.crash && !current.crashed) {
        crashedAfterReturn.increment();
        throw new InjectedCrash("after the handler returned, before its response was used");
      }
      return result;
    } finally {
      CURRENT.remove();
    }
  }

  private static int maxReceiveCount(SQSEvent batch) {
    int max = 0;
    for (SQSEvent.SQSMessage message : batch.getRecords()) {
      String count =
          message.getAttributes() == null
              ? null
              : message.getAttributes().get("ApproximateReceiveCount");
      max = Math.max(max, count == null ? 1 : Integer.parseInt(count));
    }
    return max;
  }

  /** Per invocation: whether faults may hit it, and whether it is to crash. */
  private static final class Invocation {
    final boolean faultable;
    final boolean crash;
    boolean crashed;

    Invocation(boolean faultable, boolean crash) {
      this.faultable = faultable;
      this.crash = crash;
    }
  }

  private static Invocation faultableInvocation() {
    Invocation current = CURRENT.get();
    return current != null && current.faultable ? current : null;
  }

  // ---------------------------------------------------------------- DynamoDB

  /**
   * For a function's DynamoDB client: raises the throttling error the SDK raises once its retries
   * are spent (without spending them: with DynamoDB's defaults of 9 attempts and throttling backoff
   * from 0.5 s doubling to 20 s, that takes about 50 s), and carries out planned crashes once a
   * transaction has committed.
   */
  public ExecutionInterceptor dynamoDbInterceptor() {
    return new ExecutionInterceptor() {
      @Override
      public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (faultableInvocation() == null) {
          return;
        }
        dynamoCalls.increment();
        if (chance(plan.throttleRate() * plan.surfacedThrottleShare())) {
          throttlesSurfaced.increment();
          throw ProvisionedThroughputExceededException.builder()
              .statusCode(400)
              .message(ThrottlingHttpClient.THROTTLED_MESSAGE + " (SDK Attempt Count: 9)")
              .awsErrorDetails(
                  AwsErrorDetails.builder()
                      .serviceName("DynamoDb")
                      .errorCode("ProvisionedThroughputExceededException")
                      .errorMessage(ThrottlingHttpClient.THROTTLED_MESSAGE)
                      .build())
              .build();
        }
      }

      @Override
      public void onExecutionFailure(
          Context.FailedExecution context, ExecutionAttributes attributes) {
        if (CURRENT.get() != null && context.request() instanceof TransactWriteItemsRequest) {
          transactions.increment();
          if (context.exception() instanceof TransactionCanceledException cancelled) {
            transactionsCancelled.increment();
            if (cancelled.hasCancellationReasons()
                && cancelled.cancellationReasons().stream()
                    .anyMatch(reason -> "TransactionConflict".equals(reason.code()))) {
              transactionsConflicted.increment();
            }
          }
        }
      }

      @Override
      public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (CURRENT.get() != null && context.request() instanceof TransactWriteItemsRequest) {
          transactions.increment();
        }
        Invocation current = faultableInvocation();
        if (current != null
            && current.crash
            && !current.crashed
            && context.request() instanceof TransactWriteItemsRequest) {
          current.crashed = true;
          crashedAfterWrite.increment();
          throw new InjectedCrash("after its first ledger write");
        }
      }
    };
  }

  /**
   * For a function's DynamoDB client: answers some first attempts with DynamoDB's throttling error
   * instead of sending them, which the SDK then retries as it would on AWS.
   */
  public SdkHttpClient throttling(SdkHttpClient delegate) {
    if (plan.throttleRate() == 0 || plan.surfacedThrottleShare() == 1) {
      return delegate;
    }
    return new ThrottlingHttpClient(
        delegate,
        () -> {
          if (faultableInvocation() != null
              && chance(plan.throttleRate() * (1 - plan.surfacedThrottleShare()))) {
            throttlesRetried.increment();
            return true;
          }
          return false;
        },
        random);
  }

  // ---------------------------------------------------------------- reporting

  public FaultReport report() {
    return new FaultReport(
        s3Events.sum(),
        duplicated.sum(),
        heldBack.sum(),
        outOfOrder.sum(),
        queueInvocations.sum(),
        crashedAfterWrite.sum(),
        crashedAfterReturn.sum(),
        dynamoCalls.sum(),
        throttlesRetried.sum(),
        throttlesSurfaced.sum(),
        spared.sum(),
        transactions.sum(),
        transactionsCancelled.sum(),
        transactionsConflicted.sum());
  }

  private boolean chance(double rate) {
    return rate > 0 && random.nextDouble() < rate;
  }
}
