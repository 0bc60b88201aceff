package io.s3clean.localcloud.cloudwatch;

import io.s3clean.localcloud.endpoint.AwsRequest;
import io.s3clean.localcloud.endpoint.AwsResponse;
import java.util.Map;

/**
 * One of the wire protocols CloudWatch speaks (its service model lists Smithy RPC v2 CBOR, JSON 1.0
 * and query): how a request names its operation and carries its input, and how outputs and errors
 * go back. Everything else is {@link CloudWatchOperations}'.
 */
interface CloudWatchCodec {
  /** The model's namespace, for the query protocol's XML and the error types of the others. */
  String XML_NAMESPACE = "http://monitoring.amazonaws.com/doc/2010-08-01/";

  /** The service's Smithy name: the JSON target prefix and the CBOR path's service segment. */
  String SERVICE = "GraniteServiceVersion20100801";

  /**
   * The operation the request names.
   *
   * @throws CloudWatchException when it names none this protocol can read
   */
  String operation(AwsRequest request);

  /**
   * The operation's input.
   *
   * @throws CloudWatchException when the body is not a document of this protocol
   */
  Input input(AwsRequest request);

  /** A success: {@code output} is null for operations without output. */
  AwsResponse output(String operation, Map<String, Object> output);

  AwsResponse error(CloudWatchException error);
}
