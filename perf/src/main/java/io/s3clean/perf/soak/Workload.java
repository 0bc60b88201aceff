package io.s3clean.perf.soak;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * What the soak does to the bucket, decided up front from a seed: per key a short script of puts,
 * overwrites, copies and deletes run in order by one client thread (so S3's sequencers order them),
 * with keys that need URL encoding, non-ASCII keys, keys the ledger must escape, zero-byte and
 * large-ish objects.
 */
public record Workload(List<Source> sources, List<Script> scripts) {

  /** An object the copies read from; created first and never changed. */
  public record Source(String key, int size) {}

  /** One key's operations, in order. */
  public record Script(String key, List<Op> ops) {}

  public sealed interface Op {}

  public record Put(int size) implements Op {}

  public record Copy(Source from) implements Op {}

  /** A DELETE naming no version: on a versioned bucket, a delete marker. */
  public record Delete() implements Op {}

  /**
   * A DELETE of one of the versions this key's script made before, by its id: the {@code nth}
   * (0-based) of them, which no earlier op of the script deleted.
   */
  public record DeleteVersion(int nth) implements Op {}

  /** Keys under this prefix expire by a lifecycle rule in the versioned profile. */
  public static final String EXPIRING = "expiring/";

  /**
   * Key shapes that each stress another step: URL encoding in events, escaping in the ledger, S3
   * paths.
   */
  private static final String[] KEY_PATTERNS = {
    "plain/object-%d.bin",
    "with space/file %d.txt",
    "plus+equals=amp&percent%%-%d.dat",
    "unicode/grüße-日本語-%d.txt",
    "emoji/🪣-%d",
    "__underscored-%d",
    "___tripled-%d",
    "deep/a/b/c/d/%d/leaf",
    "question?hash#-%d",
    "literal%%2Fslash-%d",
  };

  public int eventCount() {
    return sources.size() + scripts.stream().mapToInt(s -> s.ops().size()).sum();
  }

  public static Workload generate(int events, long seed) {
    return generate(events, seed, false);
  }

  /**
   * @param versioned for a versioned bucket: deletes of earlier versions by id besides plain
   *     deletes (delete markers), and every fifth key under {@link #EXPIRING}
   */
  public static Workload generate(int events, long seed, boolean versioned) {
    Random random = new Random(seed);
    List<Source> sources =
        List.of(
            new Source("copy-source/empty", 0),
            new Source("copy-source/one", 1),
            new Source("copy-source/small", 1_000),
            new Source("copy-source/medium", 5_000),
            new Source("copy-source/large", 70_000));
    List<Script> scripts = new ArrayList<>();
    int planned = sources.size();
    for (int i = 0; planned < events; i++) {
      String key = String.format(KEY_PATTERNS[i % KEY_PATTERNS.length], i);
      if (versioned && i % 5 == 0) {
        key = EXPIRING + key;
      }
      List<Op> ops = new ArrayList<>();
      int length = Math.min(events - planned, opsPerKey(random));
      boolean live = false;
      List<Integer> undeleted = new ArrayList<>();
      int made = 0;
      for (int n = 0; n < length; n++) {
        double choice = random.nextDouble();
        if (versioned && !undeleted.isEmpty() && choice < 0.2) {
          ops.add(new DeleteVersion(undeleted.remove(random.nextInt(undeleted.size()))));
        } else if (live && choice < 0.35) {
          ops.add(new Delete());
          live = false;
        } else if (choice > 0.9) {
          ops.add(new Copy(sources.get(random.nextInt(sources.size()))));
          live = true;
          undeleted.add(made++);
        } else {
          ops.add(new Put(size(random)));
          live = true;
          undeleted.add(made++);
        }
      }
      scripts.add(new Script(key, ops));
      planned += ops.size();
    }
    Collections.shuffle(scripts, random);
    return new Workload(sources, scripts);
  }

  /** Mostly one to three changes per key, some keys changed up to eight times. */
  private static int opsPerKey(Random random) {
    double choice = random.nextDouble();
    return choice < 0.4 ? 1 : choice < 0.65 ? 2 : choice < 0.8 ? 3 : 4 + random.nextInt(5);
  }

  /** 8% empty, most under 2 KiB, some up to 16 KiB, a few up to 64 KiB. */
  private static int size(Random random) {
    double choice = random.nextDouble();
    if (choice < 0.08) {
      return 0;
    }
    if (choice < 0.78) {
      return 1 + random.nextInt(2_048);
    }
    if (choice < 0.98) {
      return 2_048 + random.nextInt(14_336);
    }
    return 16_384 + random.nextInt(49_152);
  }
}
