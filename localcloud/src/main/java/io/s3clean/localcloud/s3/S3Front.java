package io.s3clean.localcloud.s3;

import io.s3clean.localcloud.endpoint.AwsRequest;
import io.s3clean.localcloud.endpoint.AwsResponse;
import io.s3clean.localcloud.endpoint.ServiceHandler;

/**
 * S3 on the cloud's endpoint: the S3 engine behind it (S3Proxy with versioning, whose store takes
 * version {@code null} of a bucket never versioned as S3 does), with S3's AccessDenied for a caller
 * the endpoint refuses.
 */
public final class S3Front implements ServiceHandler {
  private final ServiceHandler s3Proxy;

  public S3Front(ServiceHandler s3Proxy) {
    this.s3Proxy = s3Proxy;
  }

  @Override
  public AwsResponse accessDenied(AwsRequest request, String message) {
    return AwsResponse.xml(
        403,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code><Message>"
            + message.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            + "</Message><RequestId>"
            + java.util.UUID.randomUUID()
            + "</RequestId></Error>");
  }

  @Override
  public AwsResponse handle(AwsRequest signed) {
    // the endpoint has checked the caller; S3Proxy refuses a header it does not know, and temporary
    // credentials (a function role's) send their session token in one
    AwsRequest request = signed.withoutHeader("x-amz-security-token");
    return s3Proxy.handle(request);
  }
}
