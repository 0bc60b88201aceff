package io.s3clean.perf.soak;

import io.s3clean.localcloud.fault.FaultReport;
import io.s3clean.localcloud.iam.IamCheck;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A soak run's checks, what was injected, and how long it took; {@code unusedGrants} are, per
 * function, the grants of its role that no call of the run used.
 */
public record SoakResult(
    SoakConfig config,
    List<Check> checks,
    FaultReport faults,
    Map<String, Long> stats,
    long events,
    Duration drive,
    Duration pipeline,
    Duration total,
    List<String> cloudErrors,
    Map<String, List<IamCheck.Grant>> unusedGrants) {

  public record Check(String name, boolean passed, String detail) {}

  public boolean passed() {
    return checks.stream().allMatch(Check::passed) && cloudErrors.isEmpty();
  }

  public List<Check> failures() {
    return checks.stream().filter(c -> !c.passed()).toList();
  }

  public void print(PrintStream out) {
    FaultReport f = faults;
    out.printf(
        Locale.ROOT,
        "%nsoak: %,d events (seed %d), %d client threads, %d consumers, batch %d, time scale %.0f%n",
        events,
        config.seed(),
        config.clientThreads(),
        config.consumers(),
        config.batchSize(),
        config.timeScale());
    out.printf(
        Locale.ROOT,
        "  driven in %.1f s; pipeline drained %.1f s after the first change (%,.0f events/s); run %.1f s%n",
        seconds(drive),
        seconds(pipeline),
        events / seconds(pipeline),
        seconds(total));
    out.println("\ninjected");
    row(out, "S3 notifications delivered twice", f.duplicated(), f.s3Events());
    row(out, "S3 notifications held back", f.heldBack(), f.s3Events());
    row(out, "  delivered after a newer event of the key", f.publishedOutOfOrder(), f.s3Events());
    row(
        out,
        "invocations crashed after their first ledger write",
        f.crashedAfterWrite(),
        f.queueInvocations());
    row(
        out,
        "invocations crashed after the handler returned",
        f.crashedAfterReturn(),
        f.queueInvocations());
    row(out, "DynamoDB calls throttled, retried by the SDK", f.throttlesRetried(), f.dynamoCalls());
    row(
        out,
        "DynamoDB calls throttled, error reached the handler",
        f.throttlesSurfaced(),
        f.dynamoCalls());
    row(
        out,
        "invocations spared (a message on its last receive)",
        f.spared(),
        f.queueInvocations());
    out.println("\nobserved in the functions");
    row(
        out,
        "ledger transactions cancelled and replanned",
        f.transactionsCancelled(),
        f.transactions());
    row(
        out,
        "of them, cancelled by a concurrent transaction (TransactionConflict)",
        f.transactionsConflicted(),
        f.transactions());
    out.println("\nobserved in the stack");
    stats.forEach((name, value) -> out.printf(Locale.ROOT, "  %-52s %,15d%n", name, value));
    out.println("\nchecks");
    for (Check check : checks) {
      out.printf(
          Locale.ROOT,
          "  %-4s %-66s %s%n",
          check.passed() ? "ok" : "FAIL",
          check.name(),
          check.detail());
    }
    cloudErrors.stream().limit(10).forEach(e -> out.println("  cloud error: " + e));
    out.println(passed() ? "\nSOAK PASSED" : "\nSOAK FAILED");
    out.flush();
  }

  private static void row(PrintStream out, String name, long count, long of) {
    out.printf(
        Locale.ROOT,
        "  %-52s %,9d of %,9d (%5.2f%%)%n",
        name,
        count,
        of,
        of == 0 ? 0 : 100.0 * count / of);
  }

  private static double seconds(Duration duration) {
    return duration.toNanos() / 1e9;
  }
}
