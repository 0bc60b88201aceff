package io.s3clean.localcloud.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s3clean.cloudwatch.logs.LambdaLogWriter;
import io.s3clean.localcloud.fault.FaultInjector;
import io.s3clean.localcloud.lambda.runtime.FunctionProcesses;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One function running in this JVM: each invocation gets a request id, a context whose logger
 * writes to the function's log group, and the START / END / REPORT lines Lambda writes around it.
 */
public final class HostedFunction {
  /**
   * Event objects as the Java runtime reads and writes them: AWS's field names in any case ({@code
   * Records}, {@code eventSourceARN}), unknown fields ignored, nulls left out.
   */
  private static final ObjectMapper EVENTS =
      JsonMapper.builder()
          .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .build();

  private final FunctionSpec spec;

  /** The handler, or the {@link InitFailure} of building it. */
  private final Object handler;

  /**
   * Each invocation runs on a thread of its own, so that one past the function's timeout can be
   * given up on, as Lambda stops it; the thread is interrupted, and a handler that ignores that
   * runs on unseen (a process per execution environment, which can be killed, is issue 14's).
   */
  private final java.util.concurrent.ExecutorService invocations;

  private final LambdaLogWriter logs;
  private final FaultInjector faults;

  /**
   * The function's execution environments when it runs its deployed code as Lambda does; else null.
   */
  private final FunctionProcesses processes;

  public HostedFunction(FunctionSpec spec, Object handler, LambdaLogWriter logs) {
    this(spec, handler, logs, FaultInjector.NONE);
  }

  /**
   * A function that runs its deployed code in processes of AWS's Java runtime, each execution
   * environment writing a log stream of its own.
   */
  public HostedFunction(FunctionSpec spec, FunctionProcesses processes, FaultInjector faults) {
    this.spec = spec;
    this.handler = null;
    this.logs = null;
    this.faults = faults;
    this.processes = processes;
    this.invocations = null;
  }

  /**
   * @param faults may crash invocations by an event source mapping (see {@link
   *     FaultInjector#aroundInvocation})
   */
  public HostedFunction(
      FunctionSpec spec, Object handler, LambdaLogWriter logs, FaultInjector faults) {
    this.spec = spec;
    this.handler = handler;
    this.logs = logs;
    this.faults = faults;
    this.processes = null;
    java.util.concurrent.atomic.AtomicInteger threads =
        new java.util.concurrent.atomic.AtomicInteger();
    this.invocations =
        java.util.concurrent.Executors.newCachedThreadPool(
            r -> {
              // ends with the function's name, as its pollers' threads do: the benchmark attributes
              // CPU by it
              Thread thread =
                  new Thread(r, "lambda-" + threads.incrementAndGet() + "-" + spec.name());
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Why a function's handler could not be built (a class the code does not hold, a method it lacks,
   * a constructor that threw): Lambda deploys the function all the same, and each invocation fails
   * with this, as the Java runtime reports an init error.
   */
  public record InitFailure(String errorType, String errorMessage) {}

  /** A failure Lambda reports with its own errorType rather than the class of something thrown. */
  public static final class LambdaError extends RuntimeException {
    private final String errorType;

    public LambdaError(String errorType, String message) {
      super(message, null, false, false);
      this.errorType = errorType;
    }

    public String errorType() {
      return errorType;
    }

    /**
     * An invocation past its timeout, as Lambda reports it, having written the platform's {@code
     * Task timed out} line to {@code log}.
     */
    public static LambdaError timedOut(String requestId, Duration timeout, Consumer<String> log) {
      String seconds = String.format(java.util.Locale.ROOT, "%.2f", timeout.toMillis() / 1000.0);
      log.accept(
          java.time.Instant.now()
              + " "
              + requestId
              + " Task timed out after "
              + seconds
              + " seconds");
      return new LambdaError(
          "Sandbox.Timedout",
          "RequestId: " + requestId + " Error: Task timed out after " + seconds + " seconds");
    }

    /** An invocation the stopping cloud broke off. */
    public static LambdaError interrupted() {
      return new LambdaError(
          "Runtime.Interrupted", "the invocation was interrupted: the cloud is stopping");
    }
  }

  public FunctionSpec spec() {
    return spec;
  }

  /**
   * Invokes the function with an event object, as an event source does: a handler of this JVM gets
   * the object, a deployed one its JSON in Lambda's shape, and its result is read back.
   *
   * @throws LambdaError when the function failed, with the error type Lambda reports
   */
  @SuppressWarnings("unchecked")
  public <I, O> O invoke(I event, Class<O> resultType) {
    if (processes != null) {
      return faults.aroundInvocation(
          event,
          () -> {
            byte[] result = inProcess(LambdaEvents.toJson(event));
            try {
              return EVENTS.readValue(result, resultType);
            } catch (IOException e) {
              throw new LambdaError(
                  "Runtime.InvalidResponse",
                  spec.name()
                      + " returned what is not a "
                      + resultType.getSimpleName()
                      + ": "
                      + e.getMessage());
            }
          });
    }
    if (!(handler instanceof RequestHandler<?, ?> typed)) {
      throw new IllegalStateException(spec.name() + " takes a JSON stream, not an event object");
    }
    return run(
        context ->
            faults.aroundInvocation(
                event, () -> ((RequestHandler<I, O>) typed).handleRequest(event, context)));
  }

  /** Invokes the function with a JSON payload; returns what it wrote. */
  public byte[] invokeJson(byte[] payload) {
    if (processes != null) {
      return inProcess(payload);
    }
    if (!(handler instanceof RequestStreamHandler stream)) {
      throw new IllegalStateException(spec.name() + " takes an event object, not a JSON stream");
    }
    return run(context -> streamed(stream, payload, context));
  }

  /**
   * An invocation in an execution environment: its result, or its error as a {@link LambdaError}.
   */
  private byte[] inProcess(byte[] payload) {
    FunctionProcesses.Reply reply =
        processes.invoke(LambdaLogWriter.newRequestId(), payload, line -> {});
    if (reply.error().isPresent()) {
      throw new LambdaError(reply.errorType(), reply.errorMessage());
    }
    return reply.response().orElseThrow();
  }

  /**
   * The function's execution environments, when it runs its deployed code; empty when it runs in
   * this JVM.
   */
  public Optional<FunctionProcesses> processes() {
    return Optional.ofNullable(processes);
  }

  /**
   * What Lambda's Invoke API returns of a synchronous invocation.
   *
   * @param payload what the function returned, or the runtime's error document on a function error
   * @param functionError {@code Unhandled} when the function threw, as X-Amz-Function-Error says
   * @param log the invocation's log lines, START to REPORT
   */
  public record Result(
      String requestId, byte[] payload, Optional<String> functionError, List<String> log) {
    public Result {
      log = List.copyOf(log);
    }

    /**
     * The end of the log, at most {@code maxBytes} of its UTF-8, as X-Amz-Log-Result carries it
     * (base64).
     */
    public byte[] logTail(int maxBytes) {
      StringBuilder text = new StringBuilder();
      log.forEach(line -> text.append(line).append('\n'));
      byte[] all = text.toString().getBytes(StandardCharsets.UTF_8);
      return all.length <= maxBytes
          ? all
          : Arrays.copyOfRange(all, all.length - maxBytes, all.length);
    }
  }

  /**
   * Invokes the function with a JSON payload, as Lambda's Invoke API does: a stream handler reads
   * the bytes; an event-object handler gets them deserialised into its input type (the {@code
   * RequestHandler}'s type argument, e.g. SQSEvent or APIGatewayV2HTTPEvent) and its result
   * serialised back, as the Java runtime does. What the function throws is no exception here but a
   * function error with the runtime's error document, as on AWS. Faults of the cloud's fault plan
   * never apply: they are for the event source mappings.
   *
   * @param payload JSON, or empty for none (an event-object handler then gets null)
   */
  public Result invokePayload(byte[] payload) {
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    String requestId = LambdaLogWriter.newRequestId();
    if (processes != null) {
      FunctionProcesses.Reply reply = processes.invoke(requestId, payload, lines::add);
      return reply.error().isPresent()
          ? new Result(
              requestId,
              reply.error().get().toString().getBytes(StandardCharsets.UTF_8),
              Optional.of("Unhandled"),
              lines)
          : new Result(requestId, reply.response().orElseThrow(), Optional.empty(), lines);
    }
    try {
      byte[] out = run(requestId, lines::add, context -> handlePayload(payload, context));
      return new Result(requestId, out, Optional.empty(), lines);
    } catch (RuntimeException | Error e) {
      return new Result(requestId, errorDocument(e), Optional.of("Unhandled"), lines);
    }
  }

  private static byte[] streamed(RequestStreamHandler stream, byte[] payload, Context context) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      stream.handleRequest(new ByteArrayInputStream(payload), out, context);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  @SuppressWarnings("unchecked")
  private byte[] handlePayload(byte[] payload, Context context) {
    if (handler instanceof RequestStreamHandler stream) {
      return streamed(stream, payload, context);
    }
    if (!(handler instanceof RequestHandler<?, ?> typed)) {
      throw new IllegalStateException(
          spec.name() + "'s handler is neither a RequestHandler nor a RequestStreamHandler");
    }
    Object event;
    try {
      JavaType input = EVENTS.getTypeFactory().constructType(inputType());
      event = payload.length == 0 ? null : EVENTS.readValue(payload, input);
    } catch (IOException e) {
      // the Java runtime's words for an event it cannot read into the handler's type
      throw new IllegalArgumentException(
          "An error occurred during JSON parsing: " + e.getMessage(), e);
    }
    Object result = ((RequestHandler<Object, Object>) typed).handleRequest(event, context);
    try {
      return EVENTS.writeValueAsBytes(result);
    } catch (IOException e) {
      throw new IllegalStateException(
          "An error occurred during JSON serialization of response: " + e.getMessage(), e);
    }
  }

  /**
   * The handler's input type: the first parameter of its own, non-bridge handleRequest(I, Context).
   */
  private Type inputType() {
    for (Method method : handler.getClass().getMethods()) {
      if (method.getName().equals("handleRequest")
          && method.getParameterCount() == 2
          && !method.isBridge()
          && method.getParameterTypes()[1] == Context.class) {
        return method.getGenericParameterTypes()[0];
      }
    }
    return Object.class;
  }

  /** The Java runtime's document for an unhandled error: errorMessage, errorType, stackTrace. */
  private static byte[] errorDocument(Throwable thrown) {
    Throwable e =
        thrown instanceof UncheckedIOException && thrown.getCause() != null
            ? thrown.getCause()
            : thrown;
    ObjectNode error = EVENTS.createObjectNode();
    if (e instanceof LambdaError lambda) {
      error.put("errorMessage", lambda.getMessage());
      error.put("errorType", lambda.errorType());
      return error.toString().getBytes(StandardCharsets.UTF_8);
    }
    error.put("errorMessage", String.valueOf(e.getMessage()));
    error.put("errorType", e.getClass().getName());
    var trace = error.putArray("stackTrace");
    for (StackTraceElement element : e.getStackTrace()) {
      trace.add(element.toString());
    }
    return error.toString().getBytes(StandardCharsets.UTF_8);
  }

  private interface Invocation<O> {
    O call(Context context);
  }

  private <O> O run(Invocation<O> invocation) {
    return run(LambdaLogWriter.newRequestId(), line -> {}, invocation);
  }

  private <O> O run(String requestId, Consumer<String> copy, Invocation<O> invocation) {
    LambdaLogWriter.Invocation log = logs.start(requestId, copy);
    long start = System.nanoTime();
    Duration timeout = Duration.ofSeconds(spec.timeoutSeconds());
    boolean timedOut = false;
    try {
      if (handler instanceof InitFailure failure) {
        throw new LambdaError(failure.errorType(), failure.errorMessage());
      }
      java.util.concurrent.Future<O> running =
          invocations.submit(() -> invocation.call(new HostedContext(log)));
      try {
        return running.get(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        running.cancel(true);
        timedOut = true;
        throw LambdaError.timedOut(requestId, timeout, log::log);
      } catch (InterruptedException e) {
        running.cancel(true);
        Thread.currentThread().interrupt();
        throw LambdaError.interrupted();
      } catch (java.util.concurrent.ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException runtime) {
          throw runtime;
        }
        if (cause instanceof Error error) {
          throw error;
        }
        throw new UncheckedIOException(new IOException(cause));
      }
    } catch (RuntimeException | Error e) {
      if (!timedOut) {
        // the runtime logs an unhandled error as JSON with its type, message and stack
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        log.log(
            "{\"errorMessage\":"
                + quote(String.valueOf(e.getMessage()))
                + ",\"errorType\":"
                + quote(
                    e instanceof LambdaError lambda ? lambda.errorType() : e.getClass().getName())
                + ",\"stackTrace\":"
                + quote(trace.toString())
                + "}");
      }
      throw e;
    } finally {
      // a timed-out invocation is billed for the whole timeout, as Lambda reports it
      log.end(timedOut ? timeout : Duration.ofNanos(System.nanoTime() - start), usedMb());
    }
  }

  private int usedMb() {
    Runtime runtime = Runtime.getRuntime();
    long usedMb = (runtime.totalMemory() - runtime.freeMemory()) / (1024 * 1024);
    return (int) Math.min(usedMb, spec.memoryMb());
  }

  private static String quote(String text) {
    return new com.fasterxml.jackson.databind.node.TextNode(text).toString();
  }

  private final class HostedContext implements Context {
    private final LambdaLogWriter.Invocation log;
    private final long deadline;

    HostedContext(LambdaLogWriter.Invocation log) {
      this.log = log;
      this.deadline = System.currentTimeMillis() + spec.timeoutSeconds() * 1000L;
    }

    @Override
    public String getAwsRequestId() {
      return log.requestId();
    }

    @Override
    public String getLogGroupName() {
      return logs.logGroupName();
    }

    @Override
    public String getLogStreamName() {
      return logs.logStreamName();
    }

    @Override
    public String getFunctionName() {
      return spec.name();
    }

    @Override
    public String getFunctionVersion() {
      return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
      return spec.arn();
    }

    @Override
    public CognitoIdentity getIdentity() {
      return null;
    }

    @Override
    public ClientContext getClientContext() {
      return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
      return (int) Math.max(0, deadline - System.currentTimeMillis());
    }

    @Override
    public int getMemoryLimitInMB() {
      return spec.memoryMb();
    }

    @Override
    public LambdaLogger getLogger() {
      return new LambdaLogger() {
        @Override
        public void log(String message) {
          log.log(message);
        }

        @Override
        public void log(byte[] message) {
          log.log(new String(message, StandardCharsets.UTF_8));
        }
      };
    }
  }
}
