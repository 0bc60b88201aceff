package io.s3clean.cli.command;

import io.s3clean.cli.ExitCodes;
import io.s3clean.clock.ScaledClock;
import io.s3clean.localcloud.LocalCloud;
import io.s3clean.localcloud.emulator.EmulatorConfig;
import io.s3clean.localcloud.provision.ProvisioningException;
import io.s3clean.localcloud.usage.CostEstimate;
import io.s3clean.localcloud.usage.MeteredRun;
import io.s3clean.localcloud.usage.PriceTable;
import io.s3clean.template.ShippedTemplate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The bill before deploying: the stack with the setting given runs on an embedded cloud of its own,
 * in memory, under a known workload at the event rate asked for (on the cloud's clock, so events
 * meet the batching window as on AWS; a handler's run takes wall time, so a batch may gather a
 * little more than on AWS), metered in AWS's billing units; the usage per S3 event is priced with
 * the dated price table of the region and multiplied by the rate.
 */
@Command(
    name = "cost",
    mixinStandardHelpOptions = true,
    description = {
      "Estimates the monthly bill of the stack for an S3 event rate: runs the stack with this setting on",
      "an embedded cloud of its own (in memory, nothing else is touched), meters a workload of uploads and",
      "deletes at that rate, and prices each line item with the dated price table of --region (us-east-1).",
      "The per-event cost, the stored logs and what is billed by the month whatever the rate are shown apart;",
      "the workload's own S3 requests are priced but are not the guard's. Bad input exits 252."
    })
public final class CostCommand extends BaseCommand {
  /** Faster than this the machine, not the setting, would decide how batches form. */
  static final double MAX_EVENTS_PER_SECOND = 300;

  /** Ten million a second: beyond any bucket's notifications, and where the figures stay finite. */
  static final double MAX_EVENTS_PER_DAY = 1e12;

  /** No run reaches it: the cleaner's work is no S3 event's cost. */
  private static final String THRESHOLD = "1000000000000000000";

  /** Where the prices come from, in a line; the table's file says it in full. */
  private static final String PRICE_SOURCE =
      "AWS's public pricing pages, on-demand, after the free tier";

  @Option(
      names = "--events-per-day",
      paramLabel = "N",
      defaultValue = "100000",
      description = "S3 events a day to price (default: ${DEFAULT-VALUE}).")
  double eventsPerDay;

  @Option(
      names = "--events",
      paramLabel = "N",
      defaultValue = "600",
      description = "S3 events in the metered run, 3-100000 (default: ${DEFAULT-VALUE}).")
  int events;

  @Mixin CostSettings settings = new CostSettings();

  @Override
  public Integer call() throws Exception {
    if (!(eventsPerDay > 0) || eventsPerDay > MAX_EVENTS_PER_DAY) {
      throw TemplateParameters.bad(
          "--events-per-day must be a number above 0 and at most 1e12, not "
              + format(eventsPerDay));
    }
    if (events < 3 || events > 100_000) {
      throw TemplateParameters.bad("--events must be from 3 to 100000, not " + events);
    }
    PriceTable prices = PriceTable.shipped();
    PriceTable.Region region;
    try {
      region = prices.region(global().region().orElse("us-east-1"));
    } catch (IllegalArgumentException e) {
      throw TemplateParameters.bad(e.getMessage());
    }
    TemplateParameters setting = settings.applyTo(new TemplateParameters(ShippedTemplate.parsed()));
    setting.checkRules(Map.of(), "s3clean-cost");
    double scale = global().timeScale();
    double perSecond = eventsPerDay / 86_400 * scale;
    if (perSecond > MAX_EVENTS_PER_SECOND) {
      progress(
          String.format(
              Locale.ROOT,
              "%s events a day at time scale %s is %.0f events per second here; the run"
                  + " puts %.0f: lower --time-scale to keep the rate",
              format(eventsPerDay),
              format(scale),
              perSecond,
              MAX_EVENTS_PER_SECOND));
      perSecond = MAX_EVENTS_PER_SECOND;
    }
    if (events / perSecond > MeteredRun.LONGEST.toSeconds()) {
      throw TemplateParameters.bad(
          String.format(
              Locale.ROOT,
              "%d events at %s a day take %.0f minutes at time scale"
                  + " %s; the run is kept under %d: raise --time-scale or lower --events",
              events,
              format(eventsPerDay),
              events / perSecond / 60,
              format(scale),
              MeteredRun.LONGEST.toMinutes()));
    }
    Map<String, String> parameters = new HashMap<>(setting.values());
    parameters.put("ArtifactBucket", "local-artifacts");
    parameters.put("ArtifactKey", "s3clean-lambdas.jar");
    parameters.put("ThresholdBytes", THRESHOLD);
    progress(
        String.format(
            Locale.ROOT,
            "metering %d S3 events at %.1f a second (time scale %s) on an embedded cloud"
                + " of its own",
            events,
            perSecond,
            format(scale)));
    MeteredRun.Result run;
    try (LocalCloud cloud =
        LocalCloud.start(
            new LocalCloud.Options(
                ShippedTemplate.parsed(),
                EmulatorConfig.inMemory(),
                "s3clean-cost",
                parameters,
                ScaledClock.startingNow(scale),
                e -> {},
                (what, e) -> progress("cloud: " + what + ": " + e.getMessage())))) {
      run = MeteredRun.run(cloud, events, perSecond, this::progress);
    } catch (ProvisioningException e) {
      throw TemplateParameters.bad(e.getMessage());
    }
    CostEstimate estimate =
        CostEstimate.of(run.usage(), run.standing(), eventsPerDay, region, prices.date());
    results().document(document(estimate, setting.values(), prices));
    return ExitCodes.OK;
  }

  private static Map<String, Object> document(
      CostEstimate estimate, Map<String, String> setting, PriceTable prices) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("region", estimate.region());
    document.put("prices", prices.date() + " (" + PRICE_SOURCE + ")");
    document.put("events_per_day", format(estimate.eventsPerDay()));
    document.put("metered_events", (long) estimate.meteredEvents());
    document.put(
        "setting",
        setting.isEmpty() ? "template defaults" : new java.util.TreeMap<>(setting).toString());
    document.put("requests_per_event", round(estimate.requestsPerEvent(), 3));
    document.put("dollars_per_million_events", round(estimate.dollarsPerMillionEvents(), 4));
    document.put("dollars_per_month", round(estimate.dollarsPerMonth(), 2));
    document.put("fixed_dollars_per_month", round(estimate.fixedDollarsPerMonth(), 2));
    List<Map<String, Object>> lines =
        estimate.lines().stream()
            .map(
                line -> {
                  Map<String, Object> row = new LinkedHashMap<>();
                  row.put(
                      "section", line.section().name().toLowerCase(Locale.ROOT).replace('_', '-'));
                  row.put("service", line.service());
                  row.put("item", line.item());
                  row.put("unit", line.unit());
                  boolean perEvent =
                      line.section() == CostEstimate.Section.PER_EVENT
                          || line.section() == CostEstimate.Section.WORKLOAD;
                  row.put("per_event", perEvent ? round(line.perEvent(), 4) : null);
                  row.put(
                      "usd_per_million_events",
                      perEvent ? round(line.dollarsPerMillionEvents(), 4) : null);
                  row.put("usd_per_month", round(line.dollarsPerMonth(), 2));
                  return row;
                })
            .toList();
    document.put("line_items", lines);
    return document;
  }

  private static double round(double value, int places) {
    return java.math.BigDecimal.valueOf(value)
        .setScale(places, java.math.RoundingMode.HALF_UP)
        .doubleValue();
  }

  private static String format(double value) {
    return value == Math.rint(value) && !Double.isInfinite(value)
        ? Long.toString((long) value)
        : Double.toString(value);
  }
}
