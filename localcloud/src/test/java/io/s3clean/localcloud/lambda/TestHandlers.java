package io.s3clean.localcloud.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.s3clean.config.Environment;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Handlers built as the project's are (a nested Config, a constructor taking it), for FunctionHost
 * tests.
 */
final class TestHandlers {
  /** Every payload an {@link Echo} received, in order. */
  static final BlockingQueue<String> ECHOED = new LinkedBlockingQueue<>();

  private TestHandlers() {}

  /** A stream handler: logs the payload, records it, and returns it unchanged. */
  public static final class Echo implements RequestStreamHandler {
    public record Config(String unused) {
      public static Config from(Environment env) {
        return new Config(env.optional("UNUSED").orElse(""));
      }
    }

    public Echo(Config config) {}

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context)
        throws IOException {
      byte[] payload = input.readAllBytes();
      String text = new String(payload, StandardCharsets.UTF_8);
      context.getLogger().log("echo " + text);
      ECHOED.add(text);
      output.write(payload);
    }
  }

  /** An event-object handler taking SQS batches, as size tracking does. */
  public static final class BatchCounter implements RequestHandler<SQSEvent, Map<String, Object>> {
    public record Config(String unused) {
      public static Config from(Environment env) {
        return new Config("");
      }
    }

    public BatchCounter(Config config) {}

    @Override
    public Map<String, Object> handleRequest(SQSEvent event, Context context) {
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("records", event.getRecords().size());
      result.put("source", event.getRecords().get(0).getEventSourceArn());
      result.put("body", event.getRecords().get(0).getBody());
      return result;
    }
  }

  /** Always throws, as a function with a bug does. */
  public static final class Failing implements RequestStreamHandler {
    public record Config(String unused) {
      public static Config from(Environment env) {
        return new Config("");
      }
    }

    public Failing(Config config) {}

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
      throw new IllegalStateException("boom");
    }
  }

  /** Sleeps 3 seconds, past a timeout of 1: what a call that hangs does. */
  public static final class Sleeping implements RequestStreamHandler {
    public record Config(String unused) {
      public static Config from(Environment env) {
        return new Config("");
      }
    }

    public Sleeping(Config config) {}

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context)
        throws java.io.IOException {
      try {
        Thread.sleep(3_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      output.write("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
  }
}
