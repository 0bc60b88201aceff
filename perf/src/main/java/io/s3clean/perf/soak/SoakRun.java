package io.s3clean.perf.soak;

import io.s3clean.clock.ScaledClock;
import io.s3clean.event.S3EventMessages;
import io.s3clean.localcloud.LocalCloud;
import io.s3clean.localcloud.emulator.EmulatorConfig;
import io.s3clean.localcloud.provision.DeployedStack;
import io.s3clean.perf.stack.PerfStack;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Drives a soak on a fresh embedded cloud: the shipped template with its event source mappings at
 * the configured concurrency, the fault plan switched on, the workload's changes made through S3
 * (so S3's own notifications carry them), poison messages sent straight to the tracking queue, and
 * S3-shaped events of 5 TiB objects published straight to the topic (no emulator stores 5 TiB). It
 * waits until both queues are empty and every poison message is in the dead-letter queue, then
 * hands everything to {@link SoakAudit}.
 */
public final class SoakRun {
  /** S3's largest object: 5 TiB. */
  static final long FIVE_TIB = 5L << 40;

  private final SoakConfig config;
  private final PrintStream progress;

  public SoakRun(SoakConfig config, PrintStream progress) {
    this.config = config;
    this.progress = progress;
  }

  public SoakResult run() throws InterruptedException {
    Instant deadline = Instant.now().plus(config.timeLimit());
    Workload workload = Workload.generate(config.events(), config.seed(), config.versioned());
    List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
    long started = System.nanoTime();
    try (LocalCloud cloud =
        LocalCloud.start(
            new LocalCloud.Options(
                    PerfStack.template(config.consumers()),
                    EmulatorConfig.inMemory(),
                    "soak",
                    PerfStack.parameters(config.batchSize()),
                    ScaledClock.startingNow(config.timeScale()),
                    e -> {},
                    (what, e) -> errors.add(what + ": " + e))
                .withFaults(config.faults()))) {
      DeployedStack stack = cloud.stack();
      String bucket = stack.typed().watchedBucket();
      Queue<S3EventMessages.Change> raised = new ConcurrentLinkedQueue<>();
      cloud
          .notifications()
          .addRaisedListener(
              change -> {
                if (change.bucket().equals(bucket)) {
                  raised.add(change);
                }
              });
      step(
          "embedded cloud up in %.1f s; %d events planned over %d keys, %d client threads, %d consumers, batch %d",
          cloud.startup().toMillis() / 1000.0,
          workload.eventCount(),
          workload.scripts().size(),
          config.clientThreads(),
          config.consumers(),
          config.batchSize());

      if (config.versioned()) {
        version(cloud, bucket);
      }
      long driveStart = System.nanoTime();
      Sideline sideline = new Sideline(cloud, bucket);
      drive(cloud.clients().s3(), bucket, workload, sideline);
      if (config.versioned()) {
        awaitExpired(cloud, bucket, deadline);
      }
      cloud.notifications().drain();
      Duration drive = Duration.ofNanos(System.nanoTime() - driveStart);
      step(
          "driven in %.1f s: %d S3 events raised, %d declared 5 TiB events and %d poison messages sent",
          drive.toMillis() / 1000.0,
          raised.size(),
          sideline.declared.size(),
          sideline.poison.size());

      boolean drained = awaitDrained(cloud, stack, deadline);
      Duration pipeline = Duration.ofNanos(System.nanoTime() - driveStart);
      step(
          "pipeline %s after %.1f s",
          drained ? "drained" : "NOT drained", pipeline.toMillis() / 1000.0);

      SoakAudit audit =
          new SoakAudit(cloud, stack, List.copyOf(raised), sideline.declared, sideline.poison);
      return new SoakResult(
          config,
          audit.checks(drained),
          cloud.faults().report(),
          audit.stats(),
          raised.size() + sideline.declared.size(),
          drive,
          pipeline,
          Duration.ofNanos(System.nanoTime() - started),
          errors,
          cloud.functions().unusedGrants());
    }
  }

  /**
   * The workload's scripts, each run in order on one of the client threads; meanwhile this thread
   * spreads the poison messages and the declared 5 TiB events over the run.
   */
  private void drive(S3Client s3, String bucket, Workload workload, Sideline sideline)
      throws InterruptedException {
    for (Workload.Source source : workload.sources()) {
      s3.putObject(
          r -> r.bucket(bucket).key(source.key()), RequestBody.fromBytes(new byte[source.size()]));
    }
    AtomicLong done = new AtomicLong();
    ExecutorService clients = Executors.newFixedThreadPool(config.clientThreads());
    List<Future<?>> work = new ArrayList<>();
    for (Workload.Script script : workload.scripts()) {
      work.add(
          clients.submit(
              () -> {
                List<String> made = new ArrayList<>();
                for (Workload.Op op : script.ops()) {
                  apply(s3, bucket, script.key(), op, made);
                  done.incrementAndGet();
                }
              }));
    }
    clients.shutdown();
    int total = workload.eventCount() - workload.sources().size();
    int sideSteps = config.poisonMessages() + config.declaredHugeObjects();
    long lastReport = System.nanoTime();
    for (int step = 0; step < sideSteps; ) {
      if (done.get() >= (long) total * (step + 1) / (sideSteps + 1) || clients.isTerminated()) {
        if (step % 2 == 0 && sideline.poison.size() < config.poisonMessages()
            || sideline.declared.size() >= 2 * config.declaredHugeObjects()) {
          sideline.sendPoison();
        } else {
          sideline.declareHugeObject();
        }
        step++;
      } else {
        Thread.sleep(20);
      }
      lastReport = reportProgress(done, total, lastReport);
    }
    while (!clients.awaitTermination(1, TimeUnit.SECONDS)) {
      lastReport = reportProgress(done, total, lastReport);
    }
    for (Future<?> future : work) {
      try {
        future.get();
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException("an S3 call of the workload failed", e.getCause());
      }
    }
  }

  private long reportProgress(AtomicLong done, int total, long lastReport) {
    if (System.nanoTime() - lastReport < TimeUnit.SECONDS.toNanos(5)) {
      return lastReport;
    }
    step("  %,d of %,d S3 changes made", done.get(), total);
    return System.nanoTime();
  }

  /**
   * @param made the ids of the versions this key's script made so far, in order (null on a bucket
   *     never versioned)
   */
  private static void apply(
      S3Client s3, String bucket, String key, Workload.Op op, List<String> made) {
    if (op instanceof Workload.Put put) {
      made.add(
          s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(new byte[put.size()]))
              .versionId());
    } else if (op instanceof Workload.Copy copy) {
      made.add(
          s3.copyObject(
                  r ->
                      r.sourceBucket(bucket)
                          .sourceKey(copy.from().key())
                          .destinationBucket(bucket)
                          .destinationKey(key))
              .versionId());
    } else if (op instanceof Workload.DeleteVersion version) {
      s3.deleteObject(r -> r.bucket(bucket).key(key).versionId(made.get(version.nth())));
    } else {
      s3.deleteObject(r -> r.bucket(bucket).key(key));
    }
  }

  /**
   * Turns versioning on, and has the bucket's lifecycle expire every current version under {@link
   * Workload#EXPIRING} from this midnight on: a delete marker each, raised as
   * LifecycleExpiration:DeleteMarkerCreated by the cloud's passes during the run.
   */
  private static void version(LocalCloud cloud, String bucket) {
    cloud
        .clients()
        .s3()
        .putBucketVersioning(
            r ->
                r.bucket(bucket)
                    .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
    String midnight = LocalDate.now(ZoneOffset.UTC) + "T00:00:00Z";
    cloud
        .emulators()
        .s3Lifecycle()
        .put(
            bucket,
            "<LifecycleConfiguration><Rule><ID>expiring</ID><Filter><Prefix>"
                + Workload.EXPIRING
                + "</Prefix></Filter><Status>Enabled</Status><Expiration><Date>"
                + midnight
                + "</Date></Expiration></Rule></LifecycleConfiguration>");
  }

  /**
   * Waits for a lifecycle pass to have expired every key under {@link Workload#EXPIRING} (a marker
   * on top of each), then removes the rule, so that no expiration comes after the audit's count of
   * the events S3 raised.
   */
  private void awaitExpired(LocalCloud cloud, String bucket, Instant deadline)
      throws InterruptedException {
    S3Client s3 = cloud.clients().s3();
    while (Instant.now().isBefore(deadline)) {
      boolean anyCurrent =
          s3
              .listObjectVersionsPaginator(r -> r.bucket(bucket).prefix(Workload.EXPIRING))
              .versions()
              .stream()
              .anyMatch(v -> Boolean.TRUE.equals(v.isLatest()));
      if (!anyCurrent) {
        break;
      }
      Thread.sleep(500);
    }
    cloud.emulators().s3Lifecycle().delete(bucket);
    step("lifecycle expired the keys under %s", Workload.EXPIRING);
  }

  /**
   * Waits until both queues are empty and every poison message reached the tracking dead-letter
   * queue.
   */
  private boolean awaitDrained(LocalCloud cloud, DeployedStack stack, Instant deadline)
      throws InterruptedException {
    SqsClient sqs = cloud.clients().sqs();
    long lastReport = 0;
    while (Instant.now().isBefore(deadline)) {
      long tracking = messages(sqs, stack.typed().trackingQueueUrl());
      long logging = messages(sqs, stack.typed().loggingQueueUrl());
      long dead = messages(sqs, stack.typed().trackingDlqUrl());
      if (tracking == 0 && logging == 0 && dead >= config.poisonMessages()) {
        return true;
      }
      if (System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(5)) {
        step("  queued: tracking %,d, logging %,d, tracking DLQ %d", tracking, logging, dead);
        lastReport = System.nanoTime();
      }
      Thread.sleep(100);
    }
    return false;
  }

  /** Visible, in flight and delayed messages of a queue. */
  static long messages(SqsClient sqs, String queueUrl) {
    Map<QueueAttributeName, String> attributes =
        sqs.getQueueAttributes(
                r ->
                    r.queueUrl(queueUrl)
                        .attributeNames(
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
            .attributes();
    return attributes.values().stream().mapToLong(Long::parseLong).sum();
  }

  private void step(String format, Object... args) {
    progress.printf(
        "[soak %5.1f s] %s%n", (System.nanoTime() - START) / 1e9, String.format(format, args));
    progress.flush();
  }

  private static final long START = System.nanoTime();

  /**
   * What the soak sends around S3: malformed bodies straight to the tracking queue, and events of
   * objects too large for any emulator, published to the topic as S3 would publish them.
   */
  final class Sideline {
    /** Bodies the parser must refuse, each for another reason. */
    private static final List<String> POISON =
        List.of(
            "this is not JSON",
            "{\"Type\":\"Notification\",\"Message\":\"not JSON either\"}",
            "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"eventTime\":\"2026-11-24T00:00:00Z\","
                + "\"s3\":{\"bucket\":{\"name\":\"%s\"},\"object\":{\"key\":\"no-size\",\"sequencer\":\"0A\"}}}]}",
            "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"eventTime\":\"2026-11-24T00:00:00Z\","
                + "\"s3\":{\"bucket\":{\"name\":\"%s\"},\"object\":{\"key\":\"bad-sequencer\",\"size\":1,\"sequencer\":\"XYZ\"}}}]}",
            "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"eventTime\":\"2026-11-24T00:00:00Z\","
                + "\"s3\":{\"bucket\":{\"name\":\"%s\"},\"object\":{\"key\":\"bad%%ZZencoding\",\"size\":1,\"sequencer\":\"0B\"}}}]}",
            "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"eventTime\":\"yesterday\","
                + "\"s3\":{\"bucket\":{\"name\":\"%s\"},\"object\":{\"key\":\"bad-time\",\"size\":1,\"sequencer\":\"0C\"}}}]}",
            "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"eventTime\":\"2026-11-24T00:00:00Z\","
                + "\"s3\":{\"bucket\":{\"name\":\"%s\"},\"object\":{\"key\":\"negative\",\"size\":-5,\"sequencer\":\"0D\"}}}]}");

    private final LocalCloud cloud;
    private final String bucket;
    private final String topicArn;
    private final String trackingQueue;
    final Map<String, String> poison = new java.util.LinkedHashMap<>();
    final List<S3EventMessages.Change> declared = new ArrayList<>();

    Sideline(LocalCloud cloud, String bucket) {
      this.cloud = cloud;
      this.bucket = bucket;
      this.topicArn = cloud.stack().typed().topicArn();
      this.trackingQueue = cloud.stack().typed().trackingQueueUrl();
    }

    void sendPoison() {
      String body = String.format(POISON.get(poison.size() % POISON.size()), bucket);
      String id =
          cloud
              .clients()
              .sqs()
              .sendMessage(r -> r.queueUrl(trackingQueue).messageBody(body))
              .messageId();
      poison.put(id, body);
    }

    /**
     * A 5 TiB object created by a multipart upload and deleted again, so that the bucket listing
     * (where it cannot exist) and the ledger agree at the end. Every other one arrives delete
     * first: the late creation must not resurrect it. The first one's creation is also sent twice.
     */
    void declareHugeObject() {
      int n = declared.size() / 2;
      String key = "declared/5TiB-" + n + ".bin";
      Instant now = cloud.deployment().clock().instant();
      S3EventMessages.Change created =
          new S3EventMessages.Change(
              cloud.emulators().region(),
              bucket,
              key,
              "ObjectCreated:CompleteMultipartUpload",
              FIVE_TIB,
              "0123456789abcdef0123456789abcdef-1000",
              String.format("%016X", 0xA0L + n * 2L),
              now);
      S3EventMessages.Change removed =
          new S3EventMessages.Change(
              cloud.emulators().region(),
              bucket,
              key,
              "ObjectRemoved:Delete",
              null,
              null,
              String.format("%016X", 0xA1L + n * 2L),
              now.plusMillis(1));
      List<S3EventMessages.Change> order =
          n % 2 == 0 ? List.of(created, removed) : List.of(removed, created);
      for (S3EventMessages.Change change : order) {
        cloud.sns().publish(topicArn, "Amazon S3 Notification", S3EventMessages.s3Event(change));
      }
      if (n == 0) {
        cloud.sns().publish(topicArn, "Amazon S3 Notification", S3EventMessages.s3Event(created));
      }
      declared.add(created);
      declared.add(removed);
    }
  }
}
