package io.s3clean.perf.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the CPU goes while a burst runs, by the component that owns each thread (all of them run in
 * this JVM): CPU time per thread between two snapshots, summed by thread name. What is not in a
 * Java thread (the JIT compilers, the garbage collector) is the process total minus the rest.
 */
final class CpuShares {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  /** Component to CPU nanoseconds, accumulated over any number of intervals. */
  private final Map<String, Long> nanos = new LinkedHashMap<>();

  /** CPU time per live thread id, with its component, and the process total. */
  record Snapshot(Map<Long, Long> threads, Map<Long, String> components, long process) {}

  static Snapshot take() {
    Map<Long, Long> cpu = new HashMap<>();
    Map<Long, String> components = new HashMap<>();
    for (ThreadInfo info : THREADS.dumpAllThreads(false, false)) {
      long time = THREADS.getThreadCpuTime(info.getThreadId());
      if (time >= 0) {
        cpu.put(info.getThreadId(), time);
        components.put(info.getThreadId(), component(info.getThreadName()));
      }
    }
    return new Snapshot(cpu, components, OS.getProcessCpuTime());
  }

  void add(Snapshot before, Snapshot after) {
    long threads = 0;
    for (Map.Entry<Long, Long> entry : after.threads().entrySet()) {
      long delta = entry.getValue() - before.threads().getOrDefault(entry.getKey(), 0L);
      nanos.merge(after.components().get(entry.getKey()), delta, Long::sum);
      threads += delta;
    }
    nanos.merge(
        "JIT compilers and GC (not Java threads)",
        after.process() - before.process() - threads,
        Long::sum);
  }

  Map<String, Long> nanos() {
    return nanos;
  }

  long total() {
    return nanos.values().stream().mapToLong(Long::longValue).sum();
  }

  private static String component(String thread) {
    // SQS is an engine in the cloud's process, called by the pollers and SNS on their own threads;
    // what clients and the functions ask over HTTP (the functions' DynamoDB transactions among it)
    // runs on the endpoint's request threads.
    if (thread.startsWith("aws-endpoint-")) {
      return "the endpoint's request threads (the functions' DynamoDB calls, SQS, CloudWatch, Lambda ...)";
    }
    // DynamoDbServer names its request threads "dynamodb-N". Its JDK HTTP server's accept thread
    // ("HTTP-Dispatcher") shares its name with the other JDK servers here and counts as "other".
    if (thread.startsWith("dynamodb-")) {
      return "DynamoDB engine on its own port (the cloud's provisioning, the benchmark's reads)";
    }
    if (thread.startsWith("S3Proxy")) {
      return "S3Proxy (S3)";
    }
    // the pollers, and the threads that run each invocation
    if ((thread.startsWith("esm-") || thread.startsWith("lambda-"))
        && thread.endsWith("size-tracking")) {
      return "size-tracking function: polling, handler, SDK calls, its log lines";
    }
    if (thread.startsWith("s3-notifications")) {
      return "S3 notifications and SNS delivery";
    }
    if (thread.startsWith(PipelineBench.CLIENT_THREAD_NAME)) {
      return "the benchmark's S3 clients (puts)";
    }
    return "other Java threads";
  }
}
