package io.s3clean.perf.bench;

import io.s3clean.localcloud.FileTrees;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Figures that need a fresh JVM each time: the CLI, the handlers' initialisation, a chart render.
 */
final class ColdRuns {
  private final Path root;

  /**
   * @param root the checkout, where scripts/ and each module's target/ are
   */
  ColdRuns(Path root) {
    this.root = root;
  }

  /** One process: its wall time and what it printed. */
  record Run(double seconds, String out) {}

  Run run(List<String> command, Map<String, String> environment, int timeoutSeconds)
      throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Path output = Files.createTempFile("s3clean-bench", ".out");
    builder.redirectOutput(output.toFile());
    long start = System.nanoTime();
    Process process = builder.start();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(
          String.join(" ", command) + " took over " + timeoutSeconds + " s");
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    String out = Files.readString(output, StandardCharsets.UTF_8);
    Files.delete(output);
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          String.join(" ", command) + " exited " + process.exitValue() + ":\n" + out);
    }
    return new Run(seconds, out);
  }

  /**
   * Median wall time of {@code scripts/s3clean --help}, after one call that builds the CLI if
   * needed.
   */
  double cliHelp(int runs) throws Exception {
    run(List.of("scripts/s3clean", "--version"), Map.of(), 600);
    List<Double> seconds = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      seconds.add(run(List.of("scripts/s3clean", "--help"), Map.of(), 60).seconds());
    }
    return Stats.median(seconds);
  }

  /**
   * Wall times of the CLI and its background cloud, each round on a fresh data directory at the
   * default time scale: a cold run-scenario (it starts the cloud, deploys, runs and verifies), a
   * second one against the cloud it left running, then status and history against it.
   */
  record CloudRuns(
      List<Double> cold, List<Double> warm, List<Double> status, List<Double> history) {}

  /**
   * @param clientRuns status and history runs per round; one of each before them is not counted
   *     (the first client command after a build archives the classes it loads, see scripts/s3clean)
   */
  CloudRuns scenario(int runs, int clientRuns) throws Exception {
    CloudRuns times =
        new CloudRuns(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    for (int i = 0; i < runs; i++) {
      Path dataDir = Files.createTempDirectory("s3clean-bench-scenario");
      try {
        times.cold().add(scenarioRun(dataDir));
        times.warm().add(scenarioRun(dataDir));
        for (String command : List.of("status", "history")) {
          List<Double> into = command.equals("status") ? times.status() : times.history();
          cli(dataDir, command);
          for (int j = 0; j < clientRuns; j++) {
            into.add(cli(dataDir, command).seconds());
          }
        }
      } finally {
        // what run-scenario left running in the background
        cli(dataDir, "local", "stop");
        FileTrees.delete(dataDir);
      }
    }
    return times;
  }

  private double scenarioRun(Path dataDir) throws Exception {
    Run run = cli(dataDir, "run-scenario", "--plot-file", dataDir.resolve("plot.png").toString());
    if (!run.out().contains("result     PASSED")) {
      throw new IllegalStateException("run-scenario did not pass:\n" + run.out());
    }
    return run.seconds();
  }

  private Run cli(Path dataDir, String... arguments) throws Exception {
    List<String> command =
        new ArrayList<>(List.of("scripts/s3clean", "--data-dir", dataDir.toString()));
    command.addAll(List.of(arguments));
    // any free port: a cloud of the user's own may hold the default one
    return run(command, Map.of("S3CLEAN_PORT", "0"), 300);
  }

  /** What a Lambda cold start spends on one handler. */
  record Init(String handler, double constructorMillis, double readyMillis, double wallSeconds) {}

  /**
   * Each handler built in a fresh JVM on the shaded Lambda jar alone (plus the probe), with C1 only
   * as the Lambda Java runtime runs, and the environment the template gives it.
   */
  List<Init> handlerInits(Path lambdaJar, Path probeClasses, int runs) throws Exception {
    Map<String, String> environment =
        Map.of(
            "AWS_REGION",
            "us-east-1",
            "AWS_ACCESS_KEY_ID",
            "local",
            "AWS_SECRET_ACCESS_KEY",
            "local",
            "OBJECT_TABLE",
            "s3clean-objects",
            "HISTORY_TABLE",
            "s3clean-history",
            "METRIC_NAMESPACE",
            "S3Clean",
            "BUCKET_NAME",
            "s3clean-watched",
            "PLOT_BUCKET",
            "s3clean-plots",
            "THRESHOLD_BYTES",
            "20",
            "ALARM_NAME",
            "s3clean-total-size-threshold");
    Pattern line = Pattern.compile("main (\\d+) init ([0-9.]+) ready (\\d+)");
    List<Init> inits = new ArrayList<>();
    for (String handler :
        List.of(
            "SizeTrackingHandler", "EventLoggingHandler", "CleanerHandler", "PlottingHandler")) {
      List<Double> constructor = new ArrayList<>();
      List<Double> ready = new ArrayList<>();
      List<Double> wall = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        Run run =
            run(
                List.of(
                    java(),
                    "-XX:+TieredCompilation",
                    "-XX:TieredStopAtLevel=1",
                    "-Djava.awt.headless=true",
                    "-cp",
                    lambdaJar + java.io.File.pathSeparator + probeClasses,
                    HandlerInit.class.getName(),
                    "io.s3clean.handler." + handler),
                environment,
                60);
        Matcher m = line.matcher(run.out());
        if (!m.find()) {
          throw new IllegalStateException("no timing from the probe: " + run.out());
        }
        constructor.add(Double.parseDouble(m.group(2)));
        ready.add(Double.parseDouble(m.group(3)));
        wall.add(run.seconds());
      }
      inits.add(
          new Init(handler, Stats.median(constructor), Stats.median(ready), Stats.median(wall)));
    }
    return inits;
  }

  /**
   * One function's invocations through the endpoint's Lambda Invoke: its first, and its warm
   * median.
   */
  record Invocations(String function, double coldMillis, double warmMillis) {}

  /**
   * {@link InvocationLatency} in {@code runs} fresh JVMs; per function, the medians over the runs
   * of its first invocation and of its warm median.
   *
   * @param lambdaJar the functions run this jar as Lambda does; empty for handlers of the cloud's
   *     JVM
   */
  List<Invocations> invocations(int runs, String classpath, java.util.Optional<Path> lambdaJar)
      throws Exception {
    Pattern line = Pattern.compile("(\\S+) cold ([0-9.]+) warm ([0-9.]+)");
    Map<String, List<double[]>> byFunction = new java.util.LinkedHashMap<>();
    for (int i = 0; i < runs; i++) {
      List<String> command =
          new ArrayList<>(
              List.of(
                  java(),
                  "-Djava.awt.headless=true",
                  "-cp",
                  classpath,
                  InvocationLatency.class.getName(),
                  "30"));
      lambdaJar.ifPresent(jar -> command.add(jar.toAbsolutePath().toString()));
      Run run = run(command, Map.of(), 300);
      Matcher m = line.matcher(run.out());
      while (m.find()) {
        byFunction
            .computeIfAbsent(m.group(1), f -> new ArrayList<>())
            .add(new double[] {Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3))});
      }
    }
    if (byFunction.size() != 4) {
      throw new IllegalStateException(
          "the latency probe timed " + byFunction.keySet() + ", not the four functions");
    }
    List<Invocations> result = new ArrayList<>();
    byFunction.forEach(
        (function, samples) ->
            result.add(
                new Invocations(
                    function,
                    Stats.median(samples.stream().map(s -> s[0]).toList()),
                    Stats.median(samples.stream().map(s -> s[1]).toList()))));
    return result;
  }

  /**
   * The 1M-record chart: first render in a fresh JVM, then the median after warm-up, and peak heap.
   */
  record Chart(
      double coldMillis,
      double medianMillis,
      double peakHeapMib,
      double restingHeapMib,
      long pngBytes) {}

  Chart chart(int points, int warmUpSeconds, String classpath) throws Exception {
    Run run =
        run(
            List.of(
                java(),
                "-Djava.awt.headless=true",
                "-Dbench.sizes=" + points,
                "-Dbench.warmUpSeconds=" + warmUpSeconds,
                "-cp",
                classpath,
                "io.s3clean.chart.HistoryChartBench"),
            Map.of(),
            600);
    Matcher cold = Pattern.compile("\\(cold\\): ([0-9.]+) ms").matcher(run.out());
    Matcher warm =
        Pattern.compile(
                "points: median +([0-9.]+) ms.*peak heap +([0-9.]+) MiB \\(resting +([0-9.]+) MiB\\);"
                    + " png ([0-9,]+) bytes")
            .matcher(run.out());
    if (!cold.find() || !warm.find()) {
      throw new IllegalStateException("unexpected chart bench output:\n" + run.out());
    }
    return new Chart(
        Double.parseDouble(cold.group(1)),
        Double.parseDouble(warm.group(1)),
        Double.parseDouble(warm.group(2)),
        Double.parseDouble(warm.group(3)),
        Long.parseLong(warm.group(4).replace(",", "")));
  }

  /**
   * A cold start of the DynamoDB engine in a fresh JVM, as the embedded cloud runs it (C1 only).
   */
  record EngineStart(double startMillis, double firstAnswerMillis, double sinceJvmStartMillis) {}

  List<EngineStart> engineStarts(int runs, String classpath) throws Exception {
    Pattern figures =
        Pattern.compile(
            "started in ([0-9]+) ms, first answer after ([0-9]+) ms, ([0-9]+) ms after");
    List<EngineStart> starts = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      Run run =
          run(
              List.of(
                  java(),
                  "-XX:TieredStopAtLevel=1",
                  "-cp",
                  classpath,
                  "io.s3clean.dynamodb.Main",
                  "--port",
                  "0",
                  "--probe"),
              Map.of(),
              60);
      Matcher matcher = figures.matcher(run.out());
      if (!matcher.find()) {
        throw new IllegalStateException("unexpected engine output:\n" + run.out());
      }
      starts.add(
          new EngineStart(
              Double.parseDouble(matcher.group(1)),
              Double.parseDouble(matcher.group(2)),
              Double.parseDouble(matcher.group(3))));
    }
    return starts;
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
