package io.s3clean.localcloud.usage;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * What the embedded cloud has served since it started or was last reset, counted in the units AWS
 * bills: every request at the endpoint, and what AWS's own parts do for the stack without an API
 * call of the customer's (S3 publishing its events to SNS, SNS delivering to SQS, Lambda's pollers
 * receiving and deleting, invocations and their GB-seconds as the REPORT lines say, log bytes
 * ingested). Each count says who caused it: the stack's own parts, or the clients outside it (an
 * upload of the workload is the workload's cost, not the guard's).
 */
public final class UsageMeter {
  /** Who a count is charged to in the cost model. */
  public enum Payer {
    /** The stack's functions and the AWS services working for it. */
    STACK,
    /** Requests from outside the stack: the AWS CLI, the s3clean command, a workload's uploads. */
    CLIENTS;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Units, named once: the price table prices a (service, unit) pair. */
  public static final String REQUESTS = "requests";

  public static final String API_REQUESTS = "API requests";
  public static final String SQS_REQUESTS = "requests (64 KB chunks)";
  public static final String SNS_PUBLISHES = "publishes (64 KB chunks)";
  public static final String SNS_DELIVERIES = "deliveries";
  public static final String READ_UNITS = "read request units";
  public static final String WRITE_UNITS = "write request units";
  public static final String INVOCATIONS = "invocations";
  public static final String GB_SECONDS = "GB-seconds";
  public static final String BYTES_INGESTED = "bytes ingested";
  public static final String HTTP_API_REQUESTS = "requests (512 KB increments)";
  public static final String EVENTS = "events";

  /** S3's request classes, as its pricing page groups them. */
  public static final String S3_WRITE_CLASS = "PUT, COPY, POST, LIST requests";

  public static final String S3_READ_CLASS = "GET and all other requests";
  public static final String S3_DELETE = "DELETE requests";

  /** The item that counts S3 events: what usage per event is divided by. */
  public static final String S3_EVENTS = "event notifications";

  private record Key(String service, String item, String unit, Payer payer) {}

  private final Clock clock;
  private final Map<Key, DoubleAdder> totals = new ConcurrentHashMap<>();

  /**
   * Counting holds it shared, a reset exclusively: no count falls between a snapshot and its reset.
   */
  private final java.util.concurrent.locks.ReadWriteLock resetting =
      new java.util.concurrent.locks.ReentrantReadWriteLock();

  private volatile Instant since;

  /**
   * @param clock the cloud's clock: usage over an idle period is measured in the cloud's time
   */
  public UsageMeter(Clock clock) {
    this.clock = clock;
    this.since = clock.instant();
  }

  public void add(String service, String item, String unit, double quantity, Payer payer) {
    if (quantity != 0) {
      resetting.readLock().lock();
      try {
        totals
            .computeIfAbsent(new Key(service, item, unit, payer), k -> new DoubleAdder())
            .add(quantity);
      } finally {
        resetting.readLock().unlock();
      }
    }
  }

  /** Everything counted since the start or the last {@link #reset}. */
  public Usage snapshot() {
    List<Usage.Line> lines = new ArrayList<>();
    totals.forEach(
        (key, total) ->
            lines.add(
                new Usage.Line(key.service(), key.item(), key.unit(), key.payer(), total.sum())));
    lines.removeIf(line -> line.quantity() == 0);
    lines.sort(
        Comparator.comparing(Usage.Line::service)
            .thenComparing(Usage.Line::payer)
            .thenComparing(Usage.Line::item)
            .thenComparing(Usage.Line::unit));
    return new Usage(since, clock.instant(), lines);
  }

  /** Starts counting again from zero, now. */
  public void reset() {
    snapshotAndReset();
  }

  /**
   * Everything counted until now, and counting again from zero: each count is in one or the other.
   */
  public Usage snapshotAndReset() {
    resetting.writeLock().lock();
    try {
      Usage usage = snapshot();
      totals.clear();
      since = usage.until();
      return usage;
    } finally {
      resetting.writeLock().unlock();
    }
  }
}
