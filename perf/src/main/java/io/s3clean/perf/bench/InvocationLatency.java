package io.s3clean.perf.bench;

import io.s3clean.clock.ScaledClock;
import io.s3clean.event.S3EventMessages;
import io.s3clean.localcloud.LocalCloud;
import io.s3clean.localcloud.emulator.EmulatorConfig;
import io.s3clean.perf.stack.PerfStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs in a fresh JVM: starts the embedded cloud with the shipped stack and invokes each function
 * through the endpoint's Lambda Invoke API, as any client would, with the event it gets in the
 * stack (an SQS batch of one S3 event, an alarm action, an HTTP API request). Prints per function
 * the first invocation's latency (its cold start on this host: the handler's code paths run for the
 * first time in this JVM, or, given the Lambda jar, a new execution environment starts) and the
 * median of the warm ones, in milliseconds.
 */
public final class InvocationLatency {
  private InvocationLatency() {}

  public static void main(String[] args) throws Exception {
    int warm = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    // with a Lambda jar, the functions run it as Lambda does (processes of AWS's runtime, on the
    // machine's clock)
    java.util.Optional<java.nio.file.Path> jar =
        args.length > 1
            ? java.util.Optional.of(java.nio.file.Path.of(args[1]))
            : java.util.Optional.empty();
    Map<String, String> parameters = PerfStack.parameters(10);
    LocalCloud.Options options =
        new LocalCloud.Options(
            PerfStack.template(2),
            EmulatorConfig.inMemory(),
            "latency",
            parameters,
            jar.isPresent() ? ScaledClock.realTime() : ScaledClock.startingNow(60),
            e -> {},
            (what, e) -> {});
    if (jar.isPresent()) {
      options =
          options.withDeployedCode(
              new LocalCloud.Artifact(
                  parameters.get("ArtifactBucket"), parameters.get("ArtifactKey"), jar.get()));
    }
    try (LocalCloud cloud = LocalCloud.start(options)) {
      String bucket = cloud.stack().typed().watchedBucket();
      String queueArn = "arn:aws:sqs:us-east-1:000000000000:latency-tracking";
      Map<String, java.util.function.IntFunction<String>> events = new LinkedHashMap<>();
      events.put(cloud.stack().typed().sizeTrackingFunction(), i -> sqsEvent(bucket, queueArn, i));
      events.put(cloud.stack().typed().eventLoggingFunction(), i -> sqsEvent(bucket, queueArn, i));
      events.put(
          cloud.stack().typed().cleanerFunction(),
          i ->
              "{\"alarmData\":{\"alarmName\":\"latency-total-size-threshold\","
                  + "\"state\":{\"value\":\"ALARM\"}}}");
      events.put(cloud.stack().typed().plottingFunction(), i -> PLOT_EVENT);
      HttpClient http = HttpClient.newHttpClient();
      for (Map.Entry<String, java.util.function.IntFunction<String>> function : events.entrySet()) {
        double cold =
            invoke(http, cloud.endpoint(), function.getKey(), function.getValue().apply(0));
        double[] warmMillis = new double[warm];
        for (int i = 0; i < warm; i++) {
          warmMillis[i] =
              invoke(http, cloud.endpoint(), function.getKey(), function.getValue().apply(i + 1));
        }
        Arrays.sort(warmMillis);
        System.out.printf(
            java.util.Locale.ROOT,
            "%s cold %.1f warm %.2f%n",
            function.getKey().substring("latency-".length()),
            cold,
            warmMillis[warm / 2]);
      }
    }
    System.exit(0);
  }

  private static double invoke(HttpClient http, URI endpoint, String function, String payload)
      throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(
                endpoint.resolve(
                    "/2015-03-31/functions/" + function + "/invocations?Qualifier=live"))
            .header(
                "Authorization",
                "AWS4-HMAC-SHA256 Credential=local/20261204/us-east-1/lambda/aws4_request, "
                    + "SignedHeaders=host, Signature=local")
            .POST(HttpRequest.BodyPublishers.ofString(payload))
            .build();
    long start = System.nanoTime();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    double millis = (System.nanoTime() - start) / 1e6;
    if (response.statusCode() != 200
        || response.headers().firstValue("X-Amz-Function-Error").isPresent()) {
      throw new IllegalStateException(
          function + " answered " + response.statusCode() + ": " + response.body());
    }
    return millis;
  }

  /** One S3 put, in SNS's envelope, in an SQS batch of one: what the queue functions get. */
  private static String sqsEvent(String bucket, String queueArn, int i) {
    String s3 =
        S3EventMessages.s3Event(
            new S3EventMessages.Change(
                "us-east-1",
                bucket,
                "latency/" + i,
                "ObjectCreated:Put",
                100L + i,
                "etag" + i,
                String.format("%016X", 1_000_000L + i),
                Instant.now()));
    String body =
        S3EventMessages.snsEnvelope(
            "arn:aws:sns:us-east-1:000000000000:latency-events", null, s3, Instant.now());
    return "{\"Records\":[{\"messageId\":\"m"
        + i
        + "\",\"receiptHandle\":\"r"
        + i
        + "\",\"body\":"
        + new com.fasterxml.jackson.databind.node.TextNode(body)
        + ",\"attributes\":{\"ApproximateReceiveCount\":\"1\"},"
        + "\"messageAttributes\":{},\"eventSource\":\"aws:sqs\",\"eventSourceARN\":\""
        + queueArn
        + "\","
        + "\"awsRegion\":\"us-east-1\"}]}";
  }

  private static final String PLOT_EVENT =
      "{\"version\":\"2.0\",\"routeKey\":\"GET /plot\",\"rawPath\":\"/plot\","
          + "\"rawQueryString\":\"width=400&height=300\",\"headers\":{\"accept\":\"image/png\"},"
          + "\"queryStringParameters\":{\"width\":\"400\",\"height\":\"300\"},\"requestContext\":{\"apiId\":\"abc1234\","
          + "\"routeKey\":\"GET /plot\",\"stage\":\"$default\",\"requestId\":\"r-1\",\"timeEpoch\":1764669600000,"
          + "\"http\":{\"method\":\"GET\",\"path\":\"/plot\",\"protocol\":\"HTTP/1.1\",\"sourceIp\":\"127.0.0.1\","
          + "\"userAgent\":\"bench\"}},\"isBase64Encoded\":false}";
}
