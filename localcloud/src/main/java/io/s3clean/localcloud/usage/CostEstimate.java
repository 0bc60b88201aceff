package io.s3clean.localcloud.usage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A monthly bill estimated from a metered run: what the stack's parts used per S3 event, priced and
 * multiplied by an event rate; the logs the retention keeps; and apart from them what the stack
 * costs by the month whatever the rate (pollers' empty receives, alarms, custom metrics). The
 * workload's own requests (its uploads) are priced too, but are not the guard's cost.
 *
 * @param lines every line item, per-event ones first
 */
public record CostEstimate(
    String region, String priceDate, double eventsPerDay, double meteredEvents, List<Line> lines) {
  /** AWS prices a month as 730 hours. */
  public static final double DAYS_PER_MONTH = 730 / 24.0;

  /**
   * Lambda's pollers of an idle standard queue: five long polls of 20 s at a time, the most it
   * keeps at low traffic (Lambda developer guide, "Scaling and processing" of SQS event sources; it
   * may drop to two). Empty receives of the embedded cloud's own pollers follow its clock, not
   * AWS's, so the idle cost is this model's, not the meter's.
   */
  static final int IDLE_POLLERS = 5;

  static final double IDLE_RECEIVES_PER_POLLER_PER_MONTH = 3.0 * 60 * 730;
  private static final double GB = 1024.0 * 1024 * 1024;

  public enum Section {
    /** Grows with the events: the guard's cost per S3 event. */
    PER_EVENT,
    /**
     * Stored logs: a monthly charge that settles at what the retention keeps of the rate's lines.
     */
    STORED,
    /**
     * Billed by the month whatever the rate: the idle pollers, the alarm, the custom metrics (which
     * CloudWatch prorates by the hours they get data; a stack with events sends every hour).
     */
    MONTHLY,
    /** The workload's own requests: what uploading and deleting cost without the guard. */
    WORKLOAD
  }

  /** One line item; {@code perEvent} in the line's unit, 0 for monthly lines. */
  public record Line(
      Section section,
      String service,
      String item,
      String unit,
      double perEvent,
      double dollarsPerMillionEvents,
      double dollarsPerMonth) {}

  /**
   * What the stack holds that is billed by the month.
   *
   * @param queuePollers event source mappings on SQS queues (each with Lambda's pollers)
   * @param logRetentionDays the functions' log retention; 0 for never expiring
   */
  public record Standing(
      int queuePollers,
      int standardAlarms,
      int highResolutionAlarms,
      int customMetrics,
      int logRetentionDays) {}

  /**
   * @param usage the metered run, from a reset before its first event to after its last was handled
   * @throws IllegalArgumentException if the run saw no S3 event
   */
  public static CostEstimate of(
      Usage usage,
      Standing standing,
      double eventsPerDay,
      PriceTable.Region prices,
      String priceDate) {
    double events = usage.s3Events();
    if (events <= 0) {
      throw new IllegalArgumentException(
          "the metered run saw no S3 event: nothing to divide its usage by");
    }
    double eventsPerMonth = eventsPerDay * DAYS_PER_MONTH;
    List<Line> lines = new ArrayList<>();
    double logBytesPerEvent = 0;
    for (Usage.Line line : usage.lines()) {
      if (line.unit().equals(UsageMeter.EVENTS)
          || line.item().startsWith("ReceiveMessage (empty")) {
        continue;
      }
      Optional<PriceTable.Price> price = prices.priceOf(line.service(), line.item(), line.unit());
      if (price.isEmpty()) {
        continue; // API requests AWS does not bill
      }
      double perEvent = line.quantity() / events;
      if (line.service().equals("logs")) {
        logBytesPerEvent += perEvent;
      }
      Section section =
          line.payer() == UsageMeter.Payer.STACK ? Section.PER_EVENT : Section.WORKLOAD;
      lines.add(
          new Line(
              section,
              line.service(),
              line.item(),
              line.unit(),
              perEvent,
              price.get().of(perEvent * 1_000_000),
              price.get().of(perEvent * eventsPerMonth)));
    }
    PriceTable.Price sqs =
        prices
            .priceOf("sqs", "", UsageMeter.SQS_REQUESTS)
            .orElseThrow(
                () -> new IllegalStateException("the price table has no SQS request price"));
    double idleReceives =
        standing.queuePollers() * IDLE_POLLERS * IDLE_RECEIVES_PER_POLLER_PER_MONTH;
    lines.add(
        monthly(
            "sqs",
            "ReceiveMessage (empty, by Lambda's " + IDLE_POLLERS + " pollers per queue)",
            UsageMeter.SQS_REQUESTS,
            sqs.of(idleReceives)));
    lines.add(
        monthly(
            "monitoring",
            standing.standardAlarms() + " standard-resolution alarm(s)",
            "alarm metrics",
            standing.standardAlarms() * prices.monthly("standard-resolution alarm metric")));
    lines.add(
        monthly(
            "monitoring",
            standing.highResolutionAlarms() + " high-resolution alarm(s)",
            "alarm metrics",
            standing.highResolutionAlarms() * prices.monthly("high-resolution alarm metric")));
    lines.add(
        monthly(
            "monitoring",
            standing.customMetrics() + " custom metric(s)",
            "metrics",
            standing.customMetrics() * prices.monthly("custom metric")));
    // stored logs settle at what the retention keeps; a group that never expires grows: a year of
    // it
    int keptDays = standing.logRetentionDays() > 0 ? standing.logRetentionDays() : 365;
    double storedGb = logBytesPerEvent * eventsPerDay * keptDays / GB;
    lines.add(
        new Line(
            Section.STORED,
            "logs",
            "log storage ("
                + (standing.logRetentionDays() > 0
                    ? standing.logRetentionDays() + " days kept"
                    : "never expires: after a year")
                + ", uncompressed)",
            "GB-months",
            0,
            0,
            storedGb * prices.monthly("log storage per GB")));
    lines.removeIf(
        line ->
            line.section() != Section.PER_EVENT
                && line.section() != Section.WORKLOAD
                && line.dollarsPerMonth() == 0);
    lines.sort(java.util.Comparator.comparing(Line::section));
    return new CostEstimate(prices.name(), priceDate, eventsPerDay, events, lines);
  }

  private static Line monthly(String service, String item, String unit, double dollars) {
    return new Line(Section.MONTHLY, service, item, unit, 0, 0, dollars);
  }

  /** The guard's dollars per million S3 events. */
  public double dollarsPerMillionEvents() {
    return sum(Section.PER_EVENT, Line::dollarsPerMillionEvents);
  }

  /** The guard's monthly bill at the event rate: per-event, stored and monthly lines. */
  public double dollarsPerMonth() {
    return sum(Section.PER_EVENT, Line::dollarsPerMonth)
        + sum(Section.STORED, Line::dollarsPerMonth)
        + sum(Section.MONTHLY, Line::dollarsPerMonth);
  }

  /** What the stack costs by the month whatever the rate (pollers, alarm, custom metrics). */
  public double fixedDollarsPerMonth() {
    return sum(Section.MONTHLY, Line::dollarsPerMonth);
  }

  /**
   * The guard's billed requests per S3 event (every unit that is a request, invocation or publish).
   */
  public double requestsPerEvent() {
    return lines.stream()
        .filter(line -> line.section() == Section.PER_EVENT)
        .filter(
            line ->
                line.unit().startsWith("requests")
                    || line.unit().startsWith("publishes")
                    || line.unit().equals(UsageMeter.INVOCATIONS)
                    || line.unit().endsWith("request units"))
        .mapToDouble(Line::perEvent)
        .sum();
  }

  private double sum(Section section, java.util.function.ToDoubleFunction<Line> value) {
    return lines.stream().filter(line -> line.section() == section).mapToDouble(value).sum();
  }
}
