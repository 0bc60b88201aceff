package io.s3clean.localcloud.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.s3clean.cloudwatch.logs.LambdaLogWriter;
import io.s3clean.localcloud.fault.FaultInjector;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One function running in this JVM: each invocation gets a request id, a context whose logger
 * writes to the function's log group, and the START / END / REPORT lines Lambda writes around it.
 */
public final class HostedFunction {
  private final FunctionSpec spec;
  private final Object handler;
  private final LambdaLogWriter logs;
  private final FaultInjector faults;

  public HostedFunction(FunctionSpec spec, Object handler, LambdaLogWriter logs) {
    this(spec, handler, logs, FaultInjector.NONE);
  }

  /** @param faults may crash invocations by an event source mapping (see {@link FaultInjector#aroundInvocation}) */
  public HostedFunction(FunctionSpec spec, Object handler, LambdaLogWriter logs, FaultInjector faults) {
    this.spec = spec;
    this.handler = handler;
    this.logs = logs;
    this.faults = faults;
  }

  public FunctionSpec spec() {
    return spec;
  }

  /** Invokes a {@code RequestHandler} with an event object, as the runtime would after deserialising it. */
  @SuppressWarnings("unchecked")
  public <I, O> O invoke(I event) {
    if (!(handler instanceof RequestHandler<?, ?> typed)) {
      throw new IllegalStateException(spec.name() + " takes a JSON stream, not an event object");
    }
    return run(context -> faults.aroundInvocation(event, () -> ((RequestHandler<I, O>) typed).handleRequest(event, context)));
  }

  /** Invokes a {@code RequestStreamHandler} with a JSON payload; returns what it wrote. */
  public byte[] invokeJson(byte[] payload) {
    if (!(handler instanceof RequestStreamHandler stream)) {
      throw new IllegalStateException(spec.name() + " takes an event object, not a JSON stream");
    }
    return run(context -> {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try {
        stream.handleRequest(new ByteArrayInputStream(payload), out, context);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return out.toByteArray();
    });
  }

  private interface Invocation<O> {
    O call(Context context);
  }

  private <O> O run(Invocation<O> invocation) {
    LambdaLogWriter.Invocation log = logs.start(LambdaLogWriter.newRequestId());
    long start = System.nanoTime();
    try {
      return invocation.call(new HostedContext(log));
    } catch (RuntimeException | Error e) {
      // the runtime logs an unhandled error as JSON with its type, message and stack
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      log.log("{\"errorMessage\":" + quote(String.valueOf(e.getMessage())) + ",\"errorType\":"
          + quote(e.getClass().getName()) + ",\"stackTrace\":" + quote(trace.toString()) + "}");
      throw e;
    } finally {
      Runtime runtime = Runtime.getRuntime();
      long usedMb = (runtime.totalMemory() - runtime.freeMemory()) / (1024 * 1024);
      log.end(Duration.ofNanos(System.nanoTime() - start), (int) Math.min(usedMb, spec.memoryMb()));
    }
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
