package io.s3clean.localcloud.endpoint;

/**
 * One AWS service behind the embedded cloud's endpoint, chosen by the signing name of the
 * request's SigV4 credential scope. It answers every request it is given, errors included, in its
 * service's protocol (botocore's service model is the spec); it never throws for a bad request.
 */
@FunctionalInterface
public interface ServiceHandler {
  AwsResponse handle(AwsRequest request);
}
