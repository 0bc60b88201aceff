package io.s3clean.localcloud.provision;

import static io.s3clean.localcloud.provision.Types.asMap;
import static io.s3clean.localcloud.provision.Types.bool;
import static io.s3clean.localcloud.provision.Types.list;
import static io.s3clean.localcloud.provision.Types.map;
import static io.s3clean.localcloud.provision.Types.number;
import static io.s3clean.localcloud.provision.Types.string;
import static io.s3clean.localcloud.provision.Types.type;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3clean.localcloud.s3.TopicNotification;
import io.s3clean.localcloud.sqs.SqsEngine;
import io.s3clean.localcloud.sqs.SqsException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/** S3 buckets, SNS topics and subscriptions, SQS queues, DynamoDB tables, and their policies. */
final class DataPlaneTypes {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DataPlaneTypes() {}

  static List<ResourceType> all() {
    return List.of(
        bucket(),
        paperOnly("AWS::S3::BucketPolicy", Set.of("Bucket", "PolicyDocument")),
        topic(),
        paperOnly("AWS::SNS::TopicPolicy", Set.of("Topics", "PolicyDocument")),
        subscription(),
        queue(),
        paperOnly("AWS::SQS::QueuePolicy", Set.of("Queues", "PolicyDocument")),
        table(),
        kmsKey());
  }

  /**
   * A resource recorded but not enforced here: resource policies (the IAM check covers identity
   * policies, which is where these handlers' rights come from) and keys for encryption at rest.
   */
  static ResourceType paperOnly(String name, Set<String> properties) {
    return type(
        name,
        Set.of(),
        properties,
        (id, props, d) ->
            Created.recorded(d.stackName() + "-" + id + "-" + shortId(d, id), Map.of()));
  }

  private static ResourceType kmsKey() {
    return type(
        "AWS::KMS::Key",
        Set.of(),
        Set.of(
            "Description",
            "KeyPolicy",
            "EnableKeyRotation",
            "KeySpec",
            "KeyUsage",
            "Enabled",
            "PendingWindowInDays",
            "Tags"),
        (id, props, d) -> {
          String keyId =
              UUID.nameUUIDFromBytes(
                      (d.stackName() + "/" + id).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                  .toString();
          String arn = "arn:aws:kms:" + d.region() + ":" + d.accountId() + ":key/" + keyId;
          return new Created(keyId, keyId, Map.of("Arn", arn, "KeyId", keyId), false);
        });
  }

  private static ResourceType bucket() {
    return type(
        "AWS::S3::Bucket",
        Set.of("BucketName", "NotificationConfiguration"),
        Set.of(
            "PublicAccessBlockConfiguration",
            "BucketEncryption",
            "VersioningConfiguration",
            "LifecycleConfiguration",
            "OwnershipControls",
            "Tags"),
        (id, props, d) -> {
          String name =
              string(
                  props,
                  "BucketName",
                  id,
                  (d.stackName() + "-" + id + "-" + shortId(d, id)).toLowerCase(Locale.ROOT));
          try {
            d.s3().createBucket(r -> r.bucket(name));
          } catch (BucketAlreadyOwnedByYouException e) {
            // a restart of the embedded cloud over the same data directory finds its buckets again
          }
          Map<String, Object> notification = map(props, "NotificationConfiguration", id);
          for (String unsupported :
              List.of("QueueConfigurations", "LambdaConfigurations", "EventBridgeConfiguration")) {
            if (notification.containsKey(unsupported)) {
              throw new ProvisioningException(
                  id
                      + ": NotificationConfiguration."
                      + unsupported
                      + " is not supported by the embedded cloud (TopicConfigurations are)");
            }
          }
          List<TopicNotification> topics = new ArrayList<>();
          for (Object item : list(notification, "TopicConfigurations", id)) {
            Map<String, Object> config = asMap(item, id + ": TopicConfigurations item");
            String prefix = "";
            String suffix = "";
            for (Object rule : list(map(map(config, "Filter", id), "S3Key", id), "Rules", id)) {
              Map<String, Object> r = asMap(rule, id + ": filter rule");
              String ruleName = String.valueOf(r.get("Name")).toLowerCase(Locale.ROOT);
              if (ruleName.equals("prefix")) {
                prefix = String.valueOf(r.get("Value"));
              } else if (ruleName.equals("suffix")) {
                suffix = String.valueOf(r.get("Value"));
              } else {
                throw new ProvisioningException(
                    id + ": filter rule name must be prefix or suffix, not " + ruleName);
              }
            }
            topics.add(
                new TopicNotification(
                    String.valueOf(config.getOrDefault("Id", "s3clean")),
                    string(config, "Topic", id),
                    List.of(string(config, "Event", id)),
                    prefix,
                    suffix));
          }
          if (!topics.isEmpty()) {
            topics.forEach(
                t -> {
                  if (!d.sns().exists(t.topicArn())) {
                    throw new ProvisioningException(
                        id + ": notification topic " + t.topicArn() + " does not exist");
                  }
                });
            d.notifications().configure(name, topics);
          }
          Object versioning = props.get("VersioningConfiguration");
          if (versioning != null) {
            String status =
                string(asMap(versioning, id + ": VersioningConfiguration"), "Status", id);
            d.s3()
                .putBucketVersioning(
                    r -> r.bucket(name).versioningConfiguration(v -> v.status(status)));
          }
          Object lifecycle = props.get("LifecycleConfiguration");
          if (lifecycle != null && d.lifecycle() != null) {
            try {
              d.lifecycle()
                  .put(
                      name,
                      BucketLifecycleRules.toXml(
                          asMap(lifecycle, id + ": LifecycleConfiguration"), id));
            } catch (io.s3clean.engines.xml.RefusedConfiguration e) {
              throw new ProvisioningException(id + ": LifecycleConfiguration: " + e.getMessage());
            }
          }
          return Created.emulated(
              name,
              name,
              Map.of(
                  "Arn", "arn:aws:s3:::" + name,
                  "DomainName", name + ".s3.amazonaws.com",
                  "RegionalDomainName", name + ".s3." + d.region() + ".amazonaws.com"));
        });
  }

  private static ResourceType topic() {
    return type(
        "AWS::SNS::Topic",
        Set.of("TopicName"),
        Set.of("KmsMasterKeyId", "DisplayName", "Tags"),
        (id, props, d) -> {
          String name =
              string(props, "TopicName", id, d.stackName() + "-" + id + "-" + shortId(d, id));
          String arn = d.sns().createTopic(name);
          return Created.emulated(arn, arn, Map.of("TopicArn", arn, "TopicName", name));
        });
  }

  private static ResourceType subscription() {
    return type(
        "AWS::SNS::Subscription",
        Set.of("TopicArn", "Protocol", "Endpoint", "RawMessageDelivery"),
        Set.of("Region"),
        (id, props, d) -> {
          String arn =
              d.sns()
                  .subscribe(
                      string(props, "TopicArn", id),
                      string(props, "Protocol", id),
                      string(props, "Endpoint", id),
                      bool(props, "RawMessageDelivery", id, false));
          return Created.emulated(arn, arn, Map.of("Arn", arn));
        });
  }

  private static ResourceType queue() {
    return type(
        "AWS::SQS::Queue",
        Set.of(
            "QueueName",
            "VisibilityTimeout",
            "RedrivePolicy",
            "MessageRetentionPeriod",
            "ReceiveMessageWaitTimeSeconds",
            "DelaySeconds"),
        Set.of("SqsManagedSseEnabled", "KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds", "Tags"),
        (id, props, d) -> {
          String name =
              string(props, "QueueName", id, d.stackName() + "-" + id + "-" + shortId(d, id));
          Map<String, String> attributes = new HashMap<>();
          // Visibility and retention are AWS durations: on a faster clock they pass faster too.
          attributes.put(
              "VisibilityTimeout",
              Integer.toString(d.scaledSeconds(number(props, "VisibilityTimeout", id, 30))));
          attributes.put(
              "MessageRetentionPeriod",
              Long.toString(
                  Math.max(
                      60, d.scaledSeconds(number(props, "MessageRetentionPeriod", id, 345_600)))));
          if (props.containsKey("DelaySeconds")) {
            attributes.put(
                "DelaySeconds",
                Integer.toString(d.scaledSeconds(number(props, "DelaySeconds", id, 0))));
          }
          if (props.containsKey("RedrivePolicy")) {
            attributes.put("RedrivePolicy", redrivePolicy(props.get("RedrivePolicy"), id));
          }
          String url = createOrUpdateQueue(d.sqs(), name, attributes);
          String arn = "arn:aws:sqs:" + d.region() + ":" + d.accountId() + ":" + name;
          return Created.emulated(url, url, Map.of("Arn", arn, "QueueName", name, "QueueUrl", url));
        });
  }

  /**
   * The queue as the template now defines it: created, or, when a stack update or a restart finds
   * it with other attributes, given the template's (its messages stay).
   */
  private static String createOrUpdateQueue(
      SqsEngine sqs, String name, Map<String, String> attributes) {
    try {
      return sqs.createQueue(name, attributes, Map.of());
    } catch (SqsException e) {
      if (!e.shape().equals("QueueNameExists")) {
        throw e;
      }
      String url = sqs.queueUrl(name);
      sqs.setAttributes(url, attributes);
      return url;
    }
  }

  private static String redrivePolicy(Object policy, String id) {
    if (policy instanceof String text) {
      return text;
    }
    try {
      Map<String, Object> values = new HashMap<>(asMap(policy, id + ": RedrivePolicy"));
      values.computeIfPresent(
          "maxReceiveCount", (k, v) -> io.s3clean.template.TemplateEvaluator.text(v));
      return JSON.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new ProvisioningException(id + ": RedrivePolicy is not serialisable", e);
    }
  }

  private static ResourceType table() {
    return type(
        "AWS::DynamoDB::Table",
        Set.of(
            "TableName",
            "KeySchema",
            "AttributeDefinitions",
            "GlobalSecondaryIndexes",
            "BillingMode"),
        Set.of(
            "PointInTimeRecoverySpecification",
            "SSESpecification",
            "DeletionProtectionEnabled",
            "Tags",
            "ProvisionedThroughput",
            "TimeToLiveSpecification"),
        (id, props, d) -> {
          String name =
              string(props, "TableName", id, d.stackName() + "-" + id + "-" + shortId(d, id));
          CreateTableRequest.Builder request =
              CreateTableRequest.builder()
                  .tableName(name)
                  .billingMode(BillingMode.PAY_PER_REQUEST)
                  .keySchema(keySchema(list(props, "KeySchema", id), id))
                  .attributeDefinitions(
                      list(props, "AttributeDefinitions", id).stream()
                          .map(
                              a -> {
                                Map<String, Object> attribute =
                                    asMap(a, id + ": attribute definition");
                                return AttributeDefinition.builder()
                                    .attributeName(string(attribute, "AttributeName", id))
                                    .attributeType(string(attribute, "AttributeType", id))
                                    .build();
                              })
                          .toList());
          List<GlobalSecondaryIndex> indexes =
              list(props, "GlobalSecondaryIndexes", id).stream()
                  .map(
                      i -> {
                        Map<String, Object> index = asMap(i, id + ": global secondary index");
                        Map<String, Object> projection = map(index, "Projection", id);
                        List<String> nonKeyAttributes =
                            list(projection, "NonKeyAttributes", id).stream()
                                .map(String::valueOf)
                                .toList();
                        return GlobalSecondaryIndex.builder()
                            .indexName(string(index, "IndexName", id))
                            .keySchema(keySchema(list(index, "KeySchema", id), id))
                            .projection(
                                Projection.builder()
                                    .projectionType(string(projection, "ProjectionType", id, "ALL"))
                                    // Only when the template names some, as CloudFormation does:
                                    // NonKeyAttributes
                                    // on a projection other than INCLUDE is refused, and an empty
                                    // list is still given.
                                    .nonKeyAttributes(
                                        nonKeyAttributes.isEmpty() ? null : nonKeyAttributes)
                                    .build())
                            .build();
                      })
                  .toList();
          if (!indexes.isEmpty()) {
            request.globalSecondaryIndexes(indexes);
          }
          try {
            d.dynamo().createTable(request.build());
          } catch (ResourceInUseException e) {
            // kept from an earlier start over the same data directory
          }
          String arn = "arn:aws:dynamodb:" + d.region() + ":" + d.accountId() + ":table/" + name;
          return Created.emulated(name, name, Map.of("Arn", arn));
        });
  }

  private static List<KeySchemaElement> keySchema(List<Object> elements, String id) {
    return elements.stream()
        .map(
            e -> {
              Map<String, Object> element = asMap(e, id + ": key schema element");
              return KeySchemaElement.builder()
                  .attributeName(string(element, "AttributeName", id))
                  .keyType(string(element, "KeyType", id))
                  .build();
            })
        .toList();
  }

  /**
   * The random-looking part of a generated name or id, derived from the stack and the resource so
   * that a restart over the same data gives every resource the physical id it had (AWS keeps them
   * for the stack's life).
   */
  static String shortId(Deployment d, String logicalId) {
    return java.util.HexFormat.of().formatHex(Types.sha256(d.stackName() + "/" + logicalId), 0, 4);
  }
}
