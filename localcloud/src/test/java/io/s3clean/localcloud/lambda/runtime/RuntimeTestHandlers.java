package io.s3clean.localcloud.lambda.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Handlers as Lambda's Java runtime builds them (public, with a constructor of no arguments),
 * packaged into a jar by the tests and run in execution environments of the embedded cloud.
 */
public final class RuntimeTestHandlers {
  private RuntimeTestHandlers() {}

  /** Answers with what it was given and what its environment says, and logs a line. */
  public static final class Echo implements RequestStreamHandler {
    private final long pid = ProcessHandle.current().pid();

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
      String payload = new String(input.readAllBytes(), StandardCharsets.UTF_8);
      System.out.println("echoing " + payload.length() + " bytes");
      String answer = "{\"payload\":" + payload
          + ",\"pid\":" + pid
          + ",\"requestId\":\"" + context.getAwsRequestId() + "\""
          + ",\"functionName\":\"" + System.getenv("AWS_LAMBDA_FUNCTION_NAME") + "\""
          + ",\"memory\":\"" + System.getenv("AWS_LAMBDA_FUNCTION_MEMORY_SIZE") + "\""
          + ",\"sessionToken\":" + (System.getenv("AWS_SESSION_TOKEN") != null)
          + ",\"accessKey\":\"" + System.getenv("AWS_ACCESS_KEY_ID") + "\""
          + ",\"endpoint\":\"" + System.getenv("AWS_ENDPOINT_URL") + "\""
          + ",\"greeting\":\"" + System.getenv("GREETING") + "\""
          + ",\"cloudClassVisible\":" + visible("io.s3clean.localcloud.LocalCloud")
          + ",\"remainingMs\":" + context.getRemainingTimeInMillis() + "}";
      output.write(answer.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean visible(String className) {
      try {
        Class.forName(className);
        return true;
      } catch (ClassNotFoundException e) {
        return false;
      }
    }
  }

  /** Fails every invocation. */
  public static final class Throwing implements RequestStreamHandler {
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
      throw new IllegalStateException("the handler gave up");
    }
  }

  /** Runs past any timeout a test gives it. */
  public static final class Sleeping implements RequestStreamHandler {
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
      System.out.println("going to sleep");
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      output.write("{}".getBytes(StandardCharsets.UTF_8));
    }
  }
}
