package io.s3clean.cli.target;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3clean.cli.CliException;
import io.s3clean.cli.ExitCodes;
import io.s3clean.cli.GlobalOptions;
import io.s3clean.template.CloudFormationTemplate;
import io.s3clean.template.ShippedTemplate;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackResource;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmHistoryItem;
import software.amazon.awssdk.services.cloudwatch.model.Datapoint;
import software.amazon.awssdk.services.cloudwatch.model.HistoryItemType;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The stack on AWS (or on anything that speaks its APIs, such as moto behind {@code
 * --endpoint-url}): CloudFormation change sets for the stack, the SDK's clients for the data plane,
 * CloudWatch for the alarm and the logs, and a SigV4-signed GET for the plot.
 */
public final class AwsTarget implements StackTarget {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration POLL_INTERVAL = Duration.ofSeconds(2);
  private static final Duration STACK_TIMEOUT = Duration.ofMinutes(60);

  /** Periods of metric data read for the alarm's latest value: the alarm itself looks at one. */
  private static final int METRIC_LOOKBACK_PERIODS = 5;

  /** How often an embedded cloud's stack is polled while it deploys: it answers at once. */
  private static final Duration LOCAL_POLL_INTERVAL = Duration.ofMillis(100);

  private final String stackName;
  private final AwsSession session;
  private final String templateBody;
  private final Duration pollInterval;

  private AwsTarget(
      String stackName, AwsSession session, String templateBody, Duration pollInterval) {
    this.stackName = stackName;
    this.session = session;
    this.templateBody = templateBody;
    this.pollInterval = pollInterval;
  }

  public static StackTarget open(GlobalOptions options, Consumer<String> progress) {
    return open(options, progress, ShippedTemplate.text());
  }

  /** With another template than the shipped one: tests deploy the template as moto can run it. */
  public static AwsTarget open(
      GlobalOptions options, Consumer<String> progress, String templateBody) {
    String stackName = options.stackName();
    AwsSession session = AwsSession.from(options);
    try {
      // Fail here, in one line, rather than in the first call with the SDK's list of providers.
      session.resolveCredentials();
      if (options.verbose()) {
        progress.accept(
            "AWS region "
                + session.region()
                + session.endpoint().map(e -> ", endpoint " + e).orElse(""));
      }
      return new AwsTarget(stackName, session, templateBody, POLL_INTERVAL);
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
  }

  /**
   * The AWS code paths over an embedded cloud's one endpoint: what a running cloud answers is read
   * exactly as AWS's answers are, on the cloud's clock.
   */
  static AwsTarget overEndpoint(String stackName, URI endpoint, String region) {
    AwsSession session = AwsSession.local(endpoint, region);
    AwsTarget target =
        new AwsTarget(stackName, session, ShippedTemplate.text(), LOCAL_POLL_INTERVAL);
    // one call, so that the clock follows the cloud's from the start
    target.cloudFormation().describeStacks(r -> r.stackName(stackName));
    return target;
  }

  @Override
  public String name() {
    return "aws";
  }

  private CloudFormationClient cloudFormation() {
    return session.client(CloudFormationClient.class, CloudFormationClient::builder);
  }

  private CloudWatchClient cloudWatch() {
    return session.client(CloudWatchClient.class, CloudWatchClient::builder);
  }

  private CloudWatchLogsClient logsClient() {
    return session.client(CloudWatchLogsClient.class, CloudWatchLogsClient::builder);
  }

  @Override
  public S3Client s3() {
    return session.s3();
  }

  @Override
  public DynamoDbClient dynamoDb() {
    return session.client(DynamoDbClient.class, DynamoDbClient::builder);
  }

  @Override
  public SqsClient sqs() {
    return session.client(SqsClient.class, SqsClient::builder);
  }

  @Override
  public StackInfo deploy(Map<String, String> templateParameters, Consumer<String> progress) {
    return deploy(templateParameters, CodeArtifact.DEFAULT, progress);
  }

  @Override
  public StackInfo deploy(
      Map<String, String> templateParameters, CodeArtifact code, Consumer<String> progress) {
    changeSets(progress).requireDeployable();
    LambdaArtifact artifact = LambdaArtifact.locate(code.jar());
    Optional<String> account =
        code.bucket().isPresent() ? Optional.empty() : Optional.of(accountId());
    String bucket =
        code.bucket()
            .orElseGet(
                () ->
                    LambdaArtifact.defaultBucket(
                        stackName, account.orElseThrow(), session.region()));
    artifact.upload(s3(), bucket, session.region(), account, progress);

    Map<String, String> parameters = new LinkedHashMap<>(templateParameters);
    parameters.put("ArtifactBucket", bucket);
    parameters.put("ArtifactKey", artifact.key());
    return deployTemplate(parameters, progress);
  }

  /**
   * Deploys the template with these values through a change set, the code being where the values
   * say: what the embedded cloud takes, whose functions run the code it was started with.
   */
  StackInfo deployTemplate(Map<String, String> parameters, Consumer<String> progress) {
    CloudFormationTemplate template = CloudFormationTemplate.parse(templateBody, "template");
    return info(
        changeSets(progress).deploy(templateBody, parameters, template.parameters().keySet()));
  }

  private ChangeSetDeployment changeSets(Consumer<String> progress) {
    return new ChangeSetDeployment(
        cloudFormation(), stackName, progress, pollInterval, STACK_TIMEOUT);
  }

  private String accountId() {
    return session.client(StsClient.class, StsClient::builder).getCallerIdentity().account();
  }

  @Override
  public Optional<StackInfo> describe() {
    return Stacks.describe(cloudFormation(), stackName)
        .filter(stack -> !"DELETE_COMPLETE".equals(stack.stackStatusAsString()))
        .map(AwsTarget::info);
  }

  /**
   * What {@link ChangeSetDeployment} sends with UsePreviousValue: the values of a stack it updates.
   */
  @Override
  public Map<String, String> previousParameters() {
    return Stacks.describe(cloudFormation(), stackName)
        .filter(
            stack ->
                !"DELETE_COMPLETE".equals(stack.stackStatusAsString())
                    && !"REVIEW_IN_PROGRESS".equals(stack.stackStatusAsString()))
        .map(stack -> info(stack).parameters())
        .orElse(Map.of());
  }

  private static StackInfo info(Stack stack) {
    Map<String, String> outputs = new LinkedHashMap<>();
    stack.outputs().stream()
        .filter(output -> output.outputValue() != null)
        .forEach(output -> outputs.put(output.outputKey(), output.outputValue()));
    Map<String, String> parameters = new LinkedHashMap<>();
    stack.parameters().stream()
        .filter(parameter -> parameter.parameterValue() != null)
        .forEach(parameter -> parameters.put(parameter.parameterKey(), parameter.parameterValue()));
    return new StackInfo(stack.stackName(), stack.stackStatusAsString(), outputs, parameters);
  }

  /**
   * Empties the buckets (versions and delete markers too, should versioning ever be switched on),
   * deletes the stack, waits for it, and deletes the log groups the functions may have recreated.
   */
  @Override
  public void destroy(Consumer<String> progress) {
    Optional<Stack> stack =
        Stacks.describe(cloudFormation(), stackName)
            .filter(found -> !"DELETE_COMPLETE".equals(found.stackStatusAsString()));
    if (stack.isEmpty()) {
      progress.accept("Stack " + stackName + " does not exist; nothing to destroy");
      return;
    }
    String stackId = stack.get().stackId();
    for (StackResource bucket : resourcesOfType(stackId, "AWS::S3::Bucket")) {
      emptyBucket(bucket.physicalResourceId(), progress);
    }
    StackEvents events = new StackEvents(cloudFormation(), stackId, progress);
    events.skipExisting();
    progress.accept("Deleting stack " + stackName);
    cloudFormation().deleteStack(r -> r.stackName(stackId));
    Stack settled =
        new ChangeSetDeployment(cloudFormation(), stackName, progress, POLL_INTERVAL, STACK_TIMEOUT)
            .awaitSettled(stackId, events);
    if (!"DELETE_COMPLETE".equals(settled.stackStatusAsString())) {
      throw new CliException(
          ExitCodes.SERVICE_ERROR,
          "deleting stack "
              + stackName
              + " failed ("
              + settled.stackStatusAsString()
              + "): "
              + events.firstFailure().orElse("no reason given"));
    }
    for (StackFunction function : StackFunction.values()) {
      deleteLogGroup(function.logGroup(stackName), progress);
    }
    progress.accept("Stack " + stackName + " deleted");
  }

  private List<StackResource> resourcesOfType(String stackId, String type) {
    return cloudFormation()
        .describeStackResources(r -> r.stackName(stackId))
        .stackResources()
        .stream()
        .filter(
            resource ->
                type.equals(resource.resourceType()) && resource.physicalResourceId() != null)
        .toList();
  }

  private void emptyBucket(String bucket, Consumer<String> progress) {
    int deleted = 0;
    try {
      for (ListObjectVersionsResponse page :
          s3().listObjectVersionsPaginator(r -> r.bucket(bucket))) {
        List<ObjectIdentifier> objects = new ArrayList<>();
        page.versions().forEach(v -> objects.add(identifier(v.key(), v.versionId())));
        page.deleteMarkers().forEach(m -> objects.add(identifier(m.key(), m.versionId())));
        // DeleteObjects takes at most 1000 keys; a page holds up to 1000 of each kind.
        for (int from = 0; from < objects.size(); from += 1000) {
          deleted += delete(bucket, objects.subList(from, Math.min(objects.size(), from + 1000)));
        }
      }
    } catch (NoSuchBucketException e) {
      return;
    }
    progress.accept("Emptied bucket " + bucket + " (" + deleted + " object version(s) deleted)");
  }

  /**
   * An unversioned bucket lists its objects under the version id "null", which names no version.
   */
  private static ObjectIdentifier identifier(String key, String versionId) {
    ObjectIdentifier.Builder identifier = ObjectIdentifier.builder().key(key);
    if (versionId != null && !"null".equals(versionId)) {
      identifier.versionId(versionId);
    }
    return identifier.build();
  }

  private int delete(String bucket, List<ObjectIdentifier> objects) {
    DeleteObjectsResponse response =
        s3().deleteObjects(r -> r.bucket(bucket).delete(d -> d.objects(objects).quiet(true)));
    if (response.hasErrors() && !response.errors().isEmpty()) {
      S3Error first = response.errors().get(0);
      throw new CliException(
          ExitCodes.SERVICE_ERROR,
          "could not empty bucket "
              + bucket
              + ": "
              + first.key()
              + ": "
              + first.code()
              + " "
              + first.message());
    }
    return objects.size();
  }

  private void deleteLogGroup(String logGroup, Consumer<String> progress) {
    try {
      logsClient().deleteLogGroup(r -> r.logGroupName(logGroup));
      progress.accept("Deleted log group " + logGroup);
    } catch (ResourceNotFoundException alreadyGone) {
      // The stack deleted it and no function wrote to it since.
    }
  }

  @Override
  public AlarmStatus alarm(String alarmName) {
    MetricAlarm alarm =
        cloudWatch().describeAlarms(r -> r.alarmNames(alarmName)).metricAlarms().stream()
            .findFirst()
            .orElseThrow(
                () ->
                    new CliException(
                        ExitCodes.SERVICE_ERROR, "alarm " + alarmName + " does not exist"));
    return new AlarmStatus(
        alarm.alarmName(),
        alarm.stateValueAsString(),
        alarm.stateReason(),
        alarm.stateUpdatedTimestamp(),
        latestValue(alarm),
        alarm.period(),
        alarm.threshold());
  }

  /** The newest datapoint of the alarm's metric, in the statistic the alarm evaluates. */
  private Optional<Double> latestValue(MetricAlarm alarm) {
    if (alarm.metricName() == null || alarm.period() == null) {
      return Optional.empty();
    }
    Instant now = clock().instant();
    Statistic statistic = alarm.statistic() == null ? Statistic.MAXIMUM : alarm.statistic();
    return cloudWatch()
        .getMetricStatistics(
            r ->
                r.namespace(alarm.namespace())
                    .metricName(alarm.metricName())
                    .dimensions(alarm.dimensions())
                    .startTime(now.minusSeconds((long) alarm.period() * METRIC_LOOKBACK_PERIODS))
                    .endTime(now)
                    .period(alarm.period())
                    .statistics(statistic))
        .datapoints()
        .stream()
        .max(Comparator.comparing(Datapoint::timestamp))
        .map(
            point ->
                switch (statistic) {
                  case AVERAGE -> point.average();
                  case MINIMUM -> point.minimum();
                  case SUM -> point.sum();
                  case SAMPLE_COUNT -> point.sampleCount();
                  default -> point.maximum();
                });
  }

  @Override
  public void publishTotal(StackInfo stack, long totalBytes) {
    AlarmMetric metric = AlarmMetric.of(stack);
    cloudWatch()
        .putMetricData(
            r ->
                r.namespace(metric.namespace())
                    .metricData(
                        d ->
                            d.metricName(metric.name())
                                .dimensions(b -> b.name("BucketName").value(metric.bucket()))
                                .timestamp(clock().instant())
                                .value((double) totalBytes)
                                .unit(StandardUnit.BYTES)
                                .storageResolution(metric.highResolution() ? 1 : 60)));
  }

  @Override
  public List<AlarmTransition> alarmHistory(String alarmName, Instant since) {
    List<AlarmTransition> transitions = new ArrayList<>();
    cloudWatch()
        .describeAlarmHistoryPaginator(
            r ->
                r.alarmName(alarmName)
                    .historyItemType(HistoryItemType.STATE_UPDATE)
                    .startDate(since)
                    .endDate(clock().instant())
                    .scanBy(ScanBy.TIMESTAMP_ASCENDING))
        .alarmHistoryItems()
        .forEach(item -> transitions.add(transition(item)));
    transitions.sort(Comparator.comparing(AlarmTransition::time));
    return transitions;
  }

  /**
   * HistoryData holds {"oldState": {"stateValue": ...}, "newState": {"stateValue", "stateReason"}}.
   */
  static AlarmTransition transition(AlarmHistoryItem item) {
    try {
      JsonNode data = JSON.readTree(Objects.requireNonNullElse(item.historyData(), "{}"));
      String reason = data.path("newState").path("stateReason").asText(item.historySummary());
      return new AlarmTransition(
          item.timestamp(),
          data.path("oldState").path("stateValue").asText("?"),
          data.path("newState").path("stateValue").asText("?"),
          reason);
    } catch (IOException e) {
      return new AlarmTransition(item.timestamp(), "?", "?", item.historySummary());
    }
  }

  @Override
  public List<LogLine> logs(String logGroup, Instant since) {
    List<LogLine> lines = new ArrayList<>();
    try {
      logsClient()
          .filterLogEventsPaginator(r -> r.logGroupName(logGroup).startTime(since.toEpochMilli()))
          .events()
          .forEach(
              event ->
                  lines.add(
                      new LogLine(
                          Instant.ofEpochMilli(event.timestamp()),
                          event.logStreamName(),
                          event.message())));
    } catch (ResourceNotFoundException e) {
      throw new CliException(
          ExitCodes.SERVICE_ERROR, "log group " + logGroup + " does not exist", e);
    }
    lines.sort(Comparator.comparing(LogLine::time));
    return lines;
  }

  /**
   * GET {@code ApiUrl}, signed with SigV4 for execute-api as the route's AWS_IAM authorisation
   * requires.
   */
  @Override
  public byte[] fetchPlot(StackInfo stack, int width, int height) {
    SdkHttpRequest request =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.GET)
            .uri(URI.create(stack.typed().apiUrl()))
            .appendRawQueryParameter("width", Integer.toString(width))
            .appendRawQueryParameter("height", Integer.toString(height))
            .build();
    AwsCredentials credentials = session.resolveCredentials();
    SignedRequest signed =
        AwsV4HttpSigner.create()
            .sign(
                sign ->
                    sign.request(request)
                        .identity(credentials)
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, session.region().id()));
    try {
      HttpExecuteResponse response =
          session
              .http()
              .prepareRequest(HttpExecuteRequest.builder().request(signed.request()).build())
              .call();
      byte[] body =
          response.responseBody().isPresent()
              ? readAll(response.responseBody().get())
              : new byte[0];
      int status = response.httpResponse().statusCode();
      if (status != 200) {
        throw new CliException(
            ExitCodes.SERVICE_ERROR,
            "GET " + request.encodedPath() + " answered " + status + ": " + errorMessage(body));
      }
      return body;
    } catch (IOException e) {
      throw new CliException(
          ExitCodes.BAD_ENVIRONMENT, "cannot reach " + request.host() + ": " + e.getMessage(), e);
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }

  /**
   * API Gateway and the handler both answer {"message": "..."}; anything else is shown as it came.
   */
  private static String errorMessage(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8).strip();
    try {
      JsonNode message = JSON.readTree(text).path("message");
      if (message.isTextual()) {
        return message.asText();
      }
    } catch (IOException notJson) {
      // fall through to the raw text
    }
    return text.isEmpty() ? "(empty body)" : text.lines().findFirst().orElse(text);
  }

  /** AWS's time is the wall clock's; an embedded cloud's endpoint tells its own in every answer. */
  @Override
  public Clock clock() {
    return session.clock();
  }

  @Override
  public void close() {
    session.close();
  }
}
