package io.s3clean.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3clean.adoption.Adoption;
import io.s3clean.adoption.AdoptionRefusedException;
import io.s3clean.adoption.Subscription;
import io.s3clean.aws.AwsClients;
import io.s3clean.aws.S3BucketAccess;
import io.s3clean.event.MalformedEventException;
import io.s3clean.logging.JsonLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The custom resource that adopts a bucket the stack did not make: on Create and Update it adds the
 * stack's event topic to the bucket's notification configuration, keeping every other
 * configuration; on Delete it takes away the stack's own and nothing else. A bucket that cannot be
 * adopted fails the resource with the reason, so that the stack rolls back and says why.
 *
 * <p>Properties: BucketName, Region (the stack's), TopicArn, ConfigurationIdPrefix, and the
 * optional KeyPrefixFilter and KeySuffixFilter. The physical id is {@code
 * <bucket>/<ConfigurationIdPrefix>}: a new bucket is a new resource, and CloudFormation's Delete of
 * the old one releases the old bucket.
 */
public final class BucketAdoptionHandler implements RequestStreamHandler {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Adoption adoption;
  private final CustomResourceReply reply;

  /** For the Lambda runtime: the client built once per JVM. */
  public BucketAdoptionHandler() {
    this(AwsClients.s3());
  }

  public BucketAdoptionHandler(S3Client s3) {
    this.adoption = new Adoption(new S3BucketAccess(s3));
    this.reply =
        new CustomResourceReply(
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    JsonLog log = LambdaSupport.log(context);
    CustomResourceRequest request;
    try {
      request = CustomResourceRequest.parse(input);
    } catch (MalformedEventException e) {
      // with no ResponseURL there is nobody to answer: say so where the operator looks
      log.error("malformed_custom_resource_request", JsonLog.fields("error", e.getMessage()));
      JSON.writeValue(output, JsonLog.fields("error", e.getMessage()));
      return;
    }
    String physicalId = request.physicalResourceId().orElse(request.logicalResourceId());
    // CloudFormation is answered once, after the work: an answer that cannot be sent fails the
    // invocation, and CloudFormation's wait for the resource ends at its timeout
    String failure = null;
    try {
      physicalId = apply(request, log);
    } catch (AdoptionRefusedException | MalformedEventException e) {
      log.error("adoption_refused", JsonLog.fields("error", e.getMessage()));
      failure = e.getMessage();
    } catch (RuntimeException e) {
      log.error(
          "adoption_failed",
          JsonLog.fields("error", e.getClass().getName() + ": " + e.getMessage()));
      failure = "could not change the bucket's notifications: " + e;
    }
    if (failure == null) {
      reply.success(request, physicalId, Map.of());
    } else {
      reply.failure(request, physicalId, failure);
    }
    JSON.writeValue(output, JsonLog.fields("physicalResourceId", physicalId));
  }

  /** Does what the request asks, and returns the resource's physical id. */
  private String apply(CustomResourceRequest request, JsonLog log) {
    if (!List.of("Create", "Update", "Delete").contains(request.requestType())) {
      throw new MalformedEventException(
          "not a custom resource request: RequestType is '" + request.requestType() + "'");
    }
    if (request.requestType().equals("Delete")) {
      // the physical id names what the stack adopted, whatever the properties say now
      String[] adopted =
          request.physicalResourceId().filter(id -> id.contains("/")).orElse("").split("/", 2);
      if (adopted.length < 2) {
        // a Create that failed before it had a bucket: nothing was added
        return request.physicalResourceId().orElse(request.logicalResourceId());
      }
      boolean released = adoption.release(adopted[0], new Subscription(adopted[1], "", "", ""));
      log.info(
          "bucket_released", JsonLog.fields("bucket", adopted[0], "had_configurations", released));
      return request.physicalResourceId().get();
    }
    String bucket = request.requiredProperty("BucketName");
    Subscription ours =
        new Subscription(
            request.requiredProperty("ConfigurationIdPrefix"),
            request.requiredProperty("TopicArn"),
            request.property("KeyPrefixFilter"),
            request.property("KeySuffixFilter"));
    adoption.adopt(bucket, request.requiredProperty("Region"), ours);
    log.info("bucket_adopted", JsonLog.fields("bucket", bucket, "topic", ours.topicArn()));
    return bucket + "/" + ours.idPrefix();
  }
}
