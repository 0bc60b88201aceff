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
    public void handleRequest(InputStream input, OutputStream output, Context context)
        throws IOException {
      String payload = new String(input.readAllBytes(), StandardCharsets.UTF_8);
      System.out.println("echoing " + payload.length() + " bytes");
      String answer =
          "{\"payload\":"
              + payload
              + ",\"pid\":"
              + pid
              + ",\"requestId\":\""
              + context.getAwsRequestId()
              + "\""
              + ",\"functionName\":\""
              + System.getenv("AWS_LAMBDA_FUNCTION_NAME")
              + "\""
              + ",\"memory\":\""
              + System.getenv("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
              + "\""
              + ",\"sessionToken\":"
              + (System.getenv("AWS_SESSION_TOKEN") != null)
              + ",\"accessKey\":\""
              + System.getenv("AWS_ACCESS_KEY_ID")
              + "\""
              + ",\"endpoint\":\""
              + System.getenv("AWS_ENDPOINT_URL")
              + "\""
              + ",\"greeting\":\""
              + System.getenv("GREETING")
              + "\""
              + ",\"cloudClassVisible\":"
              + visible("io.s3clean.localcloud.LocalCloud")
              + ",\"remainingMs\":"
              + context.getRemainingTimeInMillis()
              + "}";
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
    public void handleRequest(InputStream input, OutputStream output, Context context)
        throws IOException {
      System.out.println("going to sleep");
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      output.write("{}".getBytes(StandardCharsets.UTF_8));
    }
  }

  /**
   * A custom resource provider, as cfn-response does it: logs the request, then PUTs its response
   * to the ResponseURL. Its properties say how: Outcome SUCCESS, FAILED or SILENT (no response),
   * and a Value it returns as Data.Echo. It reads the request without a JSON library: the jar holds
   * nothing else.
   */
  public static final class CustomResource implements RequestStreamHandler {
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context)
        throws IOException {
      String request = new String(input.readAllBytes(), StandardCharsets.UTF_8);
      String type = field(request, "RequestType");
      String logical = field(request, "LogicalResourceId");
      String value = field(request, "Value");
      String outcome = field(request, "Outcome");
      String physical =
          type.equals("Create") || field(request, "PhysicalResourceId").isEmpty()
              ? "echo-" + value
              : field(request, "PhysicalResourceId");
      System.out.println("custom resource request: " + type + " " + logical + " " + physical);
      if (!outcome.equals("SILENT")) {
        String response =
            "{\"Status\":\""
                + (outcome.equals("FAILED") ? "FAILED" : "SUCCESS")
                + "\","
                + "\"Reason\":\"told to fail\",\"PhysicalResourceId\":\""
                + physical
                + "\","
                + "\"StackId\":\""
                + field(request, "StackId")
                + "\",\"RequestId\":\""
                + field(request, "RequestId")
                + "\","
                + "\"LogicalResourceId\":\""
                + logical
                + "\",\"Data\":{\"Echo\":\""
                + value
                + "\"}}";
        try {
          java.net.http.HttpResponse<String> put =
              java.net.http.HttpClient.newHttpClient()
                  .send(
                      java.net.http.HttpRequest.newBuilder(
                              java.net.URI.create(field(request, "ResponseURL")))
                          .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(response))
                          .build(),
                      java.net.http.HttpResponse.BodyHandlers.ofString());
          System.out.println("response put: " + put.statusCode());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      output.write("{}".getBytes(StandardCharsets.UTF_8));
    }

    private static String field(String json, String name) {
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
      return m.find() ? m.group(1) : "";
    }
  }
}
