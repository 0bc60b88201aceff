package io.s3clean.perf.bench;

import io.s3clean.bench.NaiveTrackingHandler;
import io.s3clean.clock.ScaledClock;
import io.s3clean.handler.HandlerRegistry;
import io.s3clean.localcloud.LocalCloud;
import io.s3clean.localcloud.emulator.EmulatorConfig;
import io.s3clean.perf.stack.PerfStack;
import io.s3clean.template.CloudFormationTemplate;
import io.s3clean.template.ShippedTemplate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An embedded cloud set up for one benchmark case: the shipped template with its parameters, and a
 * listener on the size tracker's log that notes when each event reached the ledger (the tracker
 * writes its {@code size_tracked} line right after the transaction commits).
 */
final class BenchCloud implements AutoCloseable {
  /**
   * What differs between the cases.
   *
   * @param consumers the event source mappings' ScalingConfig.MaximumConcurrency; 1 is below what
   *     AWS accepts (2) and measures the single writer the ledger's transactions amount to
   */
  record Setup(
      String name,
      int batchSize,
      int consumers,
      boolean naiveTracker,
      boolean eventLogging,
      String alarmResolution,
      boolean deployedCode) {
    Setup(String name, int batchSize, int consumers, boolean naiveTracker, boolean eventLogging) {
      this(name, batchSize, consumers, naiveTracker, eventLogging, "standard", false);
    }

    Setup(
        String name,
        int batchSize,
        int consumers,
        boolean naiveTracker,
        boolean eventLogging,
        String alarmResolution) {
      this(name, batchSize, consumers, naiveTracker, eventLogging, alarmResolution, false);
    }

    /**
     * The functions run the build's Lambda jar as Lambda does, a process of AWS's Java runtime per
     * execution environment, on the machine's clock (a process cannot follow a faster one).
     */
    static Setup deployed(String name, int batchSize, int consumers) {
      return new Setup(name, batchSize, consumers, false, false, "standard", true);
    }

    /** The template's TrackingConcurrency default. */
    static int templateConsumers() {
      return ((Number)
              ShippedTemplate.parsed()
                  .parameters()
                  .get("TrackingConcurrency")
                  .defaultValue()
                  .orElseThrow())
          .intValue();
    }

    static Setup tracking(String name, int batchSize, int consumers) {
      return new Setup(name, batchSize, consumers, false, false);
    }
  }

  final Setup setup;
  final LocalCloud cloud;
  final String bucket;
  final S3Client s3;

  /**
   * The S3 clients' threads, kept for the cloud's life so that {@link CpuShares} can see their CPU
   * time.
   */
  final ExecutorService clients =
      Executors.newFixedThreadPool(
          PipelineBench.CLIENT_THREADS,
          new ThreadFactory() {
            private final AtomicLong count = new AtomicLong();

            @Override
            public Thread newThread(Runnable r) {
              Thread thread =
                  new Thread(r, PipelineBench.CLIENT_THREAD_NAME + "-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            }
          });

  private final AtomicLong tracked = new AtomicLong();
  private final Map<String, Long> trackedAt = new ConcurrentHashMap<>();
  private volatile boolean timing;

  private BenchCloud(Setup setup, LocalCloud cloud) {
    this.setup = setup;
    this.cloud = cloud;
    this.bucket = cloud.stack().typed().watchedBucket();
    this.s3 = cloud.clients().s3();
    String group = cloud.stack().typed().sizeTrackingLogGroup();
    cloud
        .cloudWatch()
        .logs()
        .addListener(
            event -> {
              if (event.logGroup().equals(group) && event.message().contains("\"size_tracked\"")) {
                tracked.incrementAndGet();
                if (timing) {
                  trackedAt.put(keyOf(event.message()), System.nanoTime());
                }
              }
            });
  }

  /**
   * The standard handlers and the naive baseline, which the benchmark's template may run in place
   * of the size tracker (in this JVM only: the lambdas jar does not hold it).
   */
  private static final HandlerRegistry HANDLERS =
      HandlerRegistry.standard()
          .with(
              NaiveTrackingHandler.class,
              (env, clients) ->
                  new NaiveTrackingHandler(
                      NaiveTrackingHandler.Config.from(env), clients.dynamoDb()));

  static BenchCloud start(Setup setup) {
    CloudFormationTemplate template = PerfStack.template(setup.consumers());
    if (setup.naiveTracker()) {
      template
          .resource("SizeTrackingFunction")
          .properties()
          .put("Handler", HandlerRegistry.nameOf(NaiveTrackingHandler.class));
      allowGetItem(template);
    }
    if (!setup.eventLogging()) {
      // Nothing reaches the logging queue: its messages would pile up unread in the SQS engine.
      ((Map<?, ?>) template.root().get("Resources")).remove("LoggingSubscription");
      template.resource("EventLoggingEventSourceMapping").properties().put("Enabled", "false");
    }
    Map<String, String> parameters =
        withResolution(PerfStack.parameters(setup.batchSize()), setup.alarmResolution());
    LocalCloud.Options options =
        new LocalCloud.Options(
                template,
                EmulatorConfig.inMemory(),
                "bench",
                parameters,
                setup.deployedCode() ? ScaledClock.realTime() : ScaledClock.startingNow(60),
                e -> {},
                (what, e) -> System.err.println("cloud error: " + what + ": " + e))
            .withHandlers(HANDLERS);
    if (setup.deployedCode()) {
      options =
          options.withDeployedCode(
              new LocalCloud.Artifact(
                  parameters.get("ArtifactBucket"),
                  parameters.get("ArtifactKey"),
                  Bench.lambdaJar()));
    }
    LocalCloud cloud = LocalCloud.start(options);
    return new BenchCloud(setup, cloud);
  }

  /**
   * The naive tracker reads with GetItem, which the size tracker's role does not grant (the ledger
   * reads with one BatchGetItem): the baseline's role gets it on the object table.
   */
  @SuppressWarnings("unchecked")
  private static void allowGetItem(CloudFormationTemplate template) {
    Map<String, Object> policy =
        (Map<String, Object>)
            ((List<Object>) template.resource("SizeTrackingRole").properties().get("Policies"))
                .get(0);
    Map<String, Object> objectTable =
        (Map<String, Object>)
            ((List<Object>) ((Map<String, Object>) policy.get("PolicyDocument")).get("Statement"))
                .get(0);
    List<Object> actions = new java.util.ArrayList<>((List<Object>) objectTable.get("Action"));
    actions.add("dynamodb:GetItem");
    objectTable.put("Action", actions);
  }

  private static Map<String, String> withResolution(
      Map<String, String> parameters, String resolution) {
    parameters.put("AlarmResolution", resolution);
    return parameters;
  }

  long tracked() {
    return tracked.get();
  }

  /** Start noting when each key's event reached the ledger (costs a JSON read per line). */
  void timeKeys(boolean on) {
    trackedAt.clear();
    timing = on;
  }

  Long trackedAt(String key) {
    return trackedAt.get(key);
  }

  /** The "key" field of a size_tracked line, without a JSON parser: keys here need no escaping. */
  private static String keyOf(String line) {
    int start = line.indexOf("\"key\":\"") + 7;
    return line.substring(start, line.indexOf('"', start));
  }

  @Override
  public void close() {
    clients.shutdownNow();
    s3.close();
    cloud.close();
  }
}
