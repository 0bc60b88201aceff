package io.s3clean.localcloud.cloudwatch;

import io.s3clean.cloudwatch.CloudWatchSim;
import io.s3clean.localcloud.endpoint.AwsRequest;
import io.s3clean.localcloud.endpoint.AwsResponse;
import io.s3clean.localcloud.endpoint.ServiceHandler;

/**
 * CloudWatch behind the embedded cloud's endpoint, in each protocol AWS's clients speak to it: the
 * AWS CLI v1 (botocore 1.43) speaks Smithy RPC v2 CBOR, SDK v2 up to 2.40.6 the query protocol, and
 * JSON 1.0 is the model's second choice. The protocol is told by the request itself (the CBOR path
 * or {@code smithy-protocol} header, else an {@code X-Amz-Target} header, else a form), the
 * operations are {@link CloudWatchOperations}'.
 */
public final class CloudWatchService implements ServiceHandler {
  private static final System.Logger LOG = System.getLogger(CloudWatchService.class.getName());
  private static final CloudWatchCodec CBOR = DocumentCodec.cbor();
  private static final CloudWatchCodec JSON = DocumentCodec.json();
  private static final CloudWatchCodec QUERY = new QueryCodec();

  private final CloudWatchOperations operations;

  public CloudWatchService(CloudWatchSim cloudWatch) {
    this.operations = new CloudWatchOperations(cloudWatch);
  }

  @Override
  public AwsResponse accessDenied(AwsRequest request, String message) {
    return codec(request).error(CloudWatchException.accessDenied(message));
  }

  @Override
  public AwsResponse handle(AwsRequest request) {
    CloudWatchCodec codec = codec(request);
    try {
      String operation = codec.operation(request);
      return codec.output(operation, operations.call(operation, codec.input(request)));
    } catch (CloudWatchException e) {
      return codec.error(e);
    } catch (RuntimeException e) {
      LOG.log(
          System.Logger.Level.ERROR,
          "CloudWatch failed on " + request.method() + " " + request.path(),
          e);
      return codec.error(CloudWatchException.internal("The embedded CloudWatch failed: " + e));
    }
  }

  /**
   * The AlarmName member of a request in whichever protocol it came, if it has one: what IAM
   * checks.
   */
  public static java.util.Optional<String> alarmName(AwsRequest request) {
    try {
      return codec(request).input(request).string("AlarmName");
    } catch (RuntimeException e) {
      return java.util.Optional.empty(); // the service answers a request it cannot read
    }
  }

  /**
   * The alarms a request names (AlarmName, AlarmNames), in any protocol; none for one the service
   * cannot read.
   */
  public static java.util.List<String> alarmNames(AwsRequest request) {
    try {
      Input input = codec(request).input(request);
      java.util.List<String> names = new java.util.ArrayList<>(input.strings("AlarmNames"));
      input.string("AlarmName").ifPresent(names::add);
      return names;
    } catch (RuntimeException e) {
      return java.util.List.of(); // the service answers a request it cannot read
    }
  }

  static CloudWatchCodec codec(AwsRequest request) {
    if (request.path().startsWith("/service/") || request.header("smithy-protocol").isPresent()) {
      return CBOR;
    }
    if (request.header("x-amz-target").isPresent()) {
      return JSON;
    }
    return QUERY;
  }
}
