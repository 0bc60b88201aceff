package io.s3clean.cloudwatch.alarm;

import io.s3clean.clock.SimClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Runs alarm actions asynchronously, as an alarm invokes Lambda: the evaluation never waits for the
 * function, and a failed invocation is retried as Lambda retries asynchronous invocations, "two
 * more times, with a one-minute wait between the first two attempts, and two minutes between the
 * second and third" (Lambda developer guide, "Asynchronous invocation"), measured on the simulation
 * clock. A function's EventInvokeConfig lowers the number of retries or the event's maximum age; an
 * event Lambda gives up on goes to {@link AlarmActionTarget#discarded}, the function's on-failure
 * destination.
 */
public final class ActionDispatcher {
  private static final System.Logger LOG = System.getLogger(ActionDispatcher.class.getName());

  /** Waits before the second and the third attempt. */
  public static final List<Duration> RETRY_DELAYS =
      List.of(Duration.ofMinutes(1), Duration.ofMinutes(2));

  private final SimClock clock;
  private final AlarmActionTarget target;
  private final Executor executor;
  private final PriorityQueue<Pending> pending =
      new PriorityQueue<>(Comparator.comparing(Pending::due));
  private final List<ActionAttempt> attempts = new ArrayList<>();
  private volatile Runnable onRetryScheduled = () -> {};

  /** One action of one transition. {@code outcome} hears the success or the final failure. */
  public record Request(
      String alarmName, String functionArn, String payload, Consumer<ActionAttempt> outcome) {}

  private record Pending(Request request, int attempt, Instant received, Instant due) {}

  public ActionDispatcher(SimClock clock, AlarmActionTarget target, Executor executor) {
    this.clock = clock;
    this.target = target;
    this.executor = executor;
  }

  /** Called whenever a retry is queued, so a sleeping scheduler can wake for it. */
  public void onRetryScheduled(Runnable listener) {
    onRetryScheduled = listener;
  }

  /** Starts the first attempt now, on the executor. */
  public void dispatch(Request request) {
    Instant received = clock.instant();
    executor.execute(() -> attempt(request, 1, received));
  }

  /** When the next retry is due, if any. */
  public synchronized Optional<Instant> nextDue() {
    return Optional.ofNullable(pending.peek()).map(Pending::due);
  }

  /** Starts every retry that is due. */
  public void runDue() {
    List<Pending> due = new ArrayList<>();
    synchronized (this) {
      Instant now = clock.instant();
      while (!pending.isEmpty() && !pending.peek().due().isAfter(now)) {
        due.add(pending.poll());
      }
    }
    for (Pending p : due) {
      executor.execute(() -> attempt(p.request(), p.attempt(), p.received()));
    }
  }

  /** Every attempt so far, oldest first. */
  public synchronized List<ActionAttempt> attempts() {
    return List.copyOf(attempts);
  }

  private void attempt(Request request, int number, Instant received) {
    Instant started = clock.instant();
    String error = null;
    try {
      target.invoke(request.functionArn(), request.payload());
    } catch (Exception e) {
      error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
    ActionAttempt attempt =
        new ActionAttempt(
            request.alarmName(), request.functionArn(), number, started, clock.instant(), error);
    AsyncInvocationConfig config = target.asyncInvocation(request.functionArn());
    String discarded = null;
    Pending retry = null;
    if (!attempt.succeeded()) {
      if (number > Math.min(config.maximumRetryAttempts(), RETRY_DELAYS.size())) {
        discarded = DiscardedEvent.RETRIES_EXHAUSTED;
      } else {
        Instant due = attempt.finishedAt().plus(RETRY_DELAYS.get(number - 1));
        if (Duration.between(received, due).compareTo(config.maximumEventAge()) > 0) {
          discarded = DiscardedEvent.EVENT_AGE_EXCEEDED;
        } else {
          retry = new Pending(request, number + 1, received, due);
        }
      }
    }
    synchronized (this) {
      attempts.add(attempt);
      if (retry != null) {
        pending.add(retry);
      }
    }
    if (retry != null) {
      onRetryScheduled.run();
      return;
    }
    if (discarded != null) {
      try {
        target.discarded(
            new DiscardedEvent(
                request.functionArn(),
                request.payload(),
                discarded,
                number,
                error,
                attempt.finishedAt()));
      } catch (RuntimeException e) {
        // Lambda counts this as a DestinationDeliveryFailures datapoint; the event is lost either
        // way
        LOG.log(
            System.Logger.Level.WARNING,
            "could not deliver a discarded event of {0} to its destination: {1}",
            request.functionArn(),
            e.getMessage());
      }
    }
    request.outcome().accept(attempt);
  }
}
