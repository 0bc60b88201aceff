package io.s3clean.localcloud;

import io.s3clean.cloudwatch.CloudWatchSim;
import io.s3clean.localcloud.cfn.ChangeSet;
import io.s3clean.localcloud.cfn.CloudFormationService;
import io.s3clean.localcloud.cfn.ResourceChange;
import io.s3clean.localcloud.cfn.StackOperations;
import io.s3clean.localcloud.cfn.StackRecord;
import io.s3clean.localcloud.cloudwatch.CloudWatchService;
import io.s3clean.localcloud.cloudwatch.LogsService;
import io.s3clean.localcloud.endpoint.AwsEndpoint;
import io.s3clean.localcloud.endpoint.StsService;
import io.s3clean.localcloud.endpoint.Tenant;
import io.s3clean.localcloud.provision.DeployedStack;
import io.s3clean.localcloud.provision.StackEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A stack as the embedded cloud hosts it for other processes: its services at the account's one AWS
 * endpoint and its CloudFormation record, which outlive the {@link LocalCloud} that runs the
 * stack's current template. The account may hold more stacks ({@link HostedStacks}): a CREATE
 * change set for a new name makes one, with a cloud and data of its own, on the same endpoint.
 * Executing a change set (from {@code aws cloudformation deploy}, an SDK, or {@code s3clean
 * deploy}) updates the stack as CloudFormation does, in the background: requests to the stack's
 * other services wait while the cloud is provisioned again over the same data with the new template
 * and values, and CloudFormation keeps answering, so the update's events can be followed as they
 * come. A resource that fails rolls the stack back to what it ran.
 */
public final class HostedStack implements AutoCloseable, StackOperations {
  private static final Duration CLOSE_WAIT = Duration.ofMinutes(2);

  private final HostedStacks account;
  private final AwsEndpoint endpoint;

  /** The stack's services at the endpoint, which the account's other stacks share. */
  private final Tenant tenant;

  private final StackRecord record;
  private final ExecutorService updates =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread thread = new Thread(r, "stack-update");
            thread.setDaemon(true);
            return thread;
          });
  private volatile LocalCloud.Options options;
  private volatile LocalCloud cloud;
  private volatile Consumer<LocalCloud> afterUpdate = cloud -> {};

  /** CloudWatch as the account has it while there is no stack: empty. */
  private CloudWatchSim accountCloudWatch;

  private final CloudFormationService cloudFormation;

  HostedStack(
      HostedStacks account, AwsEndpoint endpoint, StackRecord record, LocalCloud.Options options) {
    this.account = account;
    this.endpoint = endpoint;
    this.tenant = endpoint.tenant(record.name());
    this.record = record;
    this.options = options;
    this.cloudFormation = new CloudFormationService(record, this);
  }

  /**
   * Binds the endpoint, then starts the cloud and deploys (or, for a restart, starts again) the
   * stack, and the account's other stacks that its data directory keeps; closing the stack closes
   * them and the endpoint too.
   *
   * @param templateBody the template as written, which GetTemplate answers and a restart parses
   *     again
   */
  public static HostedStack start(LocalCloud.Options options, String templateBody) {
    AwsEndpoint endpoint = LocalCloud.endpoint(options);
    HostedStacks account;
    HostedStack hosted;
    try {
      StackRecord record =
          new StackRecord(
              options.emulators().region(),
              options.emulators().accountId(),
              options.stackName(),
              new StackRecord.Deployed(templateBody, options.template(), options.parameters()),
              LocalCloud.recordFile(options),
              options.restart());
      account = new HostedStacks(endpoint, options);
      hosted = account.first(record, options);
    } catch (RuntimeException e) {
      endpoint.close();
      throw e;
    }
    try {
      hosted.run(
          LocalCloud.onEndpoint(
              options,
              endpoint,
              hosted.tenant,
              hosted.record,
              hosted.record.recording(options.events())),
          hosted.record.current());
      account.restartOthers();
      return hosted;
    } catch (RuntimeException e) {
      account.close(); // what started, and the endpoint
      throw e;
    }
  }

  /**
   * The stack runs on {@code started} with {@code deployed} from now on; an update provisions it
   * again on the same ports, so its emulators' addresses stay as they are.
   */
  void run(LocalCloud started, StackRecord.Deployed deployed) {
    record.completed(deployed, started.stack());
    cloud = started;
    options =
        options
            .with(deployed.template(), deployed.parameters())
            .withEmulators(
                options
                    .emulators()
                    .withPorts(
                        started.emulators().dynamoDbEndpoint().getPort(),
                        started.emulators().sqsEndpoint().getPort(),
                        started.emulators().s3Endpoint().getPort()));
  }

  /** The stack's CloudFormation, which the account's routes its requests to. */
  CloudFormationService cloudFormation() {
    return cloudFormation;
  }

  Tenant tenant() {
    return tenant;
  }

  LocalCloud.Options options() {
    return options;
  }

  /** The account's stacks on this stack's endpoint. */
  public HostedStacks account() {
    return account;
  }

  /** The cloud that runs the stack now; another one after each update. */
  public LocalCloud cloud() {
    LocalCloud running = cloud;
    if (running == null) {
      throw new IllegalStateException(
          "stack "
              + record.name()
              + " runs on no cloud ("
              + record.status()
              + "); see its stack events");
    }
    return running;
  }

  public StackRecord record() {
    return record;
  }

  /** The cloud's one AWS endpoint. */
  public URI endpoint() {
    return endpoint.endpoint();
  }

  /** The cloud's time, which runs on across updates. */
  public Clock clock() {
    return options.clock();
  }

  /** Wall-clock time since the endpoint last had a request. */
  public Duration idle() {
    return endpoint.idle();
  }

  /**
   * Called with the stack's cloud after each update has settled, whether it succeeded or was rolled
   * back.
   */
  public void afterUpdate(Consumer<LocalCloud> listener) {
    this.afterUpdate = listener;
  }

  @Override
  public CompletableFuture<Boolean> execute(ChangeSet changeSet) {
    if (options.emulators().dataDir().isEmpty()) {
      throw new UnsupportedOperationException(
          "stack "
              + record.name()
              + " keeps its data in memory, which an"
              + " update would lose; start the cloud with a data directory to update it");
    }
    boolean creation = changeSet.type().equals("CREATE");
    return run(
        creation ? "CREATE_IN_PROGRESS" : "UPDATE_IN_PROGRESS",
        creation ? "ROLLBACK_FAILED" : "UPDATE_ROLLBACK_FAILED",
        () -> creation ? create(changeSet) : update(changeSet));
  }

  /**
   * Deletes the stack's resources, in the reverse of their creation order, and their data (the
   * stack's CloudFormation record is kept: it says the stack is DELETE_COMPLETE); the endpoint then
   * serves CloudFormation only, so the stack can be created again.
   */
  @Override
  public CompletableFuture<Void> delete() {
    return run(
            "DELETE_IN_PROGRESS",
            "DELETE_FAILED",
            () -> {
              try (AwsEndpoint.Resumption paused = pauseServices()) {
                deleteCustomResources();
                closeCloud();
                deleteResources(record.deployed(), bucketsOf(record.deployed()));
                record.deleted();
                serveAccount();
                stackEvent("DELETE_COMPLETE", "");
              }
              return true;
            })
        .thenApply(done -> null);
  }

  /**
   * Records the operation's start, then runs it on the update thread; whatever escapes it, or keeps
   * it from starting, ends the stack in {@code failed}, never in a status that stays in progress.
   */
  private CompletableFuture<Boolean> run(String inProgress, String failed, Supplier<Boolean> work) {
    stackEvent(inProgress, "User Initiated");
    try {
      return CompletableFuture.supplyAsync(
          () -> {
            try {
              return work.get();
            } catch (RuntimeException e) {
              stackEvent(failed, String.valueOf(e.getMessage()));
              return false;
            }
          },
          updates);
    } catch (RejectedExecutionException e) {
      stackEvent(failed, "the embedded cloud is stopping");
      throw new UnsupportedOperationException(
          "the embedded cloud is stopping and takes no change to its stack");
    }
  }

  /**
   * Sends each custom resource its Delete while the functions that serve them still run; one that
   * fails ends the deletion in DELETE_FAILED with the stack still there, as CloudFormation does.
   */
  private void deleteCustomResources() {
    LocalCloud running = cloud;
    if (running == null) {
      return;
    }
    io.s3clean.localcloud.provision.CustomResources custom = running.deployment().customResources();
    for (var resource : custom.provisioned()) {
      emit(resource.logicalId(), resource.resourceType(), "DELETE_IN_PROGRESS", "");
    }
    try {
      custom.deleteAll(
          running.deployment(),
          resource -> emit(resource.logicalId(), resource.resourceType(), "DELETE_COMPLETE", ""));
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "The following resource(s) failed to delete: " + e.getMessage(), e);
    }
  }

  /**
   * @param stackBucket whether a bucket of the cloud's S3 is the stack's: the others (an artifact
   *     bucket made by the AWS CLI) stay, as on AWS, where a stack deletes only its own resources
   */
  private void deleteResources(
      DeployedStack deployed, java.util.function.Predicate<String> stackBucket) {
    if (deployed != null) {
      List<String> ids = new ArrayList<>(deployed.resources().keySet());
      Collections.reverse(ids);
      for (String id : ids) {
        String type =
            record.template().resources().containsKey(id)
                ? record.template().resource(id).type()
                : "";
        emit(id, type, "DELETE_IN_PROGRESS", "");
        emit(id, type, "DELETE_COMPLETE", "");
      }
    }
    options.emulators().dataDir().ifPresent(dir -> deleteData(dir, stackBucket));
    // what the stack's custom resources were goes with the stack, whether or not they heard Delete
    LocalCloud.recordFile(options)
        .ifPresent(
            recordFile ->
                io.s3clean.localcloud.provision.CustomResources.forget(
                    io.s3clean.localcloud.provision.CustomResources.fileBeside(
                        recordFile, options.stackName())));
  }

  /**
   * The buckets a deployed stack made, and CloudFormation's bucket for its custom resources'
   * responses.
   */
  private static java.util.function.Predicate<String> bucketsOf(DeployedStack deployed) {
    java.util.Set<String> own =
        deployed == null
            ? java.util.Set.of()
            : deployed.resources().values().stream()
                .map(io.s3clean.localcloud.provision.Created::physicalId)
                .collect(Collectors.toSet());
    return bucket ->
        own.contains(bucket)
            || bucket.startsWith(
                io.s3clean.localcloud.provision.CustomResources.RESPONSE_BUCKET_PREFIX);
  }

  /** The cloud's buckets as its S3 keeps them on disk (a folder each). */
  private java.util.Set<String> bucketsOnDisk() {
    Optional<Path> s3 = options.emulators().dataDir().map(dir -> dir.resolve("s3"));
    if (s3.isEmpty() || !Files.isDirectory(s3.get())) {
      return java.util.Set.of();
    }
    try (java.util.stream.Stream<Path> buckets = Files.list(s3.get())) {
      return buckets.map(bucket -> bucket.getFileName().toString()).collect(Collectors.toSet());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the cloud's buckets in " + s3.get(), e);
    }
  }

  /** What the stack's resources kept: its objects, and every item, message, log and metric. */
  private static void deleteData(Path dataDir, java.util.function.Predicate<String> stackBucket) {
    try {
      Path s3 = dataDir.resolve("s3");
      if (Files.isDirectory(s3)) {
        try (java.util.stream.Stream<Path> buckets = Files.list(s3)) {
          for (Path bucket :
              buckets.filter(b -> stackBucket.test(b.getFileName().toString())).toList()) {
            FileTrees.delete(bucket);
          }
        }
      }
      for (String part : List.of("sqs", "dynamodb", "cloudwatch")) {
        FileTrees.delete(dataDir.resolve(part));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the stack's data in " + dataDir, e);
    }
  }

  /**
   * With no stack, what the account still has: STS, and CloudWatch and its logs, empty (the stack's
   * log groups and alarms went with it), so a client asks them as it asks AWS after a deletion.
   */
  private void serveAccount() {
    closeAccount();
    if (account.first() != this) {
      return; // the first stack's services say what an account without stacks has
    }
    accountCloudWatch =
        CloudWatchSim.builder(options.clock())
            .region(options.emulators().region())
            .accountId(options.emulators().accountId())
            .build();
    tenant.serve("sts", new StsService(options.emulators().accountId()));
    tenant.serve("logs", new LogsService(accountCloudWatch));
    tenant.serve("monitoring", new CloudWatchService(accountCloudWatch));
  }

  private void closeAccount() {
    if (accountCloudWatch != null) {
      accountCloudWatch.close();
      accountCloudWatch = null;
    }
  }

  private boolean create(ChangeSet changeSet) {
    try (AwsEndpoint.Resumption paused = pauseServices()) {
      closeCloud();
      closeAccount();
      java.util.Set<String> bucketsBefore = bucketsOnDisk();
      try {
        provision(changeSet);
        stackEvent("CREATE_COMPLETE", "");
        return true;
      } catch (RuntimeException e) {
        stackEvent(
            "ROLLBACK_IN_PROGRESS",
            "The following resource(s) failed to create: " + e.getMessage());
        closeCloud();
        deleteResources(null, bucket -> !bucketsBefore.contains(bucket));
        serveAccount();
        stackEvent("ROLLBACK_COMPLETE", "");
        return false;
      } finally {
        settled();
      }
    }
  }

  /**
   * Starts the cloud on what the change set deploys, with its events as the operation's, and
   * records it as the stack's.
   */
  private void provision(ChangeSet changeSet) {
    LocalCloud.Options next =
        options.with(changeSet.target().template(), changeSet.target().parameters());
    run(
        LocalCloud.onEndpoint(next, endpoint, tenant, record, updateEvents(changeSet)),
        changeSet.target());
  }

  @Override
  public String templateObject(String bucket, String key) {
    return account.templateObject(bucket, key);
  }

  private boolean update(ChangeSet changeSet) {
    StackRecord.Deployed before = record.current();
    boolean succeeded;
    try (AwsEndpoint.Resumption paused = pauseServices()) {
      closeCloud();
      try {
        // recorded before the cleanup starts, so that a record in cleanup always holds the new
        // template
        provision(changeSet);
        stackEvent("UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", "");
        for (ResourceChange removed : changeSet.changes()) {
          if (removed.action().equals("Remove")) {
            deleteRemoved(removed, before);
          }
        }
        stackEvent("UPDATE_COMPLETE", "");
        succeeded = true;
      } catch (RuntimeException e) {
        rollBack(before, e);
        succeeded = false;
      }
    }
    settled();
    return succeeded;
  }

  /**
   * CloudFormation's cleanup of a resource the update removed. What the cloud provisions from the
   * template on every start (functions, topics, alarms, roles ...) is already gone; a queue, a
   * table, a bucket and a log group keep data, and are deleted as AWS deletes them: a bucket that
   * still holds objects fails its deletion (the update stays complete, as cleanup failures do on
   * AWS), one already gone counts as deleted, and DeletionPolicy Retain keeps the resource.
   */
  private void deleteRemoved(ResourceChange removed, StackRecord.Deployed before) {
    String id = removed.logicalId();
    String type = removed.resourceType();
    Object policy =
        before.template().resources().containsKey(id)
            ? before.template().resource(id).definition().get("DeletionPolicy")
            : null;
    if ("Retain".equals(policy) || "RetainExceptOnCreate".equals(policy)) {
      emit(id, type, "DELETE_SKIPPED", "");
      return;
    }
    emit(id, type, "DELETE_IN_PROGRESS", "");
    try {
      switch (type) {
        case "AWS::SQS::Queue" -> cloud.emulators().sqsEngine().deleteQueue(removed.physicalId());
        case "AWS::DynamoDB::Table" ->
            cloud.clients().dynamoDb().deleteTable(r -> r.tableName(removed.physicalId()));
        case "AWS::S3::Bucket" ->
            cloud.clients().s3().deleteBucket(r -> r.bucket(removed.physicalId()));
        case "AWS::Logs::LogGroup" -> cloud.cloudWatch().deleteLogGroup(removed.physicalId());
        default -> {
          // nothing of it outlives the cloud it ran in
        }
      }
      emit(id, type, "DELETE_COMPLETE", "");
    } catch (RuntimeException e) {
      if (alreadyGone(e)) {
        emit(id, type, "DELETE_COMPLETE", "");
      } else {
        emit(id, type, "DELETE_FAILED", String.valueOf(e.getMessage()));
      }
    }
  }

  /** A resource deleted by other means: CloudFormation counts its deletion as done. */
  private static boolean alreadyGone(RuntimeException e) {
    return e instanceof software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException
        || e instanceof software.amazon.awssdk.services.s3.model.NoSuchBucketException
        || (e instanceof io.s3clean.localcloud.sqs.SqsException sqs
            && sqs.shape().equals("QueueDoesNotExist"));
  }

  /**
   * Tells the listener the stack's cloud after an operation; its failure is the listener's, not the
   * stack's.
   */
  private void settled() {
    LocalCloud settled = cloud;
    if (settled != null) {
      try {
        afterUpdate.accept(settled);
      } catch (RuntimeException e) {
        options.onError().accept("after an update of stack " + record.name(), e);
      }
    }
  }

  /**
   * Starts the cloud again as it ran before the update, as CloudFormation rolls a failed update
   * back.
   */
  private void rollBack(StackRecord.Deployed before, RuntimeException failure) {
    stackEvent(
        "UPDATE_ROLLBACK_IN_PROGRESS",
        "The following resource(s) failed to update: " + failure.getMessage());
    closeCloud();
    try {
      run(
          LocalCloud.onEndpoint(
              options.with(before.template(), before.parameters()),
              endpoint,
              tenant,
              record,
              event -> {}),
          before);
      stackEvent("UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS", "");
      stackEvent("UPDATE_ROLLBACK_COMPLETE", "");
    } catch (RuntimeException again) {
      cloud = null;
      stackEvent(
          "UPDATE_ROLLBACK_FAILED",
          "The stack could not be started again as it was: " + again.getMessage());
    }
  }

  /**
   * The deployment's events as the update's: changed resources are updated (added ones created),
   * the others are left alone and say nothing; the stack's own events are the update's, not these.
   */
  private Consumer<StackEvent> updateEvents(ChangeSet changeSet) {
    Map<String, String> actions =
        changeSet.changes().stream()
            .collect(Collectors.toMap(ResourceChange::logicalId, ResourceChange::action));
    return event -> {
      if (event.resourceType().equals(StackRecord.STACK_TYPE)
          && event.logicalId().equals(record.name())) {
        return;
      }
      String action = actions.get(event.logicalId());
      boolean failed = event.status().endsWith("_FAILED");
      if (action == null && !failed) {
        return;
      }
      emit(
          "Add".equals(action)
              ? event
              : new StackEvent(
                  event.time(),
                  event.logicalId(),
                  event.resourceType(),
                  event.status().replace("CREATE_", "UPDATE_"),
                  event.reason()));
    };
  }

  private void stackEvent(String status, String reason) {
    emit(record.name(), StackRecord.STACK_TYPE, status, reason);
  }

  private void emit(String logicalId, String resourceType, String status, String reason) {
    emit(new StackEvent(options.clock().instant(), logicalId, resourceType, status, reason));
  }

  /** Recorded in the stack's events, and printed as the cloud prints them. */
  private void emit(StackEvent event) {
    record.record(event);
    options.events().accept(event);
  }

  /**
   * Holds the stack's services for a change (see {@link AwsEndpoint#paused}); SQS long polls in
   * flight end at once, not after their up to 20 s, since the cloud they wait on closes next.
   */
  private AwsEndpoint.Resumption pauseServices() {
    LocalCloud running = cloud;
    if (running != null) {
      running.emulators().sqsEngine().endLongPolls();
    }
    return endpoint.paused();
  }

  private void closeCloud() {
    LocalCloud running = cloud;
    cloud = null;
    if (running != null) {
      running.close();
    }
  }

  /**
   * Waits for an update under way to settle, then closes the cloud; the account's first stack
   * closes the account's other stacks and the endpoint too.
   */
  @Override
  public void close() {
    if (account.first() == this) {
      account.close();
    } else {
      closeStack();
    }
  }

  /** No change starts from here on; one under way settles first; then the cloud closes. */
  void closeStack() {
    updates.shutdown();
    try {
      updates.awaitTermination(CLOSE_WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeCloud();
    closeAccount();
    endpoint.remove(tenant);
  }
}
