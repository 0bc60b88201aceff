package io.s3clean.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.s3clean.dynamodb.testing.MotoServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackResource;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.EventSourceMappingConfiguration;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.FunctionResponseType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The shipped template deploys on moto, an AWS emulator nobody here wrote, and the resources it
 * really creates (buckets, queues, tables with the index, topics, functions, event source mappings)
 * look as the template says. moto skips the types in {@link MotoTemplate#SKIPPED_BY_MOTO}; cfn-lint
 * and the security rules cover those.
 */
class MotoDeploymentTest {
  private static final String STACK = "s3clean-moto";
  private static final String ARTIFACT_BUCKET = "s3clean-artifacts";
  private static final String ARTIFACT_KEY = "lambdas/s3clean-lambdas-test.zip";
  private static final Duration STACK_TIMEOUT = Duration.ofSeconds(60);

  private static final CloudFormationTemplate TEMPLATE = ShippedTemplate.parsed();

  /** The stack of the template's defaults, which makes its own bucket and adopts none. */
  private static final TemplateEvaluator DEFAULTS =
      new TemplateEvaluator(
          TEMPLATE, Map.of("ArtifactBucket", "artifacts", "ArtifactKey", "lambda.jar"), Map.of());

  private static MotoServer moto;
  private static SdkHttpClient http;
  private static CloudFormationClient cloudFormation;
  private static S3Client s3;
  private static SqsClient sqs;
  private static SnsClient sns;
  private static DynamoDbClient dynamoDb;
  private static LambdaClient lambda;
  private static Map<String, String> outputs;

  @BeforeAll
  static void deployTheTemplateOnMoto() throws Exception {
    assumeTrue(
        MotoServer.installed(),
        "python3 cannot import moto (pip install 'moto[server]'); CI machines have it");
    moto = MotoServer.start(Path.of("target"));
    http = UrlConnectionHttpClient.create();
    cloudFormation = client(CloudFormationClient.builder());
    s3 = client(S3Client.builder().forcePathStyle(true));
    sqs = client(SqsClient.builder());
    sns = client(SnsClient.builder());
    dynamoDb = client(DynamoDbClient.builder());
    lambda = client(LambdaClient.builder());

    s3.createBucket(b -> b.bucket(ARTIFACT_BUCKET));
    s3.putObject(
        b -> b.bucket(ARTIFACT_BUCKET).key(ARTIFACT_KEY), RequestBody.fromBytes(dummyArtifact()));
    outputs = deploy(STACK, Map.of());
  }

  @AfterAll
  static void stopMoto() throws InterruptedException {
    for (AutoCloseable client :
        new AutoCloseable[] {cloudFormation, s3, sqs, sns, dynamoDb, lambda, http}) {
      try {
        if (client != null) {
          client.close();
        }
      } catch (Exception ignored) {
        // Closing is best effort; stopping moto below is what matters.
      }
    }
    if (moto != null) {
      moto.close();
    }
  }

  @Test
  void motoCreatesEveryResourceExceptTheTypesItSkips() {
    Set<String> created =
        cloudFormation.describeStackResources(b -> b.stackName(STACK)).stackResources().stream()
            .map(StackResource::logicalResourceId)
            // moto also lists the stack's parameters and pseudo parameters, without a logical id.
            .filter(Objects::nonNull)
            .collect(Collectors.toSet());
    Set<String> expected =
        TEMPLATE.resources().values().stream()
            .filter(resource -> !MotoTemplate.SKIPPED_BY_MOTO.contains(resource.type()))
            // the template's defaults: the stack makes its own bucket and adopts none
            .filter(DEFAULTS::included)
            .map(Resource::logicalId)
            .collect(Collectors.toSet());

    assertThat(created).isEqualTo(expected);
  }

  @Test
  void outputsNameEverythingTheCliNeeds() {
    // AlarmName is a Ref to the alarm, which moto skips, so moto leaves that output out.
    Set<String> expected = new HashSet<>(TEMPLATE.outputs().keySet());
    expected.remove("AlarmName");

    assertThat(outputs.keySet()).isEqualTo(expected);
    assertThat(outputs)
        .containsEntry("WatchedBucketName", STACK + "-123456789012-us-east-1-watched")
        .containsEntry("ObjectTableName", STACK + "-objects")
        .containsEntry("SizeTrackingLogGroupName", "/aws/lambda/" + STACK + "-size-tracking")
        .containsEntry("MetricNamespace", "S3Clean")
        .containsEntry("Threshold", "20");
    assertThat(outputs.get("ApiUrl")).endsWith(".execute-api.us-east-1.amazonaws.com/plot");
  }

  @Test
  void bothBucketsExistWithDefaultEncryption() {
    for (String bucket : List.of(outputs.get("WatchedBucketName"), outputs.get("PlotBucketName"))) {
      s3.headBucket(b -> b.bucket(bucket));
      assertThat(
              s3.getBucketEncryption(b -> b.bucket(bucket))
                  .serverSideEncryptionConfiguration()
                  .rules()
                  .get(0)
                  .applyServerSideEncryptionByDefault()
                  .sseAlgorithm())
          .as(bucket)
          .isEqualTo(ServerSideEncryption.AES256);
    }
  }

  @Test
  void eachQueueIsEncryptedAndRedrivesToItsDeadLetterQueueAfterThreeReceives() {
    assertRedrive(outputs.get("TrackingQueueUrl"), outputs.get("TrackingDlqUrl"));
    assertRedrive(outputs.get("LoggingQueueUrl"), outputs.get("LoggingDlqUrl"));
  }

  private static void assertRedrive(String queueUrl, String dlqUrl) {
    Map<QueueAttributeName, String> queue = queueAttributes(queueUrl);
    String dlqArn = queueAttributes(dlqUrl).get(QueueAttributeName.QUEUE_ARN);

    assertThat(queue.get(QueueAttributeName.SQS_MANAGED_SSE_ENABLED))
        .as(queueUrl)
        .isEqualTo("true");
    assertThat(Integer.parseInt(queue.get(QueueAttributeName.VISIBILITY_TIMEOUT)))
        .as("visibility timeout of %s: at least 6 x the 30 s function timeout", queueUrl)
        .isGreaterThanOrEqualTo(6 * 30);
    assertThat(queue.get(QueueAttributeName.REDRIVE_POLICY))
        .as(queueUrl)
        .contains("\"deadLetterTargetArn\": \"" + dlqArn + "\"")
        .contains("\"maxReceiveCount\": 3");
    assertThat(queueAttributes(dlqUrl).get(QueueAttributeName.SQS_MANAGED_SSE_ENABLED))
        .as(dlqUrl)
        .isEqualTo("true");
  }

  private static Map<QueueAttributeName, String> queueAttributes(String queueUrl) {
    return sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.ALL))
        .attributes();
  }

  @Test
  void tablesHaveTheDesignKeysAndTheBySizeIndex() {
    TableDescription objects =
        dynamoDb.describeTable(b -> b.tableName(outputs.get("ObjectTableName"))).table();
    TableDescription history =
        dynamoDb.describeTable(b -> b.tableName(outputs.get("HistoryTableName"))).table();

    assertThat(keys(objects.keySchema())).containsExactly("bucket_name HASH", "object_name RANGE");
    assertThat(objects.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
    GlobalSecondaryIndexDescription bySize = objects.globalSecondaryIndexes().get(0);
    assertThat(objects.globalSecondaryIndexes()).hasSize(1);
    assertThat(bySize.indexName()).isEqualTo("BySize");
    assertThat(keys(bySize.keySchema())).containsExactly("bucket_name HASH", "size RANGE");
    assertThat(bySize.projection().projectionType()).isEqualTo(ProjectionType.ALL);
    assertThat(objects.attributeDefinitions())
        .extracting(a -> a.attributeName() + " " + a.attributeTypeAsString())
        .containsExactlyInAnyOrder("bucket_name S", "object_name S", "size N");

    assertThat(keys(history.keySchema())).containsExactly("bucket_name HASH", "seq RANGE");
    assertThat(history.attributeDefinitions())
        .extracting(a -> a.attributeName() + " " + a.attributeTypeAsString())
        .containsExactlyInAnyOrder("bucket_name S", "seq N");
    assertThat(history.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
  }

  private static List<String> keys(List<KeySchemaElement> schema) {
    return schema.stream().map(k -> k.attributeName() + " " + k.keyTypeAsString()).toList();
  }

  @Test
  void bothTopicsAreEncrypted() {
    for (String topic : List.of(outputs.get("TopicArn"), outputs.get("NotifyTopicArn"))) {
      assertThat(sns.getTopicAttributes(b -> b.topicArn(topic)).attributes().get("KmsMasterKeyId"))
          .as(topic)
          .isNotBlank();
    }
  }

  @Test
  void theFunctionsRunTheSharedArtifactWithTheTemplatesHandlersAndVariables() {
    for (Resource function : TEMPLATE.resourcesOfType("AWS::Lambda::Function")) {
      if (!DEFAULTS.included(function)) {
        continue;
      }
      String name = outputs.get(function.logicalId() + "Name");
      FunctionConfiguration deployed =
          lambda.getFunction(b -> b.functionName(name)).configuration();

      assertThat(deployed.runtimeAsString())
          .as(name)
          .isEqualTo(function.properties().get("Runtime"));
      assertThat(deployed.handler()).as(name).isEqualTo(function.properties().get("Handler"));
      Map<?, ?> environment = (Map<?, ?>) function.properties().get("Environment");
      assertThat(
              deployed.environment() == null
                  ? Set.of()
                  : deployed.environment().variables().keySet())
          .as(name)
          .isEqualTo(
              environment == null ? Set.of() : ((Map<?, ?>) environment.get("Variables")).keySet());
    }
  }

  @Test
  void queuesFeedTheirFunctionsInBatchesReportingItemFailures() {
    assertEventSource(outputs.get("SizeTrackingFunctionName"), outputs.get("TrackingQueueUrl"));
    assertEventSource(outputs.get("EventLoggingFunctionName"), outputs.get("LoggingQueueUrl"));
  }

  private static void assertEventSource(String function, String queueUrl) {
    List<EventSourceMappingConfiguration> mappings =
        lambda.listEventSourceMappings(b -> b.functionName(function)).eventSourceMappings();

    assertThat(mappings).as(function).hasSize(1);
    assertThat(mappings.get(0).eventSourceArn())
        .isEqualTo(queueAttributes(queueUrl).get(QueueAttributeName.QUEUE_ARN));
    assertThat(mappings.get(0).batchSize()).isEqualTo(10);
    assertThat(mappings.get(0).functionResponseTypes())
        .containsExactly(FunctionResponseType.REPORT_BATCH_ITEM_FAILURES);
  }

  @Test
  void optionalParametersDeployTooAndReserveConcurrency() {
    String stack = "s3clean-moto-options";
    Map<String, String> deployed =
        deploy(
            stack,
            Map.of(
                "ReservedConcurrency", "2",
                "KeyPrefixFilter", "incoming/",
                "KeySuffixFilter", ".txt",
                "NotificationEmail", "ops@example.com",
                "BatchSize", "25",
                "MaximumBatchingWindowInSeconds", "5"));

    assertThat(
            lambda
                .getFunctionConcurrency(b -> b.functionName(deployed.get("CleanerFunctionName")))
                .reservedConcurrentExecutions())
        .isEqualTo(2);
    assertThat(
            lambda
                .listEventSourceMappings(
                    b -> b.functionName(deployed.get("SizeTrackingFunctionName")))
                .eventSourceMappings())
        .singleElement()
        .satisfies(mapping -> assertThat(mapping.batchSize()).isEqualTo(25))
        .satisfies(mapping -> assertThat(mapping.maximumBatchingWindowInSeconds()).isEqualTo(5));
    assertThat(
            lambda
                .getFunctionConcurrency(b -> b.functionName(outputs.get("CleanerFunctionName")))
                .reservedConcurrentExecutions())
        .as("the default stack reserves nothing")
        .isNull();
  }

  /**
   * Creates the stack and waits for CREATE_COMPLETE; any other end fails with the stack's events.
   */
  private static Map<String, String> deploy(String stack, Map<String, String> parameters) {
    Map<String, String> all = new TreeMap<>(parameters);
    all.put("ArtifactBucket", ARTIFACT_BUCKET);
    all.put("ArtifactKey", ARTIFACT_KEY);
    try {
      cloudFormation.createStack(
          b ->
              b.stackName(stack)
                  .templateBody(MotoTemplate.body(TEMPLATE))
                  .capabilities(Capability.CAPABILITY_IAM)
                  .parameters(
                      all.entrySet().stream()
                          .map(
                              p ->
                                  software.amazon.awssdk.services.cloudformation.model.Parameter
                                      .builder()
                                      .parameterKey(p.getKey())
                                      .parameterValue(p.getValue())
                                      .build())
                          .toList()));
    } catch (SdkException e) {
      fail(
          "CreateStack %s failed: %s\n%s\nmoto log:\n%s",
          stack, e.getMessage(), events(stack), moto.logTail());
    }
    Instant deadline = Instant.now().plus(STACK_TIMEOUT);
    while (true) {
      Stack described = cloudFormation.describeStacks(b -> b.stackName(stack)).stacks().get(0);
      StackStatus status = described.stackStatus();
      if (status == StackStatus.CREATE_COMPLETE) {
        return described.outputs().stream()
            .collect(Collectors.toMap(Output::outputKey, Output::outputValue));
      }
      if (!status.toString().endsWith("_IN_PROGRESS") || Instant.now().isAfter(deadline)) {
        fail(
            "stack %s is %s (%s), not CREATE_COMPLETE\n%s\nmoto log:\n%s",
            stack, status, described.stackStatusReason(), events(stack), moto.logTail());
      }
      sleep(Duration.ofMillis(250));
    }
  }

  private static String events(String stack) {
    try {
      return cloudFormation.describeStackEvents(b -> b.stackName(stack)).stackEvents().stream()
          .map(
              e ->
                  String.join(
                      "  ",
                      e.resourceStatusAsString(),
                      e.resourceType(),
                      e.logicalResourceId(),
                      String.valueOf(e.resourceStatusReason())))
          .collect(Collectors.joining("\n", "stack events (newest first):\n", ""));
    } catch (SdkException e) {
      return "(no stack events: " + e.getMessage() + ")";
    }
  }

  private static byte[] dummyArtifact() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("README.txt"));
      zip.write("moto never runs this code".getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    return bytes.toByteArray();
  }

  private static <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C> C client(
      B builder) {
    return builder
        .endpointOverride(moto.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(http)
        .build();
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
