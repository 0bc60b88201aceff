package io.s3clean.localcloud.s3;

import io.s3clean.engines.lifecycle.S3Lifecycle;
import io.s3clean.engines.xml.RefusedConfiguration;
import io.s3clean.engines.xml.S3Xml;
import io.s3clean.localcloud.endpoint.AwsRequest;
import io.s3clean.localcloud.endpoint.AwsResponse;
import io.s3clean.localcloud.endpoint.ServiceHandler;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Predicate;
import software.amazon.awssdk.arns.Arn;

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
  private final BucketRegions regions;

  /**
   * @param notifications the buckets' notification configurations, which S3Proxy does not keep
   * @param kept where those set through this API are kept across restarts
   * @param topicExists whether a notification's topic exists, as S3 checks a destination
   * @param regions each bucket's region, from its CreateBucket's LocationConstraint
   */
  public S3Front(
      ServiceHandler s3Proxy,
      S3Lifecycle lifecycle,
      S3Notifications notifications,
      NotificationStore kept,
      Predicate<String> topicExists,
      BucketRegions regions) {
    this.s3Proxy = s3Proxy;
    this.regions = regions;
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
    if (address.onBucket()
        && request.method().equals("GET")
        && request.queryParameters().containsKey("location")) {
      return lifecycle.bucketExists(address.bucket())
          ? AwsResponse.xml(200, regions.locationXml(address.bucket()))
          : error(404, "NoSuchBucket", "The specified bucket does not exist");
    }
    AwsResponse response = s3Proxy.handle(request);
    if (address.onBucket()
        && request.method().equals("PUT")
        && request.queryParameters().isEmpty()
        && response.status() == 200) {
      regions.created(address.bucket(), locationConstraint(request.body()));
    }
    if (address.onBucket() && request.method().equals("HEAD") && response.status() == 200) {
      // S3 names the bucket's region in every HEAD of a bucket
      Map<String, List<String>> headers = new java.util.LinkedHashMap<>(response.headers());
      headers.put("x-amz-bucket-region", List.of(regions.of(address.bucket())));
      response = new AwsResponse(response.status(), headers, response.body());
    }
    if (address.onBucket()
        && request.method().equals("DELETE")
        && request.queryParameters().isEmpty()
        && response.status() == 204) {
      // S3 deletes a bucket's configurations with the bucket
      lifecycle.bucketDeleted(address.bucket());
      notifications.bucketDeleted(address.bucket());
      kept.delete(address.bucket());
      regions.deleted(address.bucket());
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
          // S3 validates that each destination exists, in the bucket's region, unless told not to
          boolean skipValidation =
              request.header("x-amz-skip-destination-validation").orElse("").equals("true");
          String region = regions.of(bucket);
          List<TopicNotification> topics =
              NotificationConfigurations.parse(
                  new String(request.body(), StandardCharsets.UTF_8),
                  topic ->
                      skipValidation
                          || topicExists.test(topic)
                              && Arn.tryFromString(topic)
                                  .flatMap(Arn::region)
                                  .filter(region::equals)
                                  .isPresent());
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

  /** The LocationConstraint of a CreateBucket body; empty for none (us-east-1). */
  private static String locationConstraint(byte[] body) {
    if (body.length == 0) {
      return "";
    }
    try {
      return S3Xml.text(
              S3Xml.parse(new String(body, StandardCharsets.UTF_8)).getDocumentElement(),
              "LocationConstraint")
          .orElse("")
          .strip();
    } catch (IllegalArgumentException e) {
      // S3Proxy has taken the body already; a body that is no XML names no region
      return "";
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
