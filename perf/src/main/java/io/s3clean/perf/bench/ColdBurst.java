package io.s3clean.perf.bench;

import io.s3clean.ledger.BucketState;
import io.s3clean.ledger.dynamodb.DynamoLedgerReader;
import io.s3clean.localcloud.FileTrees;
import io.s3clean.localcloud.RunningCloud;
import io.s3clean.perf.cli.Arguments;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@code scripts/cold-burst [runs] [puts]}: the embedded cloud's start-up, and the CPU it spends
 * per event on a cold burst from an outside client, as a user meets them. Each run:
 *
 * <ol>
 *   <li><b>fresh start</b>: {@code scripts/s3clean --data-dir D local start} on an empty data
 *       directory (it deploys the stack), timed from launch to its {@code running;} line on stderr,
 *       with the process's CPU time (utime + stime, /proc/PID/stat) at that moment; then stopped;
 *   <li>{@code scripts/s3clean --data-dir D deploy --threshold 10^17}, not measured: the template's
 *       20-byte threshold would set the cleaner deleting the burst's objects while it is measured
 *       (the benchmarks' stack, PerfStack, does the same);
 *   <li><b>start</b>: {@code local start} again on D, measured the same way, and right after it the
 *       <b>burst</b>: 4 client threads in this JVM (SDK v2, path-style, no aws-chunked bodies),
 *       through the cloud's one endpoint as any outside client goes, put {@code puts} new objects
 *       of 1-8 KiB into the watched bucket and delete half of them; the ledger's state row (read
 *       through DynamoDB as the CLI reads it) is polled until it has applied every event, then both
 *       queues until empty (the event-logging consumer reads the same events and may lag the
 *       tracker). The cloud's CPU time over the burst, divided by the events, is the main figure;
 *       then 3 s of the cloud idle, for its background rate;
 *   <li>the cloud is stopped with SIGINT (SIGTERM if the launcher left SIGINT ignored, as a shell
 *       does for a background job; both run the CLI's clean stop), and no process naming D may be
 *       left;
 *   <li><b>emulators alone</b>: {@code EmulatorsMain} (DynamoDB, SQS, S3 and nothing else) in a
 *       fresh JVM with the CLI's flags and class path, on an empty data directory, for each
 *       emulator's own start-up ({@code local start} does not print them).
 * </ol>
 *
 * Each run's line goes to stderr as it ends; the table of every run and the medians to stdout.
 */
public final class ColdBurst {
  static final int CLIENT_THREADS = 4;

  /**
   * Far above the burst's bytes (at most 16 MiB by default), so the cleaner does not run while the
   * burst is measured; PerfStack's 10^18 has more digits than {@code deploy --threshold} takes.
   */
  static final String THRESHOLD = "100000000000000000";

  private static final String STACK = "s3clean";
  private static final String READY = "running; Ctrl-C stops it";
  private static final Pattern CLOUD_UP = Pattern.compile("embedded cloud up in ([0-9.]+) s");
  private static final Pattern EMULATORS_STARTED =
      Pattern.compile("started +dynamodb (\\d+) ms, sqs (\\d+) ms, s3 (\\d+) ms, all (\\d+) ms");
  private static final Pattern EMULATORS_READY =
      Pattern.compile("ready +(\\d+) ms after JVM start");
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

  /** What the reader of local start's stderr says when it ends before the ready line. */
  private static final long EXITED = Long.MIN_VALUE;

  private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(10);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration IDLE_SAMPLE = Duration.ofSeconds(3);

  /** A {@code local start} from launch to its ready line. */
  public record StartUp(double wallMillis, double cpuMillis, double cloudUpMillis) {}

  /**
   * Each emulator's own start-up in a fresh JVM (EmulatorsMain), and that JVM's uptime when all
   * were up.
   */
  public record EmulatorStartUp(
      long dynamoDbMillis, long sqsMillis, long s3Millis, long allMillis, long readyMillis) {}

  /**
   * One run.
   *
   * @param freshStart {@code local start} on an empty data directory (deploys the stack)
   * @param start {@code local start} on the deployed stack, right before the burst
   * @param events puts plus deletes
   * @param burstCpuMillis the cloud's CPU time from the first put until the ledger had every event
   *     and both queues (tracking, event logging) were empty
   * @param burstWallMillis the same span in wall time
   * @param sendWallMillis first put to the last delete answered
   * @param ledgerCpuMillis the cloud's CPU time from the first put until the ledger had every event
   * @param ledgerWallMillis the same span in wall time
   * @param idleCpuMillisPerSecond the cloud's CPU rate idle right after the burst
   * @param emulators empty if EmulatorsMain is not on the CLI's class path
   * @param load /proc/loadavg's first three fields, before the run
   */
  public record Result(
      StartUp freshStart,
      StartUp start,
      int events,
      double burstCpuMillis,
      double burstWallMillis,
      double sendWallMillis,
      double ledgerCpuMillis,
      double ledgerWallMillis,
      double idleCpuMillisPerSecond,
      Optional<EmulatorStartUp> emulators,
      String load) {
    public double cpuMillisPerEvent() {
      return burstCpuMillis / events;
    }
  }

  private final Path root;
  private final int puts;
  private final PrintStream progress;
  private final long ticksPerSecond;

  /**
   * @param root the checkout: scripts/s3clean and cli/target are used
   * @param puts new objects put; half of them are then deleted
   */
  public ColdBurst(Path root, int puts, PrintStream progress) {
    this.root = root;
    this.puts = puts;
    this.progress = progress;
    this.ticksPerSecond = clockTicks();
  }

  public static void main(String[] args) throws Exception {
    Arguments.run(args, ColdBurst::coldBurst);
  }

  private static void coldBurst(String[] args) throws Exception {
    Arguments arguments = new Arguments("cold-burst", "[runs] [puts]", args);
    int runs = (int) arguments.number(0, "runs", 1, 100, 3);
    int puts = (int) arguments.number(1, "puts", 2, 1_000_000, 2_000);
    ColdBurst coldBurst = new ColdBurst(Path.of("").toAbsolutePath(), puts, System.err);
    List<Result> results = new ArrayList<>();
    for (int i = 1; i <= runs; i++) {
      coldBurst.step("run %d of %d", i, runs);
      Result result = coldBurst.run();
      results.add(result);
      coldBurst.step("run %d: %s", i, line(result));
    }
    print(System.out, results, puts);
    System.exit(0);
  }

  /** One measured run; every process it starts is gone when it returns or throws. */
  public Result run() throws Exception {
    String load = loadAverage();
    s3clean(
        List.of("--version"),
        Duration.ofMinutes(10)); // builds the CLI and its CDS archive if stale
    Path dataDir = Files.createTempDirectory("s3clean-cold-burst");
    try {
      StartUp fresh;
      try (Cloud cloud = Cloud.launch(this, dataDir)) {
        fresh = cloud.startUp;
      }
      s3clean(
          List.of("--data-dir", dataDir.toString(), "deploy", "--threshold", THRESHOLD),
          Duration.ofMinutes(5));
      // the deploy leaves its cloud running in the background; the burst meets a cloud started
      // afresh
      s3clean(List.of("--data-dir", dataDir.toString(), "local", "stop"), Duration.ofMinutes(2));
      Burst burst;
      StartUp start;
      try (Clients clients = new Clients();
          Cloud cloud = Cloud.launch(this, dataDir)) {
        start = cloud.startUp;
        burst = burst(cloud, clients);
      }
      Optional<EmulatorStartUp> emulators = emulatorsAlone();
      return new Result(
          fresh,
          start,
          burst.events,
          burst.cpuMillis,
          burst.wallMillis,
          burst.sendMillis,
          burst.ledgerCpuMillis,
          burst.ledgerWallMillis,
          burst.idleCpuMillisPerSecond,
          emulators,
          load);
    } finally {
      FileTrees.delete(dataDir);
    }
  }

  // ---------------------------------------------------------------- the burst

  private record Burst(
      int events,
      double cpuMillis,
      double wallMillis,
      double sendMillis,
      double ledgerCpuMillis,
      double ledgerWallMillis,
      double idleCpuMillisPerSecond) {}

  /**
   * The outside client: built before the cloud starts, so that the burst follows its start at once.
   */
  private static final class Clients implements AutoCloseable {
    private final ExecutorService threads =
        Executors.newFixedThreadPool(
            CLIENT_THREADS,
            r -> {
              Thread thread = new Thread(r, "cold-burst-client");
              thread.setDaemon(true);
              return thread;
            });
    private S3Client s3;
    private DynamoDbClient dynamo;
    private SqsClient sqs;

    /** Every client goes through the cloud's one endpoint, as {@code local env} points a user's. */
    void connect(RunningCloud running) {
      URI endpoint = URI.create(running.endpoints().get("endpoint"));
      StaticCredentialsProvider credentials =
          StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
      Region region = Region.of(running.region());
      s3 =
          S3Client.builder()
              .endpointOverride(endpoint)
              .region(region)
              .credentialsProvider(credentials)
              .httpClientBuilder(ApacheHttpClient.builder().maxConnections(CLIENT_THREADS * 2))
              .serviceConfiguration(
                  S3Configuration.builder()
                      .pathStyleAccessEnabled(
                          true) // docs/localcloud.md: 127.0.0.1 has no subdomains
                      .chunkedEncodingEnabled(false) // S3Proxy drops some aws-chunked uploads
                      .build())
              .build();
      dynamo =
          DynamoDbClient.builder()
              .endpointOverride(endpoint)
              .region(region)
              .credentialsProvider(credentials)
              .httpClientBuilder(ApacheHttpClient.builder())
              .build();
      sqs =
          SqsClient.builder()
              .endpointOverride(endpoint)
              .region(region)
              .credentialsProvider(credentials)
              .httpClientBuilder(ApacheHttpClient.builder())
              .build();
    }

    /** Messages in the queue, visible or in flight. */
    long depth(String queueUrl) {
      Map<QueueAttributeName, String> attributes =
          sqs.getQueueAttributes(
                  r ->
                      r.queueUrl(queueUrl)
                          .attributeNames(
                              QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                              QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
              .attributes();
      return Long.parseLong(
              attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0"))
          + Long.parseLong(
              attributes.getOrDefault(
                  QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0"));
    }

    @Override
    public void close() {
      threads.shutdownNow();
      if (s3 != null) {
        s3.close();
      }
      if (dynamo != null) {
        dynamo.close();
      }
      if (sqs != null) {
        sqs.close();
      }
    }
  }

  private Burst burst(Cloud cloud, Clients clients) throws Exception {
    RunningCloud running =
        RunningCloud.find(cloud.dataDir.resolve(STACK))
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no running.json for the cloud under " + cloud.dataDir));
    clients.connect(running);
    String bucket = running.typed().watchedBucket();
    DynamoLedgerReader ledger =
        new DynamoLedgerReader(clients.dynamo, running.typed().objectTable());
    int deletes = puts / 2;
    int events = puts + deletes;
    Random random = new Random(puts);
    int[] sizes = new int[puts];
    long keptBytes = 0;
    for (int i = 0; i < puts; i++) {
      sizes[i] = 1024 + random.nextInt(7 * 1024 + 1);
      keptBytes += i % 2 == 1 ? sizes[i] : 0;
    }
    // Thread t puts keys t, t+4, t+8, ... and then deletes its even ones: each delete follows its
    // put.
    Map<Long, ThreadCpu> threadsBefore = threadCpu(cloud.javaPid);
    long cpuBefore = cloud.cpuNanos();
    long start = System.nanoTime();
    List<Future<?>> work = new ArrayList<>();
    for (int t = 0; t < CLIENT_THREADS; t++) {
      int first = t;
      work.add(
          clients.threads.submit(
              () -> {
                for (int i = first; i < puts; i += CLIENT_THREADS) {
                  int index = i;
                  clients.s3.putObject(
                      r -> r.bucket(bucket).key(key(index)),
                      RequestBody.fromBytes(new byte[sizes[index]]));
                }
                for (int i = first; i < puts; i += CLIENT_THREADS) {
                  if (i % 2 == 0) {
                    int index = i;
                    clients.s3.deleteObject(r -> r.bucket(bucket).key(key(index)));
                  }
                }
                return null;
              }));
    }
    for (Future<?> future : work) {
      future.get();
    }
    long sent = System.nanoTime();
    long deadline = sent + DRAIN_TIMEOUT.toNanos();
    BucketState state = ledger.state(bucket);
    while (state.appliedCount() < events) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the ledger applied "
                + state.appliedCount()
                + " of "
                + events
                + " events in "
                + DRAIN_TIMEOUT.toMinutes()
                + " min after the last delete");
      }
      Thread.sleep(100);
      state = ledger.state(bucket);
    }
    long ledgerDone = System.nanoTime();
    long cpuLedgerDone = cloud.cpuNanos();
    // after the ledger's figures: reading /proc costs this process, not the cloud (a few ms of the
    // drain's wall)
    step(
        "burst CPU to ledger complete, by thread: %s",
        byThread(threadsBefore, threadCpu(cloud.javaPid), cpuLedgerDone - cpuBefore));
    // The event-logging consumer reads the same events from its own queue and may still be at it:
    // the burst ends when both queues are empty (nothing visible, nothing in flight).
    List<String> queues =
        List.of(running.typed().trackingQueueUrl(), running.typed().loggingQueueUrl());
    while (queues.stream().mapToLong(clients::depth).sum() > 0) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the queues were not empty "
                + DRAIN_TIMEOUT.toMinutes()
                + " min after the last delete");
      }
      Thread.sleep(100);
    }
    long drained = System.nanoTime();
    long cpuAfter = cloud.cpuNanos();
    if (state.appliedCount() != events
        || state.objectCount() != puts - deletes
        || state.totalSize() != keptBytes) {
      throw new IllegalStateException(
          String.format(
              Locale.ROOT,
              "the ledger does not match the burst: applied %d of %d, %d objects (expected %d), %d bytes (expected %d)",
              state.appliedCount(),
              events,
              state.objectCount(),
              puts - deletes,
              state.totalSize(),
              keptBytes));
    }
    Thread.sleep(IDLE_SAMPLE.toMillis());
    double idle = (cloud.cpuNanos() - cpuAfter) / 1e6 / (IDLE_SAMPLE.toMillis() / 1000.0);
    return new Burst(
        events,
        (cpuAfter - cpuBefore) / 1e6,
        (drained - start) / 1e6,
        (sent - start) / 1e6,
        (cpuLedgerDone - cpuBefore) / 1e6,
        (ledgerDone - start) / 1e6,
        idle);
  }

  private static String key(int index) {
    return String.format(Locale.ROOT, "cold-burst/%06d.bin", index);
  }

  // ---------------------------------------------------------------- the cloud's process

  /** {@code scripts/s3clean local start}, from launch until stopped. */
  private static final class Cloud implements AutoCloseable {
    private final ColdBurst bench;
    private final Path dataDir;
    private final Process process;
    private final long javaPid;
    private final StartUp startUp;

    private Cloud(ColdBurst bench, Path dataDir, Process process, long javaPid, StartUp startUp) {
      this.bench = bench;
      this.dataDir = dataDir;
      this.process = process;
      this.javaPid = javaPid;
      this.startUp = startUp;
    }

    static Cloud launch(ColdBurst bench, Path dataDir) throws Exception {
      ProcessBuilder builder =
          new ProcessBuilder(
                  bench.root.resolve("scripts/s3clean").toString(),
                  "--data-dir",
                  dataDir.toString(),
                  "local",
                  "start")
              .directory(bench.root.toFile());
      builder.environment().remove("S3CLEAN_TARGET");
      builder.environment().put("S3CLEAN_PORT", "0");
      StringBuilder out = new StringBuilder();
      StringBuilder err = new StringBuilder();
      CompletableFuture<Long> ready = new CompletableFuture<>();
      long launched = System.nanoTime();
      Process process = builder.start();
      // This JVM stopped by a signal must not leave the cloud running.
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    if (process.isAlive()) {
                      process.descendants().forEach(ProcessHandle::destroyForcibly);
                      process.destroyForcibly();
                    }
                  },
                  "cold-burst-cleanup"));
      Thread outReader = drain(process.getInputStream(), out, line -> false, null);
      Thread errReader =
          drain(
              process.getErrorStream(),
              err,
              line -> line.startsWith("s3clean: building") || line.equals(READY),
              ready);
      Long readyAt = null;
      try {
        readyAt = ready.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        // handled below
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException(e.getCause());
      }
      long pid = readyAt == null || readyAt < 0 ? process.pid() : javaPid(process);
      long cpu = readyAt == null || readyAt < 0 ? 0 : bench.cpuNanos(pid);
      if (readyAt == null || readyAt < 0) {
        kill(process);
        outReader.join(5_000);
        errReader.join(5_000);
        throw new IllegalStateException(
            (readyAt == null
                    ? "local start was not ready in " + START_TIMEOUT.toSeconds() + " s"
                    : readyAt == EXITED
                        ? "local start ended before it was ready"
                        : "scripts/s3clean started a build, which would be timed as start-up; run it once first")
                + ":\n"
                + err);
      }
      Matcher up;
      synchronized (err) {
        up = CLOUD_UP.matcher(err.toString());
      }
      double cloudUp = up.find() ? Double.parseDouble(up.group(1)) * 1000 : Double.NaN;
      return new Cloud(
          bench,
          dataDir,
          process,
          pid,
          new StartUp((readyAt - launched) / 1e6, cpu / 1e6, cloudUp));
    }

    long cpuNanos() {
      return bench.cpuNanos(javaPid);
    }

    /**
     * Ctrl-C as a user would; SIGTERM if SIGINT is ignored (a shell's background job); then the
     * check.
     */
    @Override
    public void close() throws Exception {
      List<ProcessHandle> family = new ArrayList<>();
      family.add(process.toHandle());
      process.descendants().forEach(family::add);
      String signal = sigintIgnored(javaPid) ? "TERM" : "INT";
      new ProcessBuilder("kill", "-" + signal, Long.toString(javaPid))
          .inheritIO()
          .start()
          .waitFor();
      boolean stopped = process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (!stopped) {
        bench.step(
            "WARNING: local start did not stop within %d s of SIG%s; killing it",
            STOP_TIMEOUT.toSeconds(), signal);
        kill(process);
      }
      for (ProcessHandle handle : family) {
        handle.onExit().get(10, TimeUnit.SECONDS);
      }
      List<String> left = processesNaming(dataDir.toString());
      if (!left.isEmpty()) {
        throw new IllegalStateException("processes left behind after local start stopped: " + left);
      }
      if (stopped && process.exitValue() != 130 && process.exitValue() != 0) {
        bench.step("WARNING: local start exited %d after SIG%s", process.exitValue(), signal);
      }
    }

    private static void kill(Process process) throws InterruptedException {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /**
   * Reads a stream line by line into {@code into}; the first line {@code signal} accepts completes
   * {@code ready} with its time, negative if it is a build line.
   */
  private static Thread drain(
      InputStream stream,
      StringBuilder into,
      Function<String, Boolean> signal,
      CompletableFuture<Long> ready) {
    Thread thread =
        new Thread(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                  long now = System.nanoTime();
                  synchronized (into) {
                    into.append(line).append('\n');
                  }
                  if (ready != null && signal.apply(line)) {
                    ready.complete(line.equals(READY) ? now : -1L);
                  }
                }
              } catch (IOException e) {
                // the process is gone
              }
              if (ready != null) {
                // the process ended without the ready line (a no-op once it has come)
                ready.complete(EXITED);
              }
            },
            "cold-burst-reader");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /**
   * The java process itself: the launcher execs it, but a launcher that forks is looked through.
   */
  private static long javaPid(Process process) {
    if ("java".equals(comm(process.pid()))) {
      return process.pid();
    }
    return process
        .descendants()
        .filter(p -> "java".equals(comm(p.pid())))
        .map(ProcessHandle::pid)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no java process under " + process.pid()));
  }

  private static String comm(long pid) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).trim();
    } catch (IOException e) {
      return "";
    }
  }

  /** One thread's name and CPU time so far, in user space and in the kernel. */
  private record ThreadCpu(String name, long userNanos, long systemNanos) {}

  /**
   * Every thread of the process now, by thread id, from /proc/PID/task (threads that ended are
   * gone).
   */
  private Map<Long, ThreadCpu> threadCpu(long pid) {
    Map<Long, ThreadCpu> threads = new HashMap<>();
    try (java.util.stream.Stream<Path> tasks =
        Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          long tid = Long.parseLong(task.getFileName().toString());
          long[] times = cpuTimes(task.resolve("stat"));
          threads.put(
              tid,
              new ThreadCpu(Files.readString(task.resolve("comm")).trim(), times[0], times[1]));
        } catch (IOException | IllegalStateException ended) {
          // the thread ended while it was read
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot list the threads of process " + pid + " (Linux /proc only)", e);
    }
    return threads;
  }

  /**
   * The CPU the threads spent between two snapshots, grouped by name with digits folded (the kernel
   * keeps 15 characters of a name), largest first, with the kernel's part of each: where a burst's
   * CPU goes.
   */
  private static String byThread(
      Map<Long, ThreadCpu> before, Map<Long, ThreadCpu> after, long processNanos) {
    Map<String, long[]> groups = new HashMap<>();
    after.forEach(
        (tid, now) -> {
          ThreadCpu then = before.getOrDefault(tid, new ThreadCpu(now.name(), 0, 0));
          long[] group =
              groups.computeIfAbsent(now.name().replaceAll("[0-9]+", "N"), name -> new long[2]);
          group[0] += now.userNanos() - then.userNanos();
          group[1] += now.systemNanos() - then.systemNanos();
        });
    long total = groups.values().stream().mapToLong(group -> group[0] + group[1]).sum();
    long system = groups.values().stream().mapToLong(group -> group[1]).sum();
    // threads that ended before the second snapshot are in the process's figure, not in any group
    return String.format(
            Locale.ROOT,
            "%.0f ms, %.0f%% in the kernel, %.0f ms in threads that ended; ",
            total / 1e6,
            100.0 * system / Math.max(1, total),
            Math.max(0, processNanos - total) / 1e6)
        + groups.entrySet().stream()
            .filter(group -> group.getValue()[0] + group.getValue()[1] > 0)
            .sorted(
                Comparator.comparingLong(
                        (Map.Entry<String, long[]> group) ->
                            group.getValue()[0] + group.getValue()[1])
                    .reversed())
            .limit(12)
            .map(
                group ->
                    String.format(
                        Locale.ROOT,
                        "%s %.0f ms (%.0f%%, kernel %.0f ms)",
                        group.getKey(),
                        (group.getValue()[0] + group.getValue()[1]) / 1e6,
                        100.0 * (group.getValue()[0] + group.getValue()[1]) / Math.max(1, total),
                        group.getValue()[1] / 1e6))
            .collect(Collectors.joining(", "));
  }

  /** utime + stime of the process, all its threads, from /proc/PID/stat. */
  long cpuNanos(long pid) {
    return cpuNanos(Path.of("/proc", Long.toString(pid), "stat"));
  }

  /** utime + stime from a /proc stat file, of a process or of one of its threads. */
  private long cpuNanos(Path statFile) {
    long[] times = cpuTimes(statFile);
    return times[0] + times[1];
  }

  /** utime and stime, in nanoseconds, from a /proc stat file. */
  private long[] cpuTimes(Path statFile) {
    try {
      String stat = Files.readString(statFile);
      // after "pid (comm) ": state is field 3, utime 14, stime 15
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return new long[] {
        Long.parseLong(fields[11]) * 1_000_000_000L / ticksPerSecond,
        Long.parseLong(fields[12]) * 1_000_000_000L / ticksPerSecond
      };
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot read the CPU time in " + statFile + " (Linux /proc only)", e);
    }
  }

  private static boolean sigintIgnored(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("SigIgn:")) {
          return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << 1))
              != 0; // SIGINT is 2
        }
      }
    } catch (IOException e) {
      // gone already
    }
    return false;
  }

  /** Live processes whose command line contains {@code text}, but not this one. */
  private static List<String> processesNaming(String text) {
    long self = ProcessHandle.current().pid();
    return ProcessHandle.allProcesses()
        .filter(p -> p.pid() != self && p.isAlive())
        .filter(p -> cmdline(p.pid()).contains(text))
        .map(p -> p.pid() + " " + cmdline(p.pid()))
        .collect(Collectors.toList());
  }

  private static String cmdline(long pid) {
    try {
      return new String(
              Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
              StandardCharsets.UTF_8)
          .replace('\0', ' ');
    } catch (IOException e) {
      return "";
    }
  }

  private static long clockTicks() {
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out =
          new String(getconf.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return getconf.waitFor() == 0 ? Long.parseLong(out) : 100;
    } catch (IOException | InterruptedException | NumberFormatException e) {
      return 100;
    }
  }

  // ---------------------------------------------------------------- other processes

  /** Runs scripts/s3clean to the end; a failure throws with its output. */
  private String s3clean(List<String> arguments, Duration timeout) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(root.resolve("scripts/s3clean").toString());
    command.addAll(arguments);
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
    builder.environment().remove("S3CLEAN_TARGET");
    // any free port: a cloud of the user's own may hold the default one
    builder.environment().put("S3CLEAN_PORT", "0");
    Process process = builder.start();
    CompletableFuture<String> out =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
              } catch (IOException e) {
                return "";
              }
            });
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      throw new IllegalStateException(
          String.join(" ", command) + " took over " + timeout.toSeconds() + " s");
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          String.join(" ", command) + " exited " + process.exitValue() + ":\n" + out.get());
    }
    return out.get();
  }

  /**
   * EmulatorsMain in a fresh JVM with the flags and class path scripts/s3clean gives the CLI, on an
   * empty data directory: each emulator's start-up as Emulators times it.
   */
  Optional<EmulatorStartUp> emulatorsAlone() throws Exception {
    Path target = root.resolve("cli/target");
    Optional<Path> cliJar;
    try (var jars = Files.list(target)) {
      cliJar =
          jars.filter(
                  p ->
                      p.getFileName().toString().matches("s3clean-cli-.*\\.jar")
                          && !p.getFileName()
                              .toString()
                              .matches(".*-(tests|sources|javadoc)\\.jar"))
              .findFirst();
    }
    if (cliJar.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder classpath = new StringBuilder(cliJar.get().toString());
    try (var jars = Files.list(target.resolve("lib"))) {
      jars.filter(p -> p.toString().endsWith(".jar"))
          .sorted(Comparator.comparing(Path::toString))
          .forEach(p -> classpath.append(java.io.File.pathSeparator).append(p));
    }
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto"));
    Path archive = target.resolve("s3clean-cds.jsa");
    if (Files.exists(archive)) {
      command.addAll(
          List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
    }
    Path dataDir = Files.createTempDirectory("s3clean-cold-burst-emulators");
    command.addAll(
        List.of(
            "-cp",
            classpath.toString(),
            "io.s3clean.localcloud.emulator.EmulatorsMain",
            dataDir.toString()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    StringBuilder out = new StringBuilder();
    CompletableFuture<Long> ready = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                  synchronized (out) {
                    out.append(line).append('\n');
                  }
                  if (line.startsWith("ready")) {
                    ready.complete(System.nanoTime());
                  }
                }
              } catch (IOException e) {
                // gone
              }
              ready.complete(-1L);
            },
            "cold-burst-emulators");
    reader.setDaemon(true);
    reader.start();
    try {
      long at = ready.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      String text;
      synchronized (out) {
        text = out.toString();
      }
      Matcher started = EMULATORS_STARTED.matcher(text);
      Matcher up = EMULATORS_READY.matcher(text);
      if (at < 0 || !started.find() || !up.find()) {
        if (text.contains("ClassNotFoundException")
            || text.contains("Could not find or load main class")) {
          return Optional.empty();
        }
        throw new IllegalStateException("unexpected EmulatorsMain output:\n" + text);
      }
      return Optional.of(
          new EmulatorStartUp(
              Long.parseLong(started.group(1)),
              Long.parseLong(started.group(2)),
              Long.parseLong(started.group(3)),
              Long.parseLong(started.group(4)),
              Long.parseLong(up.group(1))));
    } finally {
      process.destroy(); // SIGTERM: its shutdown hook closes the emulators
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
      FileTrees.delete(dataDir);
    }
  }

  // ---------------------------------------------------------------- reporting

  private static String line(Result r) {
    return String.format(
        Locale.ROOT,
        "fresh start %.0f ms wall, %.0f ms CPU; start %.0f ms wall, %.0f ms CPU; "
            + "burst %.2f ms CPU/event (%.0f ms CPU, %d events), %.0f ms wall (sent in %.0f, ledger complete at %.0f ms, "
            + "%.0f ms CPU); idle %.0f ms CPU/s%s; load %s",
        r.freshStart().wallMillis(),
        r.freshStart().cpuMillis(),
        r.start().wallMillis(),
        r.start().cpuMillis(),
        r.cpuMillisPerEvent(),
        r.burstCpuMillis(),
        r.events(),
        r.burstWallMillis(),
        r.sendWallMillis(),
        r.ledgerWallMillis(),
        r.ledgerCpuMillis(),
        r.idleCpuMillisPerSecond(),
        r.emulators()
            .map(
                e ->
                    String.format(
                        Locale.ROOT,
                        "; emulators alone: dynamodb %d ms, sqs %d ms, s3 %d ms, all %d ms, ready %d ms after JVM start",
                        e.dynamoDbMillis(),
                        e.sqsMillis(),
                        e.s3Millis(),
                        e.allMillis(),
                        e.readyMillis()))
            .orElse(""),
        r.load());
  }

  static void print(PrintStream out, List<Result> results, int puts) {
    out.printf(
        Locale.ROOT,
        "cold burst: %d runs; each: local start on a fresh data dir, then again on the deployed "
            + "stack and at once %,d puts + %,d deletes from %d client threads%n",
        results.size(),
        puts,
        puts / 2,
        CLIENT_THREADS);
    out.printf(
        Locale.ROOT,
        "machine: %d cores; load before each run: %s%n%n",
        Runtime.getRuntime().availableProcessors(),
        results.stream().map(Result::load).collect(Collectors.joining(" | ")));
    row(
        out,
        results,
        "fresh start: launch to ready, wall ms",
        r -> r.freshStart().wallMillis(),
        "%.0f");
    row(out, results, "fresh start: CPU at ready, ms", r -> r.freshStart().cpuMillis(), "%.0f");
    row(
        out,
        results,
        "fresh start: 'embedded cloud up in', ms",
        r -> r.freshStart().cloudUpMillis(),
        "%.0f");
    row(out, results, "start (stack deployed): wall ms", r -> r.start().wallMillis(), "%.0f");
    row(
        out,
        results,
        "start (stack deployed): CPU at ready, ms",
        r -> r.start().cpuMillis(),
        "%.0f");
    row(
        out,
        results,
        "start (stack deployed): 'embedded cloud up in', ms",
        r -> r.start().cloudUpMillis(),
        "%.0f");
    row(
        out,
        results,
        "burst: cloud CPU per event (to queues empty), ms",
        Result::cpuMillisPerEvent,
        "%.2f");
    row(out, results, "burst: cloud CPU, ms", Result::burstCpuMillis, "%.0f");
    row(
        out,
        results,
        "burst: wall, first put to queues empty, ms",
        Result::burstWallMillis,
        "%.0f");
    row(
        out,
        results,
        "burst: wall, first put to ledger complete, ms",
        Result::ledgerWallMillis,
        "%.0f");
    row(
        out,
        results,
        "burst: cloud CPU to ledger complete, ms per event",
        r -> r.ledgerCpuMillis() / r.events(),
        "%.2f");
    row(
        out,
        results,
        "burst: wall, first put to last delete sent, ms",
        Result::sendWallMillis,
        "%.0f");
    row(
        out,
        results,
        "idle after the burst: cloud CPU ms per s",
        Result::idleCpuMillisPerSecond,
        "%.0f");
    if (results.stream().allMatch(r -> r.emulators().isPresent())) {
      row(
          out,
          results,
          "emulators alone: dynamodb ms",
          r -> r.emulators().get().dynamoDbMillis(),
          "%.0f");
      row(out, results, "emulators alone: sqs ms", r -> r.emulators().get().sqsMillis(), "%.0f");
      row(out, results, "emulators alone: s3 ms", r -> r.emulators().get().s3Millis(), "%.0f");
      row(
          out,
          results,
          "emulators alone: all three ms",
          r -> r.emulators().get().allMillis(),
          "%.0f");
      row(
          out,
          results,
          "emulators alone: ready, ms after JVM start",
          r -> r.emulators().get().readyMillis(),
          "%.0f");
    }
    out.flush();
  }

  private static void row(
      PrintStream out,
      List<Result> results,
      String what,
      Function<Result, Number> value,
      String format) {
    List<Double> values =
        results.stream().map(r -> value.apply(r).doubleValue()).collect(Collectors.toList());
    out.printf(
        Locale.ROOT,
        "%-52s median %10s   runs %s%n",
        what,
        String.format(Locale.ROOT, format, Stats.median(values)),
        values.stream()
            .map(v -> String.format(Locale.ROOT, format, v))
            .collect(Collectors.joining(", ")));
  }

  private void step(String format, Object... args) {
    progress.printf(Locale.ROOT, "cold-burst: " + format + "%n", args);
    progress.flush();
  }

  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException e) {
      return "?";
    }
  }
}
