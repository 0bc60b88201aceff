package io.s3clean.aws;

import io.s3clean.adoption.AdoptionRefusedException;
import io.s3clean.adoption.AdoptionRefusedException.Reason;
import io.s3clean.adoption.BucketAccess;
import io.s3clean.adoption.BucketNotifications;
import io.s3clean.adoption.Destination;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.EventBridgeConfiguration;
import software.amazon.awssdk.services.s3.model.FilterRule;
import software.amazon.awssdk.services.s3.model.GetBucketNotificationConfigurationResponse;
import software.amazon.awssdk.services.s3.model.LambdaFunctionConfiguration;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NotificationConfiguration;
import software.amazon.awssdk.services.s3.model.NotificationConfigurationFilter;
import software.amazon.awssdk.services.s3.model.QueueConfiguration;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.TopicConfiguration;

/** Adoption's view of a bucket, through S3's bucket location and notification calls. */
public final class S3BucketAccess implements BucketAccess {
  private final S3Client s3;

  public S3BucketAccess(S3Client s3) {
    this.s3 = s3;
  }

  /**
   * GetBucketLocation names us-east-1 by no constraint at all, and eu-west-1 also by its legacy
   * name EU.
   */
  @Override
  public Optional<String> region(String bucket) {
    try {
      String constraint = s3.getBucketLocation(r -> r.bucket(bucket)).locationConstraintAsString();
      if (constraint == null || constraint.isEmpty()) {
        return Optional.of("us-east-1");
      }
      return Optional.of(constraint.equals("EU") ? "eu-west-1" : constraint);
    } catch (NoSuchBucketException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      // an endpoint of another region may redirect, naming the bucket's region as HEAD does
      Optional<String> named =
          e.awsErrorDetails() == null
              ? Optional.empty()
              : e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-bucket-region");
      if (e.statusCode() == 301 && named.isPresent()) {
        return named;
      }
      if (e.statusCode() == 403) {
        throw new AdoptionRefusedException(
            Reason.NOT_READABLE,
            "bucket '"
                + bucket
                + "' cannot be read with these credentials ("
                + errorCode(e)
                + "): a bucket is adopted by its owner's account");
      }
      throw e;
    }
  }

  @Override
  public BucketNotifications notifications(String bucket) {
    GetBucketNotificationConfigurationResponse current =
        s3.getBucketNotificationConfiguration(r -> r.bucket(bucket));
    List<Destination> destinations = new ArrayList<>();
    current
        .topicConfigurations()
        .forEach(
            c ->
                destinations.add(
                    destination(
                        c.id(),
                        Destination.Kind.TOPIC,
                        c.topicArn(),
                        c.eventsAsStrings(),
                        c.filter())));
    current
        .queueConfigurations()
        .forEach(
            c ->
                destinations.add(
                    destination(
                        c.id(),
                        Destination.Kind.QUEUE,
                        c.queueArn(),
                        c.eventsAsStrings(),
                        c.filter())));
    current
        .lambdaFunctionConfigurations()
        .forEach(
            c ->
                destinations.add(
                    destination(
                        c.id(),
                        Destination.Kind.FUNCTION,
                        c.lambdaFunctionArn(),
                        c.eventsAsStrings(),
                        c.filter())));
    return new BucketNotifications(destinations, current.eventBridgeConfiguration() != null);
  }

  @Override
  public void replace(
      String bucket, BucketNotifications notifications, boolean validateDestinations) {
    NotificationConfiguration.Builder configuration = NotificationConfiguration.builder();
    List<TopicConfiguration> topics = new ArrayList<>();
    List<QueueConfiguration> queues = new ArrayList<>();
    List<LambdaFunctionConfiguration> functions = new ArrayList<>();
    for (Destination d : notifications.destinations()) {
      NotificationConfigurationFilter filter = filter(d);
      switch (d.kind()) {
        case TOPIC ->
            topics.add(
                TopicConfiguration.builder()
                    .id(d.id())
                    .topicArn(d.arn())
                    .eventsWithStrings(d.events())
                    .filter(filter)
                    .build());
        case QUEUE ->
            queues.add(
                QueueConfiguration.builder()
                    .id(d.id())
                    .queueArn(d.arn())
                    .eventsWithStrings(d.events())
                    .filter(filter)
                    .build());
        case FUNCTION ->
            functions.add(
                LambdaFunctionConfiguration.builder()
                    .id(d.id())
                    .lambdaFunctionArn(d.arn())
                    .eventsWithStrings(d.events())
                    .filter(filter)
                    .build());
      }
    }
    configuration
        .topicConfigurations(topics)
        .queueConfigurations(queues)
        .lambdaFunctionConfigurations(functions);
    if (notifications.eventBridge()) {
      configuration.eventBridgeConfiguration(EventBridgeConfiguration.builder().build());
    }
    try {
      s3.putBucketNotificationConfiguration(
          r ->
              r.bucket(bucket)
                  .notificationConfiguration(configuration.build())
                  .skipDestinationValidation(validateDestinations ? null : true));
    } catch (S3Exception e) {
      if (e.statusCode() == 400) {
        throw new AdoptionRefusedException(
            Reason.REFUSED_BY_S3,
            "S3 refused the notification configuration of bucket '"
                + bucket
                + "': "
                + errorCode(e));
      }
      throw e;
    }
  }

  /** S3 answers GET with the rule names capitalised (Prefix, Suffix); a PUT takes either. */
  private static Destination destination(
      String id,
      Destination.Kind kind,
      String arn,
      List<String> events,
      NotificationConfigurationFilter filter) {
    String prefix = "";
    String suffix = "";
    if (filter != null && filter.key() != null) {
      for (FilterRule rule : filter.key().filterRules()) {
        if ("prefix".equalsIgnoreCase(rule.nameAsString())) {
          prefix = rule.value();
        } else if ("suffix".equalsIgnoreCase(rule.nameAsString())) {
          suffix = rule.value();
        }
      }
    }
    return new Destination(id, kind, arn, events, prefix, suffix);
  }

  private static NotificationConfigurationFilter filter(Destination d) {
    List<FilterRule> rules = new ArrayList<>();
    if (!d.prefix().isEmpty()) {
      rules.add(FilterRule.builder().name("prefix").value(d.prefix()).build());
    }
    if (!d.suffix().isEmpty()) {
      rules.add(FilterRule.builder().name("suffix").value(d.suffix()).build());
    }
    return rules.isEmpty()
        ? null
        : NotificationConfigurationFilter.builder().key(k -> k.filterRules(rules)).build();
  }

  private static String errorCode(S3Exception e) {
    return e.awsErrorDetails() == null
        ? String.valueOf(e.statusCode())
        : e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage();
  }
}
