package io.s3clean.localcloud.usage;

import io.s3clean.localcloud.endpoint.AwsRequest;
import io.s3clean.localcloud.endpoint.AwsResponse;
import io.s3clean.localcloud.s3.S3Address;

/**
 * How the endpoint counts one request it served, in the unit its service bills (the services'
 * pricing pages): S3 by request class, SQS by 64 KB chunk of the larger of request and answer, an
 * SNS publish by 64 KB chunk of its message, CloudWatch's PutMetricData by request; every other
 * request as an API request, which no price applies to. DynamoDB's capacity units come from its
 * engine ({@link io.s3clean.localcloud.endpoint.DynamoDbFront}); Lambda's invocations from the
 * REPORT lines ({@link LogMetering}).
 */
public final class EndpointMetering {
  static final int CHUNK = 64 * 1024;

  private final UsageMeter meter;

  public EndpointMetering(UsageMeter meter) {
    this.meter = meter;
  }

  /** Counts a request that {@code service} (its SigV4 signing name) answered. */
  public void served(String service, AwsRequest request, AwsResponse response) {
    UsageMeter.Payer payer = payer(request);
    switch (service) {
      case "s3" -> meter.add("s3", s3Class(request), UsageMeter.REQUESTS, 1, payer);
      case "sqs" ->
          meter.add(
              "sqs",
              request.operation(),
              UsageMeter.SQS_REQUESTS,
              chunks(Math.max(request.body().length, response.body().length)),
              payer);
      case "monitoring" -> {
        String action = request.operation();
        meter.add(
            "monitoring",
            action,
            action.equals("PutMetricData") ? UsageMeter.REQUESTS : UsageMeter.API_REQUESTS,
            1,
            payer);
      }
      // publishes are counted where SNS takes them, whoever publishes (SnsService)
      case "sns" -> {
        String action = request.operation();
        if (!action.equals("Publish")) {
          meter.add("sns", action, UsageMeter.API_REQUESTS, 1, payer);
        }
      }
      default -> meter.add(service, request.operation(), UsageMeter.API_REQUESTS, 1, payer);
    }
  }

  /**
   * Who a request is charged to: the stack's parts say so in a header ({@code
   * AwsEndpoint.CLOUD_CALLER_HEADER}).
   */
  public static UsageMeter.Payer payer(AwsRequest request) {
    return request
            .header(io.s3clean.localcloud.endpoint.AwsEndpoint.CLOUD_CALLER_HEADER)
            .isPresent()
        ? UsageMeter.Payer.STACK
        : UsageMeter.Payer.CLIENTS;
  }

  /**
   * How many requests a payload of {@code bytes} is billed as: one per 64 KB chunk, at least one.
   */
  public static long chunks(long bytes) {
    return Math.max(1, (bytes + CHUNK - 1) / CHUNK);
  }

  /**
   * The UTF-8 size of {@code text}, without encoding it: every log line, message and delivery is
   * sized on its way.
   */
  public static long utf8Length(String text) {
    return io.s3clean.dynamodb.value.ItemSize.utf8Length(text);
  }

  /** How many requests a text payload is billed as: {@link #chunks} of its UTF-8 size. */
  public static long chunks(String text) {
    return chunks(utf8Length(text));
  }

  /**
   * S3's request class: PUT, COPY, POST and LIST (a GET of a bucket rather than of an object) cost
   * the most; DELETE costs nothing; GET, HEAD and all others are the cheaper class.
   */
  static String s3Class(AwsRequest request) {
    String method = request.method();
    if (method.equals("DELETE")) {
      return UsageMeter.S3_DELETE;
    }
    if (method.equals("PUT") || method.equals("POST")) {
      return UsageMeter.S3_WRITE_CLASS;
    }
    S3Address address = S3Address.of(request);
    java.util.Map<String, String> query = request.queryParameters();
    // GET / lists the buckets, GET of a bucket lists its objects (or versions, or uploads)
    boolean listing =
        method.equals("GET")
            && address.key().isEmpty()
            && (address.bucket().isEmpty()
                || S3Address.listsObjects(query)
                || query.containsKey("versions")
                || query.containsKey("uploads"));
    return listing ? UsageMeter.S3_WRITE_CLASS : UsageMeter.S3_READ_CLASS;
  }
}
