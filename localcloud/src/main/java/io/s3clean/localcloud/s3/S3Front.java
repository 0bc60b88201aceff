package io.s3clean.localcloud.s3;

import io.s3clean.engines.lifecycle.S3Lifecycle;
import io.s3clean.engines.xml.RefusedConfiguration;
import io.s3clean.localcloud.endpoint.AwsRequest;
import io.s3clean.localcloud.endpoint.AwsResponse;
import io.s3clean.localcloud.endpoint.ServiceHandler;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Predicate;

/**
 * S3 on the cloud's endpoint: the S3 engine behind it (S3Proxy with versioning, whose store takes
 * version {@code null} of a bucket never versioned as S3 does), with S3's AccessDenied for a caller
 * the endpoint refuses, and bucket lifecycle configurations (Put, Get and
 * DeleteBucketLifecycleConfiguration), which S3Proxy does not implement, kept by the engine's
 * {@link S3Lifecycle}.
 */
public final class S3Front implements ServiceHandler {
  private final ServiceHandler s3Proxy;
  private final S3Lifecycle lifecycle;
  private final S3Notifications notifications;
  private final NotificationStore kept;
  private final Predicate<String> topicExists;

  /**
   * @param notifications the buckets' notification configurations, which S3Proxy does not keep
   * @param kept where those set through this API are kept across restarts
   * @param topicExists whether a notification's topic exists, as S3 checks a destination
   */
  public S3Front(
      ServiceHandler s3Proxy,
      S3Lifecycle lifecycle,
      S3Notifications notifications,
      NotificationStore kept,
      Predicate<String> topicExists) {
    this.s3Proxy = s3Proxy;
    this.lifecycle = lifecycle;
    this.notifications = notifications;
    this.kept = kept;
    this.topicExists = topicExists;
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
    S3Address address = S3Address.of(request);
    if (address.onBucket() && request.queryParameters().containsKey("lifecycle")) {
      return lifecycle(request, address.bucket());
    }
    if (address.onBucket() && request.queryParameters().containsKey("notification")) {
      return notification(request, address.bucket());
    }
    AwsResponse response = s3Proxy.handle(request);
    if (address.onBucket()
        && request.method().equals("DELETE")
        && request.queryParameters().isEmpty()
        && response.status() == 204) {
      // S3 deletes a bucket's configurations with the bucket
      lifecycle.bucketDeleted(address.bucket());
      notifications.bucketDeleted(address.bucket());
      kept.delete(address.bucket());
    }
    return response;
  }

  private AwsResponse lifecycle(AwsRequest request, String bucket) {
    try {
      switch (request.method()) {
        case "PUT" -> {
          lifecycle.put(bucket, new String(request.body(), StandardCharsets.UTF_8));
          return new AwsResponse(200, Map.of(), new byte[0]);
        }
        case "GET" -> {
          return lifecycle
              .get(bucket)
              .map(xml -> AwsResponse.xml(200, xml))
              .orElseGet(
                  () ->
                      error(
                          404,
                          "NoSuchLifecycleConfiguration",
                          "The lifecycle configuration does not exist"));
        }
        case "DELETE" -> {
          lifecycle.delete(bucket);
          return new AwsResponse(204, Map.of(), new byte[0]);
        }
        default -> {
          return error(405, "MethodNotAllowed", "The specified method is not allowed");
        }
      }
    } catch (RefusedConfiguration e) {
      return error(e.status(), e.code(), e.getMessage());
    } catch (NoSuchElementException e) {
      return error(404, "NoSuchBucket", "The specified bucket does not exist");
    }
  }

  /**
   * Put and GetBucketNotificationConfiguration: a PUT replaces the bucket's whole configuration.
   */
  private AwsResponse notification(AwsRequest request, String bucket) {
    if (!lifecycle.bucketExists(bucket)) {
      return error(404, "NoSuchBucket", "The specified bucket does not exist");
    }
    switch (request.method()) {
      case "PUT" -> {
        try {
          List<TopicNotification> topics =
              NotificationConfigurations.parse(
                  new String(request.body(), StandardCharsets.UTF_8), topicExists);
          notifications.configure(bucket, topics);
          kept.save(bucket, topics);
          return new AwsResponse(200, Map.of(), new byte[0]);
        } catch (RefusedConfiguration e) {
          return error(e.status(), e.code(), e.getMessage());
        }
      }
      case "GET" -> {
        return AwsResponse.xml(
            200, NotificationConfigurations.toXml(notifications.configuration(bucket)));
      }
      default -> {
        return error(405, "MethodNotAllowed", "The specified method is not allowed");
      }
    }
  }

  private static AwsResponse error(int status, String code, String message) {
    return AwsResponse.xml(
        status,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>"
            + code
            + "</Code><Message>"
            + message
            + "</Message><RequestId>"
            + java.util.UUID.randomUUID()
            + "</RequestId></Error>");
  }
}
