package io.s3clean.cli.scenario;

import io.s3clean.cli.CliException;
import io.s3clean.cli.ExitCodes;
import io.s3clean.cli.target.StackTarget;
import io.s3clean.history.HistoryReader;
import io.s3clean.history.HistoryRecord;
import io.s3clean.ledger.LedgerReader;
import io.s3clean.ledger.dynamodb.DynamoLedgerReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The original system's driver, as a client of the stack: uploads aligned to the alarm's evaluation
 * window so that the two cleanup cycles happen in the intended order, then checks the timeline 0,
 * 18, 46, 18, 20, 2 and that only assignment3.txt remains.
 *
 * <p>All waits are bounded in alarm periods on the target's clock, so the scenario takes the same
 * number of periods on AWS and on the embedded cloud at any time scale.
 */
public final class UploadScenario {
  public static final List<Long> EXPECTED_TIMELINE = List.of(0L, 18L, 46L, 18L, 20L, 2L);
  private static final int PERIODS_PER_WAIT = 4;

  private final StackTarget target;
  private final StackTarget.StackInfo stack;
  private final Consumer<String> progress;
  private final Clock clock;
  private final S3Client s3;
  private final String bucket;
  private final String alarmName;
  private final LedgerReader ledger;
  private final HistoryReader history;
  private final Instant started;

  /**
   * What the scenario observed; {@link #passed()} only if the timeline and the bucket are as
   * expected.
   */
  public record Result(
      List<Long> timeline, List<String> remainingKeys, byte[] plot, Duration simulated) {
    public boolean passed() {
      return timeline.equals(EXPECTED_TIMELINE) && remainingKeys.equals(List.of("assignment3.txt"));
    }
  }

  public UploadScenario(
      StackTarget target, StackTarget.StackInfo stack, Consumer<String> progress) {
    this.target = target;
    this.stack = stack;
    this.progress = progress;
    this.clock = target.clock();
    this.s3 = target.s3();
    this.bucket = stack.typed().watchedBucket();
    this.alarmName = stack.typed().alarmName();
    this.ledger = new DynamoLedgerReader(target.dynamoDb(), stack.typed().objectTable());
    this.history = new HistoryReader(target.dynamoDb(), stack.typed().historyTable());
    this.started = clock.instant();
  }

  public Result run(int plotWidth, int plotHeight) throws InterruptedException {
    Duration period = Duration.ofSeconds(target.alarm(alarmName).periodSeconds());
    Duration wait = period.multipliedBy(PERIODS_PER_WAIT);

    emptyBucket(wait);
    awaitAlarm("OK", wait.multipliedBy(2));
    // The state row's applied count is the newest history record's seq: both move in one
    // transaction.
    long firstSeq = ledger.state(bucket).appliedCount();
    long startTotal = ledger.state(bucket).totalSize();

    Instant window = nextWindow(period);
    step("waiting for the next alarm evaluation window at " + window);
    sleepUntil(window);
    upload("assignment1.txt", 18);
    // Consumers run concurrently: waiting for the first total keeps the timeline in upload order.
    await("the ledger total to reach 18", wait, () -> ledger.state(bucket).totalSize() == 18);
    upload("assignment2.txt", 28);
    await("the cleaner to delete assignment2.txt", wait, () -> !keys().contains("assignment2.txt"));
    await("the ledger total to return to 18", wait, () -> ledger.state(bucket).totalSize() == 18);
    awaitAlarm("OK", wait);

    upload("assignment3.txt", 2);
    await("the cleaner to delete assignment1.txt", wait, () -> !keys().contains("assignment1.txt"));
    await("the ledger total to reach 2", wait, () -> ledger.state(bucket).totalSize() == 2);

    step("fetching the plot through the HTTP API");
    byte[] plot = target.fetchPlot(stack, plotWidth, plotHeight);

    List<Long> timeline = new ArrayList<>();
    timeline.add(startTotal);
    history.read(bucket).stream()
        .filter(r -> r.seq() > firstSeq)
        .map(HistoryRecord::totalSize)
        .forEach(timeline::add);
    return new Result(timeline, keys(), plot, Duration.between(started, clock.instant()));
  }

  /** Leaves the bucket empty and the ledger at 0, so a rerun starts where the first run did. */
  private void emptyBucket(Duration wait) throws InterruptedException {
    List<String> leftovers = keys();
    if (!leftovers.isEmpty()) {
      step("removing " + leftovers.size() + " object(s) left by an earlier run: " + leftovers);
      leftovers.forEach(key -> s3.deleteObject(r -> r.bucket(bucket).key(key)));
    }
    await("the ledger total to be 0", wait, () -> ledger.state(bucket).totalSize() == 0);
  }

  private void upload(String key, int size) {
    s3.putObject(
        r -> r.bucket(bucket).key(key).contentType("text/plain"),
        RequestBody.fromBytes(new byte[size]));
    step("uploaded " + key + " (" + size + " B)");
  }

  private void awaitAlarm(String state, Duration wait) throws InterruptedException {
    await(
        "alarm " + alarmName + " to be " + state + " (or without data)",
        wait,
        () -> {
          String current = target.alarm(alarmName).state();
          return current.equals(state) || current.equals("INSUFFICIENT_DATA");
        });
  }

  private Instant nextWindow(Duration period) {
    long periodMillis = period.toMillis();
    long now = clock.millis();
    return Instant.ofEpochMilli((now / periodMillis + 1) * periodMillis);
  }

  private void await(String what, Duration limit, Supplier<Boolean> done)
      throws InterruptedException {
    Instant deadline = clock.instant().plus(limit);
    step("waiting for " + what);
    while (!done.get()) {
      if (clock.instant().isAfter(deadline)) {
        throw new CliException(
            ExitCodes.OTHER_FAILURE,
            "timed out after "
                + limit.toSeconds()
                + " s (alarm clock) waiting for "
                + what
                + "; ledger total "
                + ledger.state(bucket).totalSize()
                + ", alarm "
                + target.alarm(alarmName).state());
      }
      Thread.sleep(100);
    }
    step(
        "  done: total "
            + ledger.state(bucket).totalSize()
            + ", alarm "
            + target.alarm(alarmName).state());
  }

  private void sleepUntil(Instant instant) throws InterruptedException {
    while (clock.instant().isBefore(instant)) {
      Thread.sleep(20);
    }
  }

  private List<String> keys() {
    return s3.listObjectsV2Paginator(r -> r.bucket(bucket)).contents().stream()
        .map(S3Object::key)
        .sorted()
        .toList();
  }

  private void step(String message) {
    progress.accept(String.format("[%s] %s", clock.instant(), message));
  }
}
