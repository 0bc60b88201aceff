package io.s3clean.localcloud.lambda.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s3clean.cloudwatch.logs.LambdaLogWriter;
import io.s3clean.localcloud.lambda.HostedFunction;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The execution environments of one function, as Lambda keeps them: an invocation takes a warm
 * environment if one is idle and starts a new one (a cold start) if none is, so there are as many
 * as invocations ever ran at once; one that timed out or whose process died is gone. Each writes
 * its own log stream. The runtime is AWS's Java runtime interface client on this machine's JVM.
 */
public final class FunctionProcesses implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The classes whose jars make the Java runtime: AWS's client, its serializer, the core
   * interfaces.
   */
  private static final List<String> RUNTIME_CLASSES =
      List.of(
          "com.amazonaws.services.lambda.runtime.api.client.AWSLambda",
          "com.amazonaws.services.lambda.runtime.serialization.PojoSerializer",
          "com.amazonaws.services.lambda.runtime.Context",
          "software.amazon.awssdk.utilslite.SdkInternalThreadLocal",
          "software.amazon.awssdk.annotations.SdkInternalApi");

  /**
   * What an invocation came to, its log already written.
   *
   * @param response the handler's result, when it returned
   * @param error the runtime's error document (errorMessage, errorType, stackTrace) otherwise
   */
  public record Reply(Optional<byte[]> response, Optional<ObjectNode> error) {
    public String errorType() {
      return error.map(e -> e.path("errorType").asText("Runtime.Unknown")).orElseThrow();
    }

    public String errorMessage() {
      return error.map(e -> e.path("errorMessage").asText("")).orElseThrow();
    }
  }

  /**
   * Everything an environment of the function is started with.
   *
   * @param taskRoot the function's unpacked code
   * @param environment the variables Lambda sets (credentials, region, names) and the function's
   *     own
   */
  public record Launch(
      String functionName,
      String functionArn,
      String handler,
      int memoryMb,
      int timeoutSeconds,
      Path taskRoot,
      Map<String, String> environment) {
    public Launch {
      environment = Map.copyOf(environment);
    }
  }

  /**
   * How long Lambda lets an on-demand environment initialise before the invocation's own clock
   * starts.
   */
  private static final Duration INIT_LIMIT = Duration.ofSeconds(10);

  /** Idle environments ended on one daemon thread for every function of the JVM. */
  private static final java.util.concurrent.ScheduledExecutorService REAPER =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "lambda-idle-reaper");
            thread.setDaemon(true);
            return thread;
          });

  /** How long an environment stays warm without an invocation when no one says otherwise. */
  public static final Duration DEFAULT_IDLE_LIMIT = Duration.ofMinutes(10);

  private final Launch launch;
  private final Supplier<LambdaLogWriter> newStream;
  private final Duration idleLimit;
  private final java.util.concurrent.ScheduledFuture<?> reaping;

  private record Idle(ExecutionEnvironment environment, long since) {}

  /**
   * The idle environments, the most recently used first, each with when ({@link System#nanoTime()})
   * it went idle.
   */
  private final Deque<Idle> idle = new ArrayDeque<>();

  private final List<ExecutionEnvironment> all = new ArrayList<>();
  private final AtomicInteger started = new AtomicInteger();
  private boolean closed;

  /**
   * @param newStream the log stream of a new environment
   */
  public FunctionProcesses(Launch launch, Supplier<LambdaLogWriter> newStream) {
    this(launch, newStream, DEFAULT_IDLE_LIMIT);
  }

  /**
   * @param idleLimit an environment idle this long is ended, as Lambda ends environments it has not
   *     used for a while (the next invocation is a cold start); its process's memory comes back
   */
  public FunctionProcesses(Launch launch, Supplier<LambdaLogWriter> newStream, Duration idleLimit) {
    this.launch = launch;
    this.newStream = newStream;
    this.idleLimit = idleLimit;
    long every = Math.max(100, Math.min(30_000, idleLimit.toMillis() / 2));
    this.reaping =
        REAPER.scheduleWithFixedDelay(
            this::endIdle, every, every, java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /** Ends the environments that have been idle past the limit. */
  private void endIdle() {
    List<ExecutionEnvironment> ending = new ArrayList<>();
    synchronized (this) {
      long now = System.nanoTime();
      idle.removeIf(
          waiting -> {
            boolean expired = now - waiting.since() >= idleLimit.toNanos();
            if (expired) {
              ending.add(waiting.environment());
              all.remove(waiting.environment());
            }
            return expired;
          });
    }
    ending.forEach(ExecutionEnvironment::close);
  }

  /** How many environments have been started: each was a cold start. */
  public int coldStarts() {
    return started.get();
  }

  /**
   * Runs an invocation in an idle environment, or a new one, and writes its log: the START line,
   * what the process wrote meanwhile, END and REPORT (with Init Duration on a cold start).
   *
   * @param copy gets every line of the invocation's log, for Invoke's LogType Tail
   */
  public Reply invoke(String requestId, byte[] payload, Consumer<String> copy) {
    ExecutionEnvironment environment = take();
    // Lambda's init phase has a limit of its own and is not part of the invocation's Duration or
    // Timeout
    environment.awaitInit(INIT_LIMIT);
    environment.flushOutput();
    LambdaLogWriter.Invocation log = environment.logs().start(requestId, copy);
    Duration timeout = Duration.ofSeconds(launch.timeoutSeconds());
    long begin = System.nanoTime();
    long deadline = System.currentTimeMillis() + timeout.toMillis();
    try {
      ExecutionEnvironment.Ended ended =
          environment.invoke(
              new RuntimeApi.Invocation(requestId, payload, deadline, launch.functionArn()),
              timeout,
              log::log);
      log.end(
          Duration.ofNanos(System.nanoTime() - begin),
          ended.maxMemoryUsedMb(),
          ended.initDuration().orElse(null));
      if (ended.outcome() instanceof RuntimeApi.Outcome.Error error && error.duringInit()) {
        // the runtime exits after an init error: the next invocation starts a new environment
        forget(environment);
        environment.close();
      } else {
        give(environment);
      }
      if (ended.outcome() instanceof RuntimeApi.Outcome.Response response) {
        return new Reply(Optional.of(response.payload()), Optional.empty());
      }
      return new Reply(
          Optional.empty(),
          Optional.of(errorDocument(((RuntimeApi.Outcome.Error) ended.outcome()))));
    } catch (ExecutionEnvironment.Lost lost) {
      forget(environment);
      HostedFunction.LambdaError error =
          lost.timedOut()
              ? HostedFunction.LambdaError.timedOut(requestId, timeout, log::log)
              : new HostedFunction.LambdaError(
                  "Runtime.ExitError", "RequestId: " + requestId + " Error: " + lost.getMessage());
      // a timed-out invocation is billed for the whole timeout, as Lambda reports it
      log.end(lost.timedOut() ? timeout : Duration.ofNanos(System.nanoTime() - begin), 0);
      return failed(error);
    } catch (InterruptedException e) {
      forget(environment);
      environment.close();
      Thread.currentThread().interrupt();
      log.end(Duration.ofNanos(System.nanoTime() - begin), 0);
      return failed(HostedFunction.LambdaError.interrupted());
    }
  }

  private static Reply failed(HostedFunction.LambdaError error) {
    return new Reply(
        Optional.empty(),
        Optional.of(
            JSON.createObjectNode()
                .put("errorType", error.errorType())
                .put("errorMessage", error.getMessage())));
  }

  private static ObjectNode errorDocument(RuntimeApi.Outcome.Error error) {
    try {
      if (JSON.readTree(error.document()) instanceof ObjectNode document) {
        return document;
      }
    } catch (IOException e) {
      // not JSON: Lambda passes the type on with the text as the message
    }
    return JSON.createObjectNode()
        .put("errorType", error.errorType())
        .put("errorMessage", new String(error.document(), StandardCharsets.UTF_8));
  }

  private ExecutionEnvironment take() {
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException(launch.functionName() + " is no longer deployed");
      }
      Idle waiting;
      while ((waiting = idle.pollFirst()) != null) {
        ExecutionEnvironment warm = waiting.environment();
        if (warm.alive()) {
          return warm;
        }
        all.remove(warm);
        warm.close();
      }
    }
    ExecutionEnvironment fresh =
        ExecutionEnvironment.start(
            launch.functionName() + "-" + started.incrementAndGet(),
            command(),
            launch.taskRoot(),
            launch.environment(),
            newStream.get());
    synchronized (this) {
      if (closed) {
        fresh.close();
        throw new IllegalStateException(launch.functionName() + " is no longer deployed");
      }
      all.add(fresh);
    }
    return fresh;
  }

  private synchronized void give(ExecutionEnvironment environment) {
    if (closed || !environment.alive()) {
      all.remove(environment);
      environment.close();
      return;
    }
    // the most recently used first, as Lambda favours a warm environment
    idle.addFirst(new Idle(environment, System.nanoTime()));
  }

  private synchronized void forget(ExecutionEnvironment environment) {
    all.remove(environment);
    idle.removeIf(waiting -> waiting.environment() == environment);
  }

  /**
   * The runtime's JVM, as Lambda's Java runtime starts it: the client and its serializer on the
   * class path (the function's code is not: the runtime loads it from the task root), the serial
   * collector, C1 only, and a heap sized from the function's memory.
   */
  private List<String> command() {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-XX:+TieredCompilation");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-Xshare:auto");
    command.add("-XX:MaxHeapSize=" + Math.max(64, launch.memoryMb() * 85 / 100) + "m");
    command.add("-Djava.net.preferIPv4Stack=true");
    // the runtime opens its telemetry descriptor by reflection, as Lambda's Java runtimes allow it
    command.add("--add-opens=java.base/java.io=ALL-UNNAMED");
    // AWS's runtime unpacks its JNI client to one fixed file in /tmp, which Lambda gives each
    // environment of its own; here environments share /tmp, and one runtime rewriting the file
    // under
    // another's mapping crashes it (SIGBUS). The runtime loads a library it is given instead.
    command.add(
        "-Dcom.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI="
            + nativeClient(launch.taskRoot().getParent().resolve(".runtime")));
    command.add("-cp");
    command.add(runtimeClassPath());
    command.add("com.amazonaws.services.lambda.runtime.api.client.AWSLambda");
    command.add(launch.handler());
    return command;
  }

  /**
   * The runtime's JNI client for this machine, unpacked once into {@code folder} and never written
   * over.
   */
  private static synchronized Path nativeClient(Path folder) {
    String arch = System.getProperty("os.arch");
    String name =
        "libaws-lambda-jni.linux-" + (arch.equals("aarch64") ? "aarch_64" : "x86_64") + ".so";
    Path library = folder.resolve(name);
    if (java.nio.file.Files.exists(library)) {
      return library;
    }
    try (java.io.InputStream in =
        Class.forName("com.amazonaws.services.lambda.runtime.api.client.AWSLambda")
            .getResourceAsStream("/jni/" + name)) {
      if (in == null) {
        throw new IllegalStateException(
            "AWS's Java runtime has no JNI client " + name + " for this machine");
      }
      java.nio.file.Files.createDirectories(folder);
      Path partial = java.nio.file.Files.createTempFile(folder, name, ".partial");
      java.nio.file.Files.copy(in, partial, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      java.nio.file.Files.move(
          partial,
          library,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return library;
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalStateException(
          "cannot unpack AWS's Java runtime's JNI client: " + e.getMessage(), e);
    }
  }

  private static String runtimeClassPath() {
    Map<String, String> jars = new LinkedHashMap<>();
    for (String name : RUNTIME_CLASSES) {
      try {
        Class<?> type = Class.forName(name, false, FunctionProcesses.class.getClassLoader());
        Path jar = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        jars.put(jar.toString(), name);
      } catch (ClassNotFoundException | URISyntaxException | NullPointerException e) {
        throw new IllegalStateException(
            "the Java runtime for functions is not on this cloud's class path: " + name, e);
      }
    }
    return String.join(File.pathSeparator, jars.keySet());
  }

  @Override
  public void close() {
    List<ExecutionEnvironment> closing;
    synchronized (this) {
      closed = true;
      reaping.cancel(false);
      closing = new ArrayList<>(all);
      all.clear();
      idle.clear();
    }
    closing.parallelStream().forEach(ExecutionEnvironment::close);
  }
}
