package io.s3clean.localcloud.provision;

import io.s3clean.clock.ScaledClock;
import io.s3clean.cloudwatch.CloudWatchSim;
import io.s3clean.engines.lifecycle.S3Lifecycle;
import io.s3clean.localcloud.apigw.HttpApiServer;
import io.s3clean.localcloud.lambda.FunctionHost;
import io.s3clean.localcloud.s3.S3Notifications;
import io.s3clean.localcloud.sns.SnsService;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What one stack deployment works with: the emulated services, the in-process plumbing, the
 * resources created so far, and the clock's time scale, by which every AWS duration the template
 * names (visibility timeouts, batching windows) is shortened so that behaviour keeps its
 * proportions.
 */
public final class Deployment implements AutoCloseable {
  private final String stackName;
  private final String region;
  private final String accountId;
  private final double timeScale;
  private final Clock clock;
  private final io.s3clean.localcloud.usage.UsageMeter meter;
  private final S3Client s3;
  private final io.s3clean.localcloud.sqs.SqsEngine sqs;
  private final DynamoDbClient dynamo;
  private final SnsService sns;
  private final S3Notifications notifications;
  private final S3Lifecycle lifecycle;
  private final FunctionHost functions;
  private final CloudWatchSim cloudWatch;
  private final BiConsumer<String, Throwable> onError;
  private final Map<String, Created> created = new LinkedHashMap<>();

  /**
   * None until the cloud says where they are kept and answered (a deployment in a test has none to
   * send).
   */
  private volatile CustomResources customResources =
      new CustomResources(null, "", Optional.empty());

  /** Where functions' code is read: the stack's own S3 until the cloud says the account's. */
  private volatile S3Client artifacts;

  private final Map<String, ComputeTypes.Role> roles = new LinkedHashMap<>();
  private final Map<String, String> functionRoles = new LinkedHashMap<>();
  private final Map<String, HttpApiServer> apis =
      java.util.Collections.synchronizedMap(new LinkedHashMap<>());
  private final Map<String, ComputeTypes.Integration> integrations = new LinkedHashMap<>();
  private final List<Permission> permissions = new CopyOnWriteArrayList<>();

  /**
   * A resource-based policy statement of a function: who may invoke it, from which source.
   *
   * @param function the function as the permission names it: name or ARN, qualified or not
   * @param sourceArn empty for none
   * @param sourceAccount empty for none
   */
  public record Permission(
      String statementId,
      String function,
      String action,
      String principal,
      String sourceArn,
      String sourceAccount) {}

  public Deployment(
      String stackName,
      String region,
      String accountId,
      Clock clock,
      S3Client s3,
      io.s3clean.localcloud.sqs.SqsEngine sqs,
      DynamoDbClient dynamo,
      SnsService sns,
      S3Notifications notifications,
      S3Lifecycle lifecycle,
      FunctionHost functions,
      CloudWatchSim cloudWatch,
      BiConsumer<String, Throwable> onError,
      io.s3clean.localcloud.usage.UsageMeter meter) {
    this.meter = meter;
    this.stackName = stackName;
    this.region = region;
    this.accountId = accountId;
    this.timeScale = clock instanceof ScaledClock scaled ? scaled.scale() : 1;
    this.clock = clock;
    this.s3 = s3;
    this.sqs = sqs;
    this.dynamo = dynamo;
    this.sns = sns;
    this.notifications = notifications;
    this.lifecycle = lifecycle;
    this.functions = functions;
    this.cloudWatch = cloudWatch;
    this.onError = onError;
  }

  public String stackName() {
    return stackName;
  }

  public String region() {
    return region;
  }

  public String accountId() {
    return accountId;
  }

  public Clock clock() {
    return clock;
  }

  /** Where what the provisioned parts do for the stack is counted. */
  public io.s3clean.localcloud.usage.UsageMeter meter() {
    return meter;
  }

  public S3Client s3() {
    return s3;
  }

  /** The queues, called directly: the cloud's own SQS engine. */
  public io.s3clean.localcloud.sqs.SqsEngine sqs() {
    return sqs;
  }

  public DynamoDbClient dynamo() {
    return dynamo;
  }

  public SnsService sns() {
    return sns;
  }

  public S3Notifications notifications() {
    return notifications;
  }

  /** The buckets' lifecycle configurations, which S3Proxy (behind {@link #s3()}) does not keep. */
  public S3Lifecycle lifecycle() {
    return lifecycle;
  }

  public FunctionHost functions() {
    return functions;
  }

  public CloudWatchSim cloudWatch() {
    return cloudWatch;
  }

  public BiConsumer<String, Throwable> onError() {
    return onError;
  }

  /** An AWS duration as it passes on this cloud's clock. */
  public Duration scaled(Duration aws) {
    return Duration.ofNanos((long) (aws.toNanos() / timeScale));
  }

  /** A duration in whole seconds, as SQS takes them, never below one. */
  public int scaledSeconds(long awsSeconds) {
    return (int) Math.max(1, Math.round(awsSeconds / timeScale));
  }

  void record(String logicalId, Created resource) {
    created.put(logicalId, resource);
  }

  /** The stack's id, as AWS::StackId gives it. */
  public String stackId() {
    return "arn:aws:cloudformation:"
        + region
        + ":"
        + accountId
        + ":stack/"
        + stackName
        + "/"
        + java.util.UUID.nameUUIDFromBytes(
            stackName.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** Where the stack's custom resources are kept; set by the cloud before it deploys. */
  public CustomResources customResources() {
    return customResources;
  }

  public void useCustomResources(CustomResources resources) {
    this.customResources = resources;
  }

  /**
   * Functions' code (Code.S3Bucket / S3Key) is read with {@code s3}: the account's S3, where any
   * client's upload lands, which may be another stack's on an endpoint that several share.
   */
  public void readArtifactsWith(S3Client s3) {
    this.artifacts = s3;
  }

  /** The S3 that functions' code is read from. */
  public S3Client artifacts() {
    S3Client account = artifacts;
    return account == null ? s3 : account;
  }

  public Created resource(String logicalId) {
    Created resource = created.get(logicalId);
    if (resource == null) {
      throw new ProvisioningException(logicalId + " is referenced before it was created");
    }
    return resource;
  }

  public Map<String, Created> resources() {
    return Map.copyOf(created);
  }

  /**
   * The created resource whose attribute {@code attribute} equals {@code value}, e.g. a queue by
   * Arn.
   */
  public Optional<Created> findBy(String attribute, Object value) {
    return created.values().stream()
        .filter(c -> value.equals(c.attributes().get(attribute)))
        .findFirst();
  }

  void addApi(String apiId, HttpApiServer api) {
    apis.put(apiId, api);
  }

  /** The HTTP APIs of the stack, in creation order. */
  public List<HttpApiServer> apis() {
    synchronized (apis) {
      return List.copyOf(apis.values());
    }
  }

  HttpApiServer api(String apiId) {
    HttpApiServer api = apis.get(apiId);
    if (api == null) {
      throw new ProvisioningException("HTTP API " + apiId + " is not defined by this stack");
    }
    return api;
  }

  /**
   * Stops the HTTP APIs this deployment started; their listener threads would keep the JVM alive.
   */
  @Override
  public void close() {
    apis().forEach(HttpApiServer::close);
  }

  void addIntegration(String id, ComputeTypes.Integration integration) {
    integrations.put(id, integration);
  }

  ComputeTypes.Integration integration(String id) {
    ComputeTypes.Integration integration = integrations.get(id);
    if (integration == null) {
      throw new ProvisioningException("integration " + id + " is not defined by this stack");
    }
    return integration;
  }

  void addPermission(Permission permission) {
    permissions.add(permission);
  }

  public List<Permission> permissions() {
    return List.copyOf(permissions);
  }

  void addRole(String arn, ComputeTypes.Role role) {
    roles.put(arn, role);
  }

  void assignRole(String functionName, String roleArn) {
    functionRoles.put(functionName, roleArn);
  }

  /** Names of the functions that run with the role {@code roleArn}. */
  List<String> functionsWithRole(String roleArn) {
    return functionRoles.entrySet().stream()
        .filter(e -> e.getValue().equals(roleArn))
        .map(Map.Entry::getKey)
        .toList();
  }

  ComputeTypes.Role role(String arn) {
    ComputeTypes.Role role = roles.get(arn);
    if (role == null) {
      throw new ProvisioningException("role " + arn + " is not defined by this stack");
    }
    return role;
  }
}
