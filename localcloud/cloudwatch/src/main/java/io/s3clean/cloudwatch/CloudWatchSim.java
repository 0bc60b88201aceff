package io.s3clean.cloudwatch;

import io.s3clean.clock.SimClock;
import io.s3clean.cloudwatch.alarm.ActionAttempt;
import io.s3clean.cloudwatch.alarm.ActionDispatcher;
import io.s3clean.cloudwatch.alarm.AlarmActionTarget;
import io.s3clean.cloudwatch.alarm.AlarmDefinition;
import io.s3clean.cloudwatch.alarm.AlarmDescription;
import io.s3clean.cloudwatch.alarm.AlarmScheduler;
import io.s3clean.cloudwatch.alarm.AlarmState;
import io.s3clean.cloudwatch.alarm.MetricAlarm;
import io.s3clean.cloudwatch.emf.EmfExtractor;
import io.s3clean.cloudwatch.emf.EmfResult;
import io.s3clean.cloudwatch.filter.MetricFilter;
import io.s3clean.cloudwatch.filter.MetricTransformation;
import io.s3clean.cloudwatch.logs.LambdaLogWriter;
import io.s3clean.cloudwatch.logs.LogEvent;
import io.s3clean.cloudwatch.logs.LogStore;
import io.s3clean.cloudwatch.metrics.Datapoint;
import io.s3clean.cloudwatch.metrics.MetricStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The simulated CloudWatch of the embedded cloud: log events flow through metric filters and
 * Embedded Metric Format into metrics, alarms evaluate the metrics on the simulation clock, and
 * transitions invoke Lambda alarm actions asynchronously. Provisioning translates the template's
 * {@code AWS::Logs::MetricFilter} and {@code AWS::CloudWatch::Alarm} resources into {@link
 * #addMetricFilter} and {@link #addAlarm} (both have {@code fromCloudFormation} readers); hosted
 * functions write through {@link #lambdaLogWriter}.
 *
 * <p>{@link #start()} runs evaluations and retries on a background thread as the clock passes their
 * times; with a {@code ManualClock}, call {@link #runDue()} after moving the clock instead.
 */
public final class CloudWatchSim implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(CloudWatchSim.class.getName());

  private final SimClock clock;
  private final String region;
  private final String accountId;
  private final LogStore logs;
  private final MetricStore metrics = new MetricStore();
  private final ActionDispatcher dispatcher;
  private final AlarmScheduler scheduler;
  private final AlarmSnapshots snapshots;
  private final ExecutorService ownedExecutor;
  private final List<MetricFilter> filters = new CopyOnWriteArrayList<>();
  private final Map<MetricFilter, Instant> filterCreated = new ConcurrentHashMap<>();
  private final List<EmfRejection> emfRejections = new CopyOnWriteArrayList<>();
  private final AtomicInteger filterNames = new AtomicInteger();

  /** When this run opened the log store: older events were ingested by a previous run. */
  private final Instant opened;

  private final Object wakeLock = new Object();
  private volatile Thread loop;
  private volatile boolean running;
  private boolean sleeping;
  private boolean wakeRequested;

  private CloudWatchSim(Builder builder) {
    this.clock = builder.clock;
    this.region = builder.region;
    this.accountId = builder.accountId;
    this.logs =
        builder.dataDirectory == null
            ? LogStore.inMemory(clock)
            : LogStore.open(builder.dataDirectory.resolve("logs"), clock);
    this.snapshots =
        builder.dataDirectory == null ? null : new AlarmSnapshots(builder.dataDirectory);
    this.ownedExecutor = builder.executor == null ? actionThreads() : null;
    this.dispatcher =
        new ActionDispatcher(
            clock, builder.target, builder.executor == null ? ownedExecutor : builder.executor);
    this.scheduler =
        new AlarmScheduler(
            clock, metrics, dispatcher, builder.region, builder.accountId, builder.evaluationDelay);
    dispatcher.onRetryScheduled(this::wakeUp);
    scheduler.onChange(this::snapshot);
    this.opened = clock.instant();
    if (builder.dataDirectory != null) {
      replayEmbeddedMetrics();
    }
    logs.addListener(this::ingest);
  }

  /** A restarted cloud's Embedded Metric Format datapoints, from the logs it kept. */
  private void replayEmbeddedMetrics() {
    for (String group : logs.logGroups()) {
      for (LogEvent event : logs.read(group, Instant.EPOCH, message -> true)) {
        if (EmfExtractor.extract(event.message(), event.timestamp())
            instanceof EmfResult.Extracted extracted) {
          metrics.putAll(extracted.datapoints());
        }
      }
    }
  }

  public static Builder builder(SimClock clock) {
    return new Builder(clock);
  }

  public SimClock clock() {
    return clock;
  }

  /** The region in the ARNs of this CloudWatch's resources. */
  public String region() {
    return region;
  }

  public String accountId() {
    return accountId;
  }

  public LogStore logs() {
    return logs;
  }

  public MetricStore metrics() {
    return metrics;
  }

  /** Adds a metric filter named after its log group; see {@link MetricFilter#create}. */
  public MetricFilter addMetricFilter(
      String logGroup, String filterPattern, List<MetricTransformation> transformations) {
    String name = logGroup + "-filter-" + filterNames.incrementAndGet();
    return addMetricFilter(MetricFilter.create(name, logGroup, filterPattern, transformations));
  }

  public synchronized MetricFilter addMetricFilter(MetricFilter filter) {
    for (MetricAlarm alarm : scheduler.alarms()) {
      requireResolutionFits(alarm.definition(), Stream.of(filter));
    }
    logs.createLogGroup(filter.logGroupName());
    filterCreated.put(filter, clock.instant().truncatedTo(ChronoUnit.MILLIS));
    filters.add(filter);
    // A restarted cloud's metrics are what its filters made of the logs it kept; events written
    // since this start went through the filter as they came.
    for (LogEvent event : logs.read(filter.logGroupName(), Instant.EPOCH, message -> true)) {
      if (event.timestamp().isBefore(opened)) {
        metrics.putAll(filter.apply(event.message(), event.timestamp()));
      }
    }
    return filter;
  }

  /** The metric filters, ASCII-sorted by name as DescribeMetricFilters lists them. */
  public List<DescribedMetricFilter> metricFilters() {
    return filters.stream()
        .map(f -> new DescribedMetricFilter(f, filterCreated.getOrDefault(f, Instant.EPOCH)))
        .sorted(
            Comparator.comparing((DescribedMetricFilter d) -> d.filter().filterName())
                .thenComparing(d -> d.filter().logGroupName()))
        .toList();
  }

  /**
   * DeleteLogGroup: the group's events and streams go, and with them its metric filters, which
   * exist only on a group (the metrics they published stay, as CloudWatch keeps metrics apart).
   *
   * @return false when there was no such group
   */
  public synchronized boolean deleteLogGroup(String logGroup) {
    List<MetricFilter> gone =
        filters.stream().filter(f -> f.logGroupName().equals(logGroup)).toList();
    filters.removeAll(gone);
    gone.forEach(filterCreated::remove);
    return logs.deleteLogGroup(logGroup);
  }

  /**
   * Adds an alarm; it starts in INSUFFICIENT_DATA and is first evaluated at the next minute (or 10
   * second) boundary.
   */
  public synchronized MetricAlarm addAlarm(AlarmDefinition definition) {
    requireResolutionFits(definition, filters.stream());
    MetricAlarm alarm = scheduler.add(definition);
    if (snapshots != null) {
      // a restarted cloud carries on with the state and history its alarm had
      snapshots
          .restore(definition.alarmName())
          .ifPresent(
              restored ->
                  alarm.restore(restored.state(), restored.history(), restored.lastEvaluated()));
    }
    snapshot(alarm);
    wakeUp();
    return alarm;
  }

  /**
   * Metric filters publish one-minute metrics, so a 10, 20 or 30 second alarm on one of them would
   * see at most one datapoint a minute: refused at deploy rather than left to misbehave.
   */
  private static void requireResolutionFits(AlarmDefinition alarm, Stream<MetricFilter> filters) {
    if (!alarm.highResolution()) {
      return;
    }
    filters
        .filter(
            f ->
                f.transformations().stream()
                    .anyMatch(
                        t ->
                            t.metricNamespace().equals(alarm.metric().namespace())
                                && t.metricName().equals(alarm.metric().name())))
        .findFirst()
        .ifPresent(
            f -> {
              throw new IllegalArgumentException(
                  "alarm "
                      + alarm.alarmName()
                      + " has a "
                      + alarm.periodSeconds()
                      + " second period,"
                      + " but "
                      + alarm.metric().namespace()
                      + "/"
                      + alarm.metric().name()
                      + " comes from metric filter "
                      + f.filterName()
                      + ", and metric filters"
                      + " publish standard-resolution (one minute) metrics; periods of 10, 20 or 30"
                      + " seconds need a high-resolution metric, such as Embedded Metric Format with"
                      + " StorageResolution 1");
            });
  }

  /** A log writer for a new Lambda execution environment logging to {@code logGroupName}. */
  public LambdaLogWriter lambdaLogWriter(String logGroupName, int memorySizeMb) {
    return LambdaLogWriter.forNewEnvironment(logs, logGroupName, clock, memorySizeMb);
  }

  public Optional<AlarmDescription> describeAlarm(String alarmName) {
    return scheduler.alarm(alarmName).map(this::describe);
  }

  /** Every alarm, sorted by name, as DescribeAlarms lists them. */
  public List<AlarmDescription> describeAlarms() {
    return scheduler.alarms().stream()
        .sorted(java.util.Comparator.comparing(MetricAlarm::name))
        .map(this::describe)
        .toList();
  }

  /**
   * EnableAlarmActions ({@code true}) or DisableAlarmActions ({@code false}); names of alarms that
   * do not exist are ignored, as CloudWatch ignores them.
   *
   * @return the names of the alarms that exist
   */
  public List<String> setAlarmActionsEnabled(List<String> alarmNames, boolean enabled) {
    return alarmNames.stream().filter(name -> scheduler.setActionsEnabled(name, enabled)).toList();
  }

  /** PutMetricData: datapoints a client publishes; alarms see them at their next evaluation. */
  public void putMetricData(List<Datapoint> datapoints) {
    metrics.putAll(datapoints);
  }

  /**
   * SetAlarmState: the alarm takes {@code state} until its next evaluation, running that state's
   * actions if it differs.
   *
   * @throws IllegalArgumentException when no alarm has that name
   */
  public void setAlarmState(String alarmName, AlarmState state, String reason) {
    scheduler.setAlarmState(alarmName, state, reason);
  }

  public List<ActionAttempt> actionAttempts() {
    return dispatcher.attempts();
  }

  /** Log events with invalid Embedded Metric Format, with the reason, oldest first. */
  public List<EmfRejection> emfRejections() {
    return List.copyOf(emfRejections);
  }

  /** Runs the evaluations and action retries that are due by the clock's current time. */
  public void runDue() {
    scheduler.runDue();
    dispatcher.runDue();
  }

  /** Starts the background thread that runs evaluations and retries when they fall due. */
  public synchronized void start() {
    if (loop != null) {
      return;
    }
    running = true;
    loop = new Thread(this::loop, "cloudwatch-alarms");
    loop.setDaemon(true);
    loop.start();
  }

  private void loop() {
    while (running) {
      Optional<Instant> next =
          Stream.of(scheduler.nextDue(), dispatcher.nextDue())
              .flatMap(Optional::stream)
              .min(Instant::compareTo);
      synchronized (wakeLock) {
        if (wakeRequested) {
          wakeRequested = false;
          continue;
        }
        sleeping = true;
      }
      try {
        if (next.isPresent()) {
          clock.sleepUntil(next.get());
        } else {
          clock.sleep(Duration.ofMinutes(1));
        }
      } catch (InterruptedException e) {
        // woken for a new alarm or retry, or closing
      } finally {
        synchronized (wakeLock) {
          sleeping = false;
          wakeRequested = false;
          Thread.interrupted(); // a wake-up that raced with the end of the sleep is spent
        }
      }
      if (!running) {
        return;
      }
      try {
        runDue();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, "alarm evaluation failed", e);
      }
    }
  }

  /**
   * Makes the loop recompute when to wake. It is interrupted only while sleeping: an interrupt
   * during an evaluation could abort the file writes of alarm snapshots.
   */
  private void wakeUp() {
    synchronized (wakeLock) {
      wakeRequested = true;
      Thread current = loop;
      if (sleeping && current != null) {
        current.interrupt();
      }
    }
  }

  private void ingest(LogEvent event) {
    for (MetricFilter filter : filters) {
      if (filter.logGroupName().equals(event.logGroup())) {
        metrics.putAll(filter.apply(event.message(), event.timestamp()));
      }
    }
    EmfResult emf = EmfExtractor.extract(event.message(), event.timestamp());
    if (emf instanceof EmfResult.Extracted extracted) {
      metrics.putAll(extracted.datapoints());
    } else if (emf instanceof EmfResult.Invalid invalid) {
      emfRejections.add(new EmfRejection(event, invalid.reason()));
      LOG.log(
          System.Logger.Level.WARNING,
          "invalid Embedded Metric Format in {0}: {1}",
          event.logGroup(),
          invalid.reason());
    }
  }

  private AlarmDescription describe(MetricAlarm alarm) {
    return alarm.describe(metrics, dispatcher.attempts());
  }

  private void snapshot(MetricAlarm alarm) {
    if (snapshots != null) {
      snapshots.write(describe(alarm));
    }
  }

  private static ExecutorService actionThreads() {
    AtomicInteger count = new AtomicInteger();
    return Executors.newCachedThreadPool(
        runnable -> {
          Thread thread = new Thread(runnable, "alarm-action-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }

  @Override
  public void close() {
    Thread current;
    synchronized (this) {
      running = false;
      current = loop;
    }
    if (current != null) {
      wakeUp();
      try {
        current.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (ownedExecutor != null) {
      ownedExecutor.shutdownNow();
    }
    logs.close();
  }

  /** Configuration; only the clock is required. */
  public static final class Builder {
    private final SimClock clock;
    private Path dataDirectory;
    private String region = "us-east-1";
    private String accountId = "000000000000";
    private AlarmActionTarget target =
        (arn, payload) -> {
          throw new IllegalStateException("no AlarmActionTarget is wired to run " + arn);
        };
    private Executor executor;
    private Duration evaluationDelay = Duration.ofSeconds(2);

    private Builder(SimClock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Keeps logs ({@code logs/}) and alarm states ({@code alarms/}) under this directory. */
    public Builder dataDirectory(Path value) {
      dataDirectory = value;
      return this;
    }

    public Builder region(String value) {
      region = value;
      return this;
    }

    public Builder accountId(String value) {
      accountId = value;
      return this;
    }

    /** Runs alarm actions; the embedded cloud's Lambda service. */
    public Builder actionTarget(AlarmActionTarget value) {
      target = value;
      return this;
    }

    /** Runs action attempts; by default a pool of daemon threads. */
    public Builder actionExecutor(Executor value) {
      executor = value;
      return this;
    }

    /**
     * How long after each period boundary alarms evaluate (simulated time), so events logged just
     * before the boundary are counted; default two seconds.
     */
    public Builder evaluationDelay(Duration value) {
      evaluationDelay = value;
      return this;
    }

    public CloudWatchSim build() {
      return new CloudWatchSim(this);
    }
  }

  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    filters.forEach(f -> parts.add(f.toString()));
    scheduler.alarms().forEach(a -> parts.add(a.name()));
    return "CloudWatchSim" + parts;
  }
}
