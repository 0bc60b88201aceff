package io.s3clean.perf.soak;

/**
 * {@code scripts/soak [events] [seed]}: a soak run on a fresh embedded cloud; prints what was
 * injected and every check, and exits 1 if any check failed.
 */
public final class Soak {
  private Soak() {}

  public static void main(String[] args) throws InterruptedException {
    int events = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 100_000;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 8L;
    SoakResult result = new SoakRun(SoakConfig.standard(events, seed), System.err).run();
    result.print(System.out);
    System.exit(result.passed() ? 0 : 1);
  }
}
