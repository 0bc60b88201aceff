package io.s3clean.localcloud.fault;

/**
 * What a {@link FaultInjector} did so far.
 *
 * @param s3Events S3 event notifications raised
 * @param duplicated of those, delivered twice
 * @param heldBack of those, held back so that later ones could overtake them
 * @param publishedOutOfOrder deliveries to SNS whose sequencer was older than one already delivered
 *     for the same key
 * @param queueInvocations invocations by an SQS event source mapping
 * @param crashedAfterWrite invocations crashed right after a ledger transaction committed
 * @param crashedAfterReturn invocations crashed after the handler returned, before the response was
 *     used
 * @param dynamoCalls DynamoDB calls functions made inside faultable invocations
 * @param throttlesRetried calls throttled on their first attempt, which the SDK retried
 * @param throttlesSurfaced calls that failed with the throttling error the SDK raises once its
 *     retries are spent
 * @param spared invocations left alone because one of their messages was on a receive past {@link
 *     FaultPlan#faultedReceives()}
 * @param transactions TransactWriteItems calls functions made in queue-triggered invocations
 *     (observed, not injected)
 * @param transactionsCancelled of those, cancelled: a condition failed because another writer got
 *     there first, another writer's transaction was on one of its items at the same moment, or an
 *     injected throttle
 * @param transactionsConflicted of the cancelled, those whose reasons name a TransactionConflict:
 *     another transaction was writing one of its items at the same moment
 */
public record FaultReport(
    long s3Events,
    long duplicated,
    long heldBack,
    long publishedOutOfOrder,
    long queueInvocations,
    long crashedAfterWrite,
    long crashedAfterReturn,
    long dynamoCalls,
    long throttlesRetried,
    long throttlesSurfaced,
    long spared,
    long transactions,
    long transactionsCancelled,
    long transactionsConflicted) {

  public long crashes() {
    return crashedAfterWrite + crashedAfterReturn;
  }
}
