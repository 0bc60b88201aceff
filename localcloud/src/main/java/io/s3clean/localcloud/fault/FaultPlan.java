package io.s3clean.localcloud.fault;

import java.time.Duration;

/**
 * Faults the embedded cloud injects into its own plumbing, for soak runs; {@link #NONE} (the
 * default) injects nothing. None of it is in the handlers or the Lambda jar: each fault is one that
 * AWS itself produces, raised where AWS would raise it.
 *
 * @param seed seeds every random choice below (thread timing still varies from run to run)
 * @param duplicateRate share of S3 event notifications S3 delivers twice (at least once, per the S3
 *     user guide)
 * @param reorderRate share of S3 event notifications held back, so that later events of the same
 *     key overtake them
 * @param maxHold the longest a held-back or duplicate copy waits (uniformly from a tenth of it up
 *     to it)
 * @param crashRate share of queue-triggered invocations that crash after their first ledger write
 *     (or, with none, after the handler returned and before the response reached the event source
 *     mapping)
 * @param throttleRate share of a function's DynamoDB calls throttled
 * @param surfacedThrottleShare of the throttled calls, the share that reaches the handler as the
 *     SDK raises it once its retries are spent; the others are throttled on their first attempt
 *     only and retried by the SDK
 * @param faultedReceives a message is faulted on at most this many of its receives: with the
 *     stack's maxReceiveCount of 3, 2 spares the last one, so that an injected fault never sends a
 *     healthy message to a dead-letter queue (the faults are transient; the claim is that they lose
 *     nothing)
 */
public record FaultPlan(
    long seed,
    double duplicateRate,
    double reorderRate,
    Duration maxHold,
    double crashRate,
    double throttleRate,
    double surfacedThrottleShare,
    int faultedReceives) {

  public static final FaultPlan NONE = new FaultPlan(0, 0, 0, Duration.ZERO, 0, 0, 0, 0);

  public FaultPlan {
    for (double rate :
        new double[] {duplicateRate, reorderRate, crashRate, throttleRate, surfacedThrottleShare}) {
      if (!(rate >= 0 && rate <= 1)) {
        throw new IllegalArgumentException("fault rates are shares between 0 and 1, not " + rate);
      }
    }
    if (maxHold.isNegative() || faultedReceives < 0) {
      throw new IllegalArgumentException("maxHold and faultedReceives must not be negative");
    }
  }

  /**
   * The soak profile of issue 8: 10% duplicates, 20% reordered, 1% crashes, 1% throttled DynamoDB
   * calls of which a fifth reach the handler, holding copies back up to 300 ms.
   */
  public static FaultPlan soak(long seed) {
    return new FaultPlan(seed, 0.10, 0.20, Duration.ofMillis(300), 0.01, 0.01, 0.2, 2);
  }

  public boolean injectsAnything() {
    return duplicateRate > 0 || reorderRate > 0 || crashRate > 0 || throttleRate > 0;
  }
}
