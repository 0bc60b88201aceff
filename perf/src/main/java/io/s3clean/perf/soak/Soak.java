package io.s3clean.perf.soak;

import io.s3clean.perf.cli.Arguments;

/**
 * {@code scripts/soak [events] [seed] [standard|versioned]}: a soak run on a fresh embedded cloud;
 * prints what was injected and every check, and exits 1 if any check failed.
 */
public final class Soak {
  private Soak() {}

  public static void main(String[] args) throws Exception {
    Arguments.run(args, Soak::soak);
  }

  private static void soak(String[] args) throws InterruptedException {
    Arguments arguments = new Arguments("soak", "[events] [seed] [profile]", args);
    int events = (int) arguments.number(0, "events", 1, 10_000_000, 100_000);
    long seed = arguments.number(1, "seed", Long.MIN_VALUE, Long.MAX_VALUE, 8L);
    SoakConfig config =
        arguments
                .choice(2, "profile", java.util.List.of("standard", "versioned"), "standard")
                .equals("versioned")
            ? SoakConfig.versioned(events, seed)
            : SoakConfig.standard(events, seed);
    SoakResult result = new SoakRun(config, System.err).run();
    result.print(System.out);
    System.exit(result.passed() ? 0 : 1);
  }
}
