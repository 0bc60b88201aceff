package io.s3clean.localcloud.usage;

import io.s3clean.cloudwatch.alarm.AlarmDescription;
import io.s3clean.localcloud.LocalCloud;
import io.s3clean.localcloud.emulator.Endpoints;
import io.s3clean.localcloud.emulator.LocalClients;
import io.s3clean.localcloud.sqs.SqsEngine;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A known workload on a deployed stack, metered: S3 events at a rate (two uploads of a 1 KiB object
 * for each delete of one, as a bucket that fills and is pruned), through the endpoint as any client
 * would, until every queue is drained. What it measures is what {@link CostEstimate} prices.
 */
public final class MeteredRun {
  private static final byte[] OBJECT = new byte[1024];
  private static final Duration SETTLED = Duration.ofMillis(600);
  private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

  /** A run longer than this is a mistake of its caller's (a rate far too low for its events). */
  public static final Duration LONGEST = Duration.ofMinutes(15);

  /** What the run measured, and what the stack holds that is billed by the month. */
  public record Result(Usage usage, CostEstimate.Standing standing) {}

  private MeteredRun() {}

  /**
   * @param events S3 events to cause, at least 3
   * @param perSecond events per wall-clock second; the cloud's clock may run faster than the wall's
   * @param progress a line now and then for the person waiting
   */
  public static Result run(
      LocalCloud cloud, int events, double perSecond, Consumer<String> progress)
      throws InterruptedException {
    if (events < 3) {
      throw new IllegalArgumentException("a metered run needs at least 3 events, not " + events);
    }
    if (!(perSecond > 0) || events / perSecond > LONGEST.toSeconds()) {
      throw new IllegalArgumentException(
          String.format(
              java.util.Locale.ROOT,
              "a metered run of %d events at %s events"
                  + " a second would take more than %d minutes",
              events,
              perSecond,
              LONGEST.toMinutes()));
    }
    URI endpoint = cloud.endpoint();
    String bucket = cloud.stack().output("WatchedBucketName");
    long start = System.nanoTime();
    try (S3Client s3 = LocalClients.of(Endpoints.at(endpoint, cloud.emulators().region())).s3()) {
      drain(cloud);
      cloud.meter().reset();
      Deque<String> stored = new ArrayDeque<>();
      long lastProgress = System.nanoTime();
      long intervalNanos = (long) (1e9 / perSecond);
      for (int i = 0; i < events; i++) {
        long due = start + i * intervalNanos;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        if (i % 3 == 2 && !stored.isEmpty()) {
          String key = stored.removeFirst();
          s3.deleteObject(b -> b.bucket(bucket).key(key));
        } else {
          String key = "metered/object-" + i;
          s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(OBJECT));
          stored.addLast(key);
        }
        if (System.nanoTime() - lastProgress > PROGRESS_EVERY.toNanos()) {
          lastProgress = System.nanoTime();
          progress.accept("metered run: " + (i + 1) + " of " + events + " events");
        }
      }
      drain(cloud);
    }
    return new Result(cloud.meter().snapshot(), standing(cloud));
  }

  /**
   * Waits until no queue a function polls holds a message, visible or in flight, for a moment (a
   * dead-letter queue keeps what it got, and no poller empties it).
   */
  private static void drain(LocalCloud cloud) throws InterruptedException {
    SqsEngine sqs = cloud.emulators().sqsEngine();
    List<String> polled = polledQueueArns(cloud).stream().map(sqs::queueUrlOfArn).toList();
    long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
    long emptySince = -1;
    while (System.nanoTime() < deadline) {
      long held = 0;
      for (String queue : polled) {
        Map<String, String> counts =
            sqs.attributes(
                queue,
                List.of("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"));
        held += counts.values().stream().mapToLong(Long::parseLong).sum();
      }
      long now = System.nanoTime();
      if (held > 0) {
        emptySince = -1;
      } else if (emptySince < 0) {
        emptySince = now;
      } else if (now - emptySince >= SETTLED.toNanos()) {
        return;
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException(
        "the queues the functions poll still held messages after "
            + DRAIN_TIMEOUT.toMinutes()
            + " minutes; the metered run cannot end");
  }

  /** The queues that enabled event source mappings poll. */
  private static List<String> polledQueueArns(LocalCloud cloud) {
    return cloud.functions().eventSourceMappings().stream()
        .filter(mapping -> mapping.enabled() && mapping.eventSourceArn().startsWith("arn:aws:sqs:"))
        .map(io.s3clean.localcloud.lambda.FunctionHost.EventSourceMapping::eventSourceArn)
        .toList();
  }

  private static CostEstimate.Standing standing(LocalCloud cloud) {
    List<AlarmDescription> alarms = cloud.cloudWatch().describeAlarms();
    int highResolution =
        (int) alarms.stream().filter(alarm -> alarm.definition().highResolution()).count();
    int queuePollers = polledQueueArns(cloud).size();
    String retention = cloud.stack().parameters().getOrDefault("LogRetentionInDays", "0");
    return new CostEstimate.Standing(
        queuePollers,
        alarms.size() - highResolution,
        highResolution,
        (int)
            cloud.cloudWatch().metrics().metrics().stream()
                .filter(m -> !m.namespace().startsWith("AWS/"))
                .count(),
        Integer.parseInt(retention));
  }
}
