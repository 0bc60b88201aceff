package io.s3clean.localcloud.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.s3clean.handler.HandlerRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;

/** Handlers for FunctionHost tests, and the registry that builds them. */
final class TestHandlers {
  /** Every payload an {@link Echo} received, in order. */
  static final BlockingQueue<String> ECHOED = new LinkedBlockingQueue<>();

  /** The standard handlers and these; none of these uses a client. */
  static final HandlerRegistry REGISTRY =
      HandlerRegistry.standard()
          .with(Echo.class, (env, clients) -> new Echo())
          .with(BatchCounter.class, (env, clients) -> new BatchCounter())
          .with(Failing.class, (env, clients) -> new Failing())
          .with(Sleeping.class, (env, clients) -> new Sleeping());

  /** Clients for handlers that use none: asking for one fails the test. */
  static final HandlerRegistry.Clients NO_CLIENTS =
      new HandlerRegistry.Clients() {
        @Override
        public DynamoDbClient dynamoDb() {
          throw new AssertionError("asked for a client");
        }

        @Override
        public S3Client s3() {
          throw new AssertionError("asked for a client");
        }

        @Override
        public SnsClient sns() {
          throw new AssertionError("asked for a client");
        }

        @Override
        public CloudWatchClient cloudWatch() {
          throw new AssertionError("asked for a client");
        }

        @Override
        public Clock clock() {
          return Clock.systemUTC();
        }
      };

  private TestHandlers() {}

  /** A stream handler: logs the payload, records it, and returns it unchanged. */
  public static final class Echo implements RequestStreamHandler {
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
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
      throw new IllegalStateException("boom");
    }
  }

  /** Sleeps 3 seconds, past a timeout of 1: what a call that hangs does. */
  public static final class Sleeping implements RequestStreamHandler {
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
