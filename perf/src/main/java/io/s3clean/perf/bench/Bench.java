package io.s3clean.perf.bench;

import io.s3clean.bench.TrackingBench;
import io.s3clean.ledger.dynamodb.DynamoLedgerReader;
import io.s3clean.localcloud.fault.FaultReport;
import io.s3clean.perf.cli.Arguments;
import io.s3clean.testing.LocalDynamo;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code scripts/bench [events per round] [rounds]}: every benchmark of issue 8 in one run, printed
 * as one table. Each figure is the median of several runs; a figure with a baseline carries its
 * ratio measured in the same run. Progress goes to stderr, the table to stdout, and the throughput
 * chart to docs/performance-throughput.png.
 */
public final class Bench {
  private static final Path CHART = Path.of("docs", "performance-throughput.png");

  private final int events;
  private final int rounds;
  private final Duration warmUp;
  private final PrintStream progress = System.err;
  private final List<Row> rows = new ArrayList<>();
  private final long started = System.nanoTime();

  /** One line of the table: a figure, and what it compares with. */
  record Row(String what, String figure, String comparison) {}

  private Bench(int events, int rounds, Duration warmUp) {
    this.events = events;
    this.rounds = rounds;
    this.warmUp = warmUp;
  }

  public static void main(String[] args) throws Exception {
    Arguments.run(args, Bench::bench);
  }

  private static void bench(String[] args) throws Exception {
    Arguments arguments = new Arguments("bench", "[events per burst] [runs]", args);
    int events = (int) arguments.number(0, "events per burst", 100, 1_000_000, 5_000);
    int rounds = (int) arguments.number(1, "runs", 1, 100, 5);
    Duration warmUp = Duration.ofSeconds(Long.getLong("bench.warmUpSeconds", 60));
    new Bench(events, rounds, warmUp).run();
    System.exit(0);
  }

  private void run() throws Exception {
    String machine = machine();
    step("machine: %s", machine);
    if ("fresh-jvms".equals(System.getProperty("bench.only"))) {
      // the CLI, the background cloud and the cold starts alone (a few minutes), for a quick look
      coldRuns();
      print(System.out, machine);
      return;
    }
    if ("invocations".equals(System.getProperty("bench.only"))) {
      // each function's first and warm invocation through the endpoint, in fresh JVMs (a minute)
      section("fresh JVMs");
      invocations(new ColdRuns(Path.of("").toAbsolutePath()));
      print(System.out, machine);
      return;
    }
    if ("cost".equals(System.getProperty("bench.only"))) {
      // what each setting costs and how fast it goes alone (a few minutes)
      cost();
      print(System.out, machine);
      return;
    }
    if ("backfill".equals(System.getProperty("bench.only"))) {
      // adopting a full bucket alone: 10,000 objects adopted and backfilled while 1,000 live
      // changes go on
      backfill();
      print(System.out, machine);
      return;
    }
    if ("end-to-end".equals(System.getProperty("bench.only"))) {
      // the pipelines' events/s and CPU by component alone, to compare two builds in one session
      endToEnd(DynamoCeiling.measure(rounds, 3));
      print(System.out, machine);
      return;
    }

    List<TrackingBench.Result> trackingPath;
    try (LocalDynamo dynamo = LocalDynamo.start()) {
      dynamo.createTables("objects", "history");
      trackingPath = TrackingBench.measure(dynamo.client(), 1_000, rounds);
    }
    step(
        "tracking path alone: %s",
        trackingPath.stream()
            .map(r -> String.format(Locale.ROOT, "%.0f", r.eventsPerSecond()))
            .collect(Collectors.joining(", ")));
    section(
        "tracking path alone: parse SNS/S3 bodies and apply to the ledger on the DynamoDB engine, one thread, "
            + "no S3 or SQS (TrackingBench, 1,000 events per run)");
    for (TrackingBench.Result result : trackingPath) {
      add(
          result.name(),
          String.format(Locale.ROOT, "%,.0f events/s", result.eventsPerSecond()),
          result == trackingPath.get(0)
              ? "baseline"
              : String.format(Locale.ROOT, "%.1fx naive", result.vsNaive()));
    }

    // After the tracking path, so that the SDK code both use is equally warm.
    DynamoCeiling.Result ceiling = DynamoCeiling.measure(rounds, 3);
    step(
        "DynamoDB engine: %,.0f items/s (PutItem, 4 threads), %,.0f items/s (99-put transactions, %d threads)",
        ceiling.putItemsPerSecond(),
        ceiling.transactionItemsPerSecond(),
        ceiling.transactionThreads());

    Map<String, Map<String, Double>> series = endToEnd(ceiling);
    remediation();
    backfill();
    cost();
    coldRuns();

    section("size");
    Path jar = lambdaJar();
    add(
        "lambdas jar (shaded, all four handlers)",
        String.format(Locale.ROOT, "%.1f MB (%,d bytes)", Files.size(jar) / 1e6, Files.size(jar)),
        "limit 20 MB (enforced by the build)");

    series.put(
        "tracking path alone: parse + ledger on the DynamoDB engine, no S3 or SQS",
        ThroughputChart.cases(
            trackingPath.get(0).eventsPerSecond(),
            trackingPath.get(2).eventsPerSecond(),
            trackingPath.get(3).eventsPerSecond()));
    ThroughputChart.write(
        CHART,
        series,
        ceiling.eventsPerSecond(),
        String.format(Locale.ROOT, "median of %d runs; %s", rounds, machine));
    step("chart written to %s", CHART);

    print(System.out, machine);
  }

  // ---------------------------------------------------------------- end to end and lag

  /**
   * The share of the ledger's transactions cancelled and replanned, and of those the engine's
   * TransactionConflicts.
   */
  private static String cancelled(long[] counts) {
    if (counts[0] == 0) {
      return "";
    }
    return String.format(
        Locale.ROOT,
        "; %.1f%% of %,d ledger transactions cancelled (%.1f%% by TransactionConflict)",
        100.0 * counts[1] / counts[0],
        counts[0],
        100.0 * counts[2] / counts[0]);
  }

  /**
   * @return the chart's end-to-end series
   */
  private Map<String, Map<String, Double>> endToEnd(DynamoCeiling.Result ceiling) throws Exception {
    // The template's TrackingConcurrency first; 1 and 4 consumers show what the state item's
    // contention costs.
    int defaults = BenchCloud.Setup.templateConsumers();
    List<BenchCloud.Setup> setups =
        List.of(
            new BenchCloud.Setup(
                "naive tracker, 1 event at a time (batch 10)", 10, defaults, true, false),
            BenchCloud.Setup.tracking("s3clean, SQS batch 10", 10, defaults),
            BenchCloud.Setup.tracking("s3clean, SQS batch 100", 100, defaults),
            BenchCloud.Setup.tracking("s3clean, SQS batch 10, 1 consumer (one writer)", 10, 1),
            BenchCloud.Setup.tracking("s3clean, SQS batch 100, 1 consumer (one writer)", 100, 1),
            BenchCloud.Setup.tracking("s3clean, SQS batch 10, 4 consumers", 10, 4),
            BenchCloud.Setup.tracking("s3clean, SQS batch 100, 4 consumers", 100, 4),
            new BenchCloud.Setup(
                "s3clean, batch 10, with the event-logging consumer", 10, defaults, false, true),
            BenchCloud.Setup.deployed(
                "s3clean, SQS batch 10, the Lambda jar in AWS's Java runtime", 10, defaults),
            BenchCloud.Setup.deployed(
                "s3clean, SQS batch 100, the Lambda jar in AWS's Java runtime", 100, defaults));
    List<BenchCloud> clouds = new ArrayList<>();
    Map<String, Map<String, Double>> chart;
    try {
      for (BenchCloud.Setup setup : setups) {
        clouds.add(BenchCloud.start(setup));
      }
      step("%d embedded clouds up; warming up for %d s", clouds.size(), warmUp.toSeconds());
      long warmUntil = System.nanoTime() + warmUp.toNanos();
      while (System.nanoTime() < warmUntil) {
        for (BenchCloud cloud : clouds) {
          PipelineBench.burst(cloud, events / 2, 0, false);
        }
      }
      Map<BenchCloud, List<PipelineBench.Round>> results = new LinkedHashMap<>();
      clouds.forEach(c -> results.put(c, new ArrayList<>()));
      // The ledger's transactions in the measured rounds: how many, how many cancelled and
      // replanned.
      Map<BenchCloud, long[]> transactions = new LinkedHashMap<>();
      clouds.forEach(c -> transactions.put(c, new long[3]));
      // Where the CPU goes, for the default and for the single writer.
      Map<BenchCloud, CpuShares> cpu =
          Map.of(clouds.get(2), new CpuShares(), clouds.get(4), new CpuShares());
      Map<BenchCloud, MachineCpu> machineCpu =
          Map.of(clouds.get(2), new MachineCpu(), clouds.get(4), new MachineCpu());
      for (int round = 0; round < rounds; round++) {
        for (BenchCloud cloud : clouds) {
          CpuShares.Snapshot before = CpuShares.take();
          MachineCpu.Snapshot machineBefore = MachineCpu.take();
          FaultReport ledgerBefore = cloud.cloud.faults().report();
          PipelineBench.Round result = PipelineBench.burst(cloud, events, 0, true);
          FaultReport ledgerAfter = cloud.cloud.faults().report();
          long[] counts = transactions.get(cloud);
          counts[0] += ledgerAfter.transactions() - ledgerBefore.transactions();
          counts[1] += ledgerAfter.transactionsCancelled() - ledgerBefore.transactionsCancelled();
          counts[2] += ledgerAfter.transactionsConflicted() - ledgerBefore.transactionsConflicted();
          if (cpu.containsKey(cloud)) {
            cpu.get(cloud).add(before, CpuShares.take());
            machineCpu.get(cloud).add(machineBefore, MachineCpu.take());
          }
          results.get(cloud).add(result);
          step(
              "  round %d, %s: %,.0f events/s (puts %,.0f/s)",
              round + 1, cloud.setup.name(), result.eventsPerSecond(), result.putsPerSecond());
        }
      }
      section(
          String.format(
              Locale.ROOT,
              "end to end, %,d new objects per burst from %d S3 client threads, "
                  + "%d consumers (the template's TrackingConcurrency) and the tracking queue only unless said",
              events,
              PipelineBench.CLIENT_THREADS,
              defaults));
      double naive = medianRate(results.get(clouds.get(0)));
      for (BenchCloud cloud : clouds) {
        double rate = medianRate(results.get(cloud));
        double puts =
            Stats.median(
                results.get(cloud).stream().map(PipelineBench.Round::putsPerSecond).toList());
        String exact = exactness(cloud);
        add(
            cloud.setup.name(),
            String.format(Locale.ROOT, "%,.0f events/s", rate),
            (cloud == clouds.get(0)
                    ? "baseline"
                    : String.format(Locale.ROOT, "%.1fx naive", rate / naive))
                + String.format(
                    Locale.ROOT,
                    "; %.0f%% of the ceiling; puts went in at %,.0f/s; %s",
                    100 * rate / ceiling.eventsPerSecond(),
                    puts,
                    exact)
                + cancelled(transactions.get(cloud)));
      }
      add(
          "the engine's raw ceiling: its write rate alone / 2 item writes per event",
          String.format(Locale.ROOT, "%,.0f events/s", ceiling.eventsPerSecond()),
          String.format(
              Locale.ROOT,
              "PutItem from 4 threads %,.0f items/s; 99-put transactions from %d thread(s) "
                  + "%,.0f items/s",
              ceiling.putItemsPerSecond(),
              ceiling.transactionThreads(),
              ceiling.transactionItemsPerSecond()));
      chart = new LinkedHashMap<>();
      chart.put(
          "end to end, "
              + defaults
              + " consumers (default): S3 put > notification > SNS > SQS > size tracker > DynamoDB engine",
          ThroughputChart.cases(
              naive,
              medianRate(results.get(clouds.get(1))),
              medianRate(results.get(clouds.get(2)))));
      chart.put(
          "end to end, 1 consumer",
          ThroughputChart.cases(
              Double.NaN,
              medianRate(results.get(clouds.get(3))),
              medianRate(results.get(clouds.get(4)))));
      chart.put(
          "end to end, 4 consumers",
          ThroughputChart.cases(
              Double.NaN,
              medianRate(results.get(clouds.get(5))),
              medianRate(results.get(clouds.get(6)))));

      for (BenchCloud cloud : List.of(clouds.get(2), clouds.get(4))) {
        cpuSection(
            cloud.setup.name(), cpu.get(cloud), machineCpu.get(cloud), (long) events * rounds);
      }

      section("lag: put to ledger write, s3clean batch 10 (the template's defaults)");
      double[] burstLags =
          results.get(clouds.get(1)).stream()
              .flatMapToDouble(r -> java.util.Arrays.stream(r.lagMillis()))
              .toArray();
      add(
          String.format(
              Locale.ROOT, "in a burst of %,d at full speed (all %d bursts)", events, rounds),
          String.format(
              Locale.ROOT,
              "p50 %,.0f ms, p99 %,.0f ms",
              Stats.percentile(burstLags, 50),
              Stats.percentile(burstLags, 99)),
          "queueing: the burst goes in faster than it is applied");
      double steady =
          Math.max(10, Math.round(medianRate(results.get(clouds.get(1))) / 2 / 10) * 10.0);
      List<Double> p50 = new ArrayList<>();
      List<Double> p99 = new ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        PipelineBench.Round paced =
            PipelineBench.burst(clouds.get(1), (int) (steady * 5), steady, true);
        p50.add(Stats.percentile(paced.lagMillis(), 50));
        p99.add(Stats.percentile(paced.lagMillis(), 99));
      }
      add(
          String.format(
              Locale.ROOT, "steady at %,.0f events/s (half the throughput), 5 s per run", steady),
          String.format(
              Locale.ROOT, "p50 %,.0f ms, p99 %,.0f ms", Stats.median(p50), Stats.median(p99)),
          String.format(Locale.ROOT, "median of %d runs' percentiles", rounds));
    } finally {
      clouds.forEach(BenchCloud::close);
    }
    return chart;
  }

  private void cpuSection(String name, CpuShares cpu, MachineCpu machine, long applied) {
    int cores = Runtime.getRuntime().availableProcessors();
    section(
        String.format(Locale.ROOT, "CPU per event, %s (all in this JVM, %d cores)", name, cores));
    cpu.nanos().entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(
            e ->
                add(
                    e.getKey(),
                    String.format(Locale.ROOT, "%,.0f µs", e.getValue() / 1e3 / applied),
                    String.format(Locale.ROOT, "%.0f%%", 100.0 * e.getValue() / cpu.total())));
    add(
        "total",
        String.format(Locale.ROOT, "%,.0f µs", cpu.total() / 1e3 / applied),
        String.format(
            Locale.ROOT,
            "%d cores allow at most %,.0f events/s at this cost",
            cores,
            cores * 1e9 * applied / cpu.total()));
    add(
        "during these bursts: cores busy, this JVM / the whole machine",
        String.format(
            Locale.ROOT,
            "%.2f / %.2f of %d",
            cpu.total() / 1e9 / machine.seconds(),
            machine.busyCores(),
            cores),
        "from the JVM's CPU time and /proc/stat; the rest of the machine's busy time is other processes");
  }

  private static double medianRate(List<PipelineBench.Round> rounds) {
    return Stats.median(rounds.stream().map(PipelineBench.Round::eventsPerSecond).toList());
  }

  /** Whether the case's ledger total still equals the bucket after all its bursts. */
  private static String exactness(BenchCloud cloud) {
    long listed =
        cloud.s3.listObjectsV2Paginator(r -> r.bucket(cloud.bucket)).contents().stream()
            .mapToLong(S3Object::size)
            .sum();
    long ledger =
        new DynamoLedgerReader(
                cloud.cloud.clients().dynamoDb(), cloud.cloud.stack().typed().objectTable())
            .state(cloud.bucket)
            .totalSize();
    return ledger == listed
        ? "ledger total exact"
        : String.format(
            Locale.ROOT,
            "ledger total off by %,d bytes (%.1f%%)",
            listed - ledger,
            100.0 * (listed - ledger) / listed);
  }

  // ---------------------------------------------------------------- remediation

  private void backfill() throws Exception {
    BackfillBench.Result result = BackfillBench.measure(10_000, 1_000);
    step("backfill: %s", result);
    section(
        "backfill: adopting a bucket of 10,000 objects no stack made (UpdateStack with"
            + " ExistingBucketName, then the backfill) while 1,000 live changes go on"
            + " (BackfillBench)");
    add(
        "adoption (UpdateStack: the custom resource adds the stack's topic)",
        String.format(Locale.ROOT, "%.1f s", result.adoptionSeconds()),
        String.format(
            Locale.ROOT,
            "%,d live changes before the topic was on the bucket",
            result.beforeTopic()));
    add(
        "backfill rate (list + conditioned writes, up to 49 per transaction)",
        String.format(Locale.ROOT, "%,.0f objects/s", result.objectsPerSecond()),
        String.format(
            Locale.ROOT,
            "%,.1f s for %,d; %,d live changes during it",
            result.seconds(),
            result.objects(),
            result.duringBackfill()));
    add(
        "reconcile after the live changes were through",
        result.differences() + " differences",
        String.format(
            Locale.ROOT,
            "%,d live changes in all, %,d refused by the endpoint",
            result.liveEvents(),
            result.refused()));
  }

  private void remediation() throws Exception {
    section(
        "remediation: put crossing the threshold to S3 deleting the largest object, time scale 60");
    for (String resolution : List.of("standard", "high")) {
      RemediationBench.Result result = RemediationBench.measure(resolution, 7, 8);
      double[] periods = result.periods().stream().mapToDouble(Double::doubleValue).toArray();
      add(
          String.format(
              Locale.ROOT,
              "AlarmResolution %s (%d s periods), %d runs",
              resolution,
              result.periodSeconds(),
              periods.length),
          String.format(
              Locale.ROOT,
              "median %.2f periods (%.0f s)",
              Stats.percentile(periods, 50),
              Stats.percentile(periods, 50) * result.periodSeconds()),
          String.format(
              Locale.ROOT,
              "range %.2f-%.2f periods",
              Stats.percentile(periods, 0.1),
              Stats.percentile(periods, 100)));
      step(
          "remediation (%s): %s periods",
          resolution,
          result.periods().stream()
              .map(p -> String.format(Locale.ROOT, "%.2f", p))
              .collect(Collectors.joining(", ")));
    }
  }

  // ---------------------------------------------------------------- cost

  private void cost() throws Exception {
    int metered = 600;
    int burst = Math.min(events, 2_000);
    section(
        String.format(
            Locale.ROOT,
            "cost: %,d S3 events metered at %,.0f a day (us-east-1, prices of %s), then "
                + "a burst of %,d new objects for events/s; event logging on",
            metered,
            CostBench.EVENTS_PER_DAY,
            io.s3clean.localcloud.usage.PriceTable.shipped().date(),
            burst));
    Double seed = null;
    for (BenchCloud.Setup setup : CostBench.setups()) {
      CostBench.Result result = CostBench.measure(setup, metered, burst);
      double perMillion = result.estimate().dollarsPerMillionEvents();
      if (seed == null) {
        seed = perMillion;
      }
      add(
          setup.name(),
          String.format(Locale.ROOT, "$%.2f per million events", perMillion),
          String.format(
              Locale.ROOT,
              "%.1f billed requests/event; $%.2f/month at 100,000 events/day (fixed monthly $%.2f); "
                  + "%,.0f events/s; %.2fx the seed's per-event cost",
              result.estimate().requestsPerEvent(),
              result.estimate().dollarsPerMonth(),
              result.estimate().fixedDollarsPerMonth(),
              result.eventsPerSecond(),
              perMillion / seed));
      step(
          "cost, %s: $%.2f per million events, %.1f requests/event, %,.0f events/s",
          setup.name(), perMillion, result.estimate().requestsPerEvent(), result.eventsPerSecond());
    }
  }

  // ---------------------------------------------------------------- fresh JVMs

  private void coldRuns() throws Exception {
    ColdRuns cold = new ColdRuns(Path.of("").toAbsolutePath());
    section("fresh JVMs");
    double help = cold.cliHelp(rounds);
    add(
        "scripts/s3clean --help, wall",
        String.format(Locale.ROOT, "%.2f s", help),
        String.format(Locale.ROOT, "median of %d", rounds));
    step("--help: %.2f s", help);
    List<ColdRuns.EngineStart> engine =
        cold.engineStarts(rounds, System.getProperty("java.class.path"));
    add(
        "DynamoDB engine start, fresh JVM, C1: DynamoDbServer.start, in memory",
        String.format(
            Locale.ROOT,
            "%.0f ms",
            Stats.median(engine.stream().map(ColdRuns.EngineStart::startMillis).toList())),
        String.format(
            Locale.ROOT,
            "median of %d; first answer %.0f ms after main(), %.0f ms after the JVM started",
            rounds,
            Stats.median(engine.stream().map(ColdRuns.EngineStart::firstAnswerMillis).toList()),
            Stats.median(engine.stream().map(ColdRuns.EngineStart::sinceJvmStartMillis).toList())));
    step("engine start: %s", engine);
    ColdRuns.CloudRuns cloud = cold.scenario(3, 5);
    add(
        "scripts/s3clean run-scenario, fresh data dir, no cloud running, time scale 60",
        String.format(Locale.ROOT, "%.1f s", Stats.median(cloud.cold())),
        "median of 3: "
            + seconds(cloud.cold())
            + "; starts the background cloud, deploys, runs, verifies;"
            + " the first after a build has no class archive for the cloud yet (its stop writes one)");
    add(
        "scripts/s3clean run-scenario again, against the cloud the first left running",
        String.format(Locale.ROOT, "%.1f s", Stats.median(cloud.warm())),
        "median of 3: " + seconds(cloud.warm()));
    add(
        "scripts/s3clean status, against a running cloud",
        String.format(Locale.ROOT, "%.2f s", Stats.median(cloud.status())),
        "median of " + cloud.status().size() + "; range " + range(cloud.status()));
    add(
        "scripts/s3clean history, against a running cloud",
        String.format(Locale.ROOT, "%.2f s", Stats.median(cloud.history())),
        "median of " + cloud.history().size() + "; range " + range(cloud.history()));
    step(
        "run-scenario: cold %s s, again %s s; status %s s; history %s s",
        seconds(cloud.cold()),
        seconds(cloud.warm()),
        seconds(cloud.status()),
        seconds(cloud.history()));
    ColdRuns.Chart chart = cold.chart(1_000_000, 20, System.getProperty("java.class.path"));
    add(
        "1M-record history to PNG (1200x600), first render in a fresh JVM",
        String.format(Locale.ROOT, "%,.0f ms", chart.coldMillis()),
        "class loading and JIT included");
    add(
        "1M-record history to PNG, after 20 s of warm-up",
        String.format(
            Locale.ROOT, "%,.0f ms; peak heap %.0f MiB", chart.medianMillis(), chart.peakHeapMib()),
        String.format(
            Locale.ROOT,
            "median of 10; heap at rest %.0f MiB holds the 1M points; png %,d bytes",
            chart.restingHeapMib(),
            chart.pngBytes()));
    step("chart: cold %.0f ms, warm %.0f ms", chart.coldMillis(), chart.medianMillis());
    invocations(cold);
    Path probe =
        Path.of(HandlerInit.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    for (ColdRuns.Init init : cold.handlerInits(lambdaJar(), probe, rounds)) {
      add(
          init.handler() + " cold init (shaded jar, C1 only)",
          String.format(Locale.ROOT, "%,.0f ms", init.readyMillis()),
          String.format(
              Locale.ROOT,
              "JVM start to handler constructed; class loading + constructor %,.0f ms; "
                  + "process wall %.2f s",
              init.constructorMillis(),
              init.wallSeconds()));
    }
  }

  /**
   * Each function invoked through the endpoint, in fresh JVMs: its first invocation and its warm
   * ones.
   */
  private void invocations(ColdRuns cold) throws Exception {
    // both ways in one run, so that the two are compared on the same machine state
    for (boolean deployed : new boolean[] {false, true}) {
      String how =
          deployed
              ? "the Lambda jar in AWS's Java runtime, a process per environment"
              : "in-process host";
      for (ColdRuns.Invocations function :
          cold.invocations(
              rounds,
              System.getProperty("java.class.path"),
              deployed ? java.util.Optional.of(lambdaJar()) : java.util.Optional.empty())) {
        add(
            function.function() + " through the endpoint's Lambda Invoke, " + how,
            String.format(
                Locale.ROOT,
                "first %,.0f ms; warm %.1f ms",
                function.coldMillis(),
                function.warmMillis()),
            String.format(
                Locale.ROOT,
                "medians of %d fresh clouds (first invocation after the cloud started; median "
                    + "of 30 after it), its event as the stack sends it",
                rounds));
        step(
            "invocations (%s), %s: first %.0f ms, warm %.1f ms",
            deployed ? "deployed jar" : "in-process",
            function.function(),
            function.coldMillis(),
            function.warmMillis());
      }
    }
  }

  private static String seconds(List<Double> values) {
    return values.stream()
        .map(s -> String.format(Locale.ROOT, "%.2f", s))
        .collect(Collectors.joining(", "));
  }

  private static String range(List<Double> values) {
    return String.format(
        Locale.ROOT,
        "%.2f-%.2f s",
        values.stream().mapToDouble(d -> d).min().orElse(0),
        values.stream().mapToDouble(d -> d).max().orElse(0));
  }

  static Path lambdaJar() {
    return io.s3clean.localcloud.lambda.runtime.LambdaJars.built(Path.of(""))
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no shaded jar in lambdas/target: run mvn -pl perf -am package"));
  }

  // ---------------------------------------------------------------- the table

  private void section(String title) {
    rows.add(new Row(null, title, null));
  }

  private void add(String what, String figure, String comparison) {
    rows.add(new Row(what, figure, comparison));
  }

  private void print(PrintStream out, String machine) {
    out.printf(Locale.ROOT, "%ns3clean benchmarks: %s%n", machine);
    out.printf(
        Locale.ROOT,
        "medians of %d runs unless said; %,d events per burst; run took %.1f min%n",
        rounds,
        events,
        (System.nanoTime() - started) / 60e9);
    for (Row row : rows) {
      if (row.what() == null) {
        out.printf(Locale.ROOT, "%n%s%n", row.figure());
      } else {
        out.printf(Locale.ROOT, "  %-72s %-34s %s%n", row.what(), row.figure(), row.comparison());
      }
    }
    out.flush();
  }

  private void step(String format, Object... args) {
    progress.printf(
        Locale.ROOT,
        "[bench %5.0f s] %s%n",
        (System.nanoTime() - started) / 1e9,
        String.format(Locale.ROOT, format, args));
    progress.flush();
  }

  private static String machine() throws IOException {
    String cpu =
        Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
            .filter(l -> l.startsWith("model name"))
            .map(l -> l.substring(l.indexOf(':') + 1).trim())
            .findFirst()
            .orElse("unknown CPU");
    String load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    return String.format(
        Locale.ROOT,
        "%d cores (%s), %s, Java %s, load average %s at start",
        Runtime.getRuntime().availableProcessors(),
        cpu,
        System.getProperty("os.name") + " " + System.getProperty("os.arch"),
        System.getProperty("java.version"),
        load);
  }
}
