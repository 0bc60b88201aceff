package io.s3clean.perf.bench;

import io.s3clean.backfill.Backfill;
import io.s3clean.clock.ScaledClock;
import io.s3clean.ledger.dynamodb.BackfillCheckpoints;
import io.s3clean.ledger.dynamodb.DynamoLedger;
import io.s3clean.ledger.dynamodb.DynamoLedgerReader;
import io.s3clean.localcloud.FileTrees;
import io.s3clean.localcloud.HostedStack;
import io.s3clean.localcloud.LocalCloud;
import io.s3clean.localcloud.emulator.EmulatorConfig;
import io.s3clean.reconcile.BucketListing;
import io.s3clean.reconcile.Difference;
import io.s3clean.reconcile.LedgerSnapshot;
import io.s3clean.reconcile.TrackedKeys;
import io.s3clean.template.ShippedTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Adopting a full bucket: a bucket of {@code objects} objects that no stack made, adopted by an
 * UpdateStack that sets ExistingBucketName (the deployed custom resource adds the stack's topic to
 * its notifications), then backfilled as {@code s3clean deploy --bucket} does; {@code liveEvents}
 * live changes (puts, overwrites, deletes) go on all the while, before the stack's topic is added
 * (seen by the listing only) and after (seen as events too). Then the ledger against the bucket,
 * which must agree exactly.
 */
final class BackfillBench {
  private static final String STACK = "backfill";
  private static final String BUCKET = "owners-archive";
  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench"));

  private BackfillBench() {}

  /**
   * @param adoptionSeconds the UpdateStack that adopts the bucket, from call to UPDATE_COMPLETE
   * @param beforeTopic live changes made before the stack's topic was on the bucket (the listing
   *     alone sees them)
   * @param duringBackfill live changes made while the backfill ran
   * @param objectsPerSecond versions the backfill listed and wrote per second of its run
   * @param refused live changes the endpoint refused (each changed nothing)
   * @param differences what reconcile found once the live changes were through: must be 0
   */
  record Result(
      int objects,
      int liveEvents,
      double adoptionSeconds,
      int beforeTopic,
      int duringBackfill,
      double seconds,
      double objectsPerSecond,
      int refused,
      int differences) {}

  static Result measure(int objects, int liveEvents) throws Exception {
    Map<String, String> parameters =
        Map.of(
            "ArtifactBucket",
            "local-artifacts",
            "ArtifactKey",
            "s3clean-lambdas.jar",
            "ThresholdBytes",
            "1000000000000");
    Path data = Files.createTempDirectory("s3clean-backfill-bench");
    try (HostedStack hosted =
        HostedStack.start(
            new LocalCloud.Options(
                ShippedTemplate.parsed(),
                EmulatorConfig.persistentAt(data),
                STACK,
                parameters,
                ScaledClock.startingNow(60),
                e -> {},
                (w, e) -> {}),
            ShippedTemplate.text())) {
      // clients of the endpoint, as an operator's: the update replaces the stack's cloud behind it
      S3Client s3 =
          S3Client.builder()
              .endpointOverride(hosted.endpoint())
              .region(Region.US_EAST_1)
              .forcePathStyle(true)
              .credentialsProvider(CREDENTIALS)
              .build();
      DynamoDbClient dynamo =
          DynamoDbClient.builder()
              .endpointOverride(hosted.endpoint())
              .region(Region.US_EAST_1)
              .credentialsProvider(CREDENTIALS)
              .build();
      s3.createBucket(r -> r.bucket(BUCKET));
      Random random = new Random(16);
      ExecutorService putters = Executors.newFixedThreadPool(8);
      for (int i = 0; i < objects; i++) {
        String key = String.format("held/%05d", i);
        int size = random.nextInt(4_096);
        putters.submit(
            () ->
                s3.putObject(
                    r -> r.bucket(BUCKET).key(key), RequestBody.fromBytes(new byte[size])));
      }
      putters.shutdown();
      putters.awaitTermination(10, TimeUnit.MINUTES);

      AtomicBoolean adopting = new AtomicBoolean(true);
      AtomicInteger made = new AtomicInteger();
      AtomicInteger refused = new AtomicInteger();
      Thread live =
          new Thread(
              () -> {
                Random changes = new Random(61);
                while (made.get() < liveEvents) {
                  String key =
                      changes.nextBoolean()
                          ? String.format("held/%05d", changes.nextInt(objects))
                          : "live/" + changes.nextInt(500);
                  try {
                    if (changes.nextInt(4) == 0) {
                      s3.deleteObject(r -> r.bucket(BUCKET).key(key));
                    } else {
                      s3.putObject(
                          r -> r.bucket(BUCKET).key(key),
                          RequestBody.fromBytes(new byte[changes.nextInt(4_096)]));
                    }
                  } catch (SdkException e) {
                    // counted, not fatal: what S3 refused changed nothing, and the run goes on
                    refused.incrementAndGet();
                  }
                  made.incrementAndGet();
                  if (!adopting.get()) {
                    continue; // the rest as fast as they go
                  }
                  try {
                    Thread.sleep(2);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "live-changes");
      live.start();
      long adoptionStarted = System.nanoTime();
      adopt(hosted);
      double adoptionSeconds = (System.nanoTime() - adoptionStarted) / 1e9;
      int beforeTopic = made.get();
      String objectTable = hosted.cloud().stack().typed().objectTable();
      String historyTable = hosted.cloud().stack().typed().historyTable();
      DynamoLedgerReader reader = new DynamoLedgerReader(dynamo, objectTable);
      long started = System.nanoTime();
      BackfillCheckpoints.Checkpoint done =
          new Backfill(
                  s3,
                  new DynamoLedger(dynamo, objectTable, historyTable),
                  reader,
                  new BackfillCheckpoints(dynamo, objectTable),
                  BUCKET,
                  TrackedKeys.ALL,
                  Clock.systemUTC(),
                  line -> {},
                  () -> {})
              .run(false);
      double seconds = (System.nanoTime() - started) / 1e9;
      int duringBackfill = made.get() - beforeTopic;
      adopting.set(false);
      live.join();
      int differences = awaitAgreement(s3, reader, BUCKET, 120);
      s3.close();
      dynamo.close();
      return new Result(
          objects,
          made.get(),
          adoptionSeconds,
          beforeTopic,
          duringBackfill,
          seconds,
          done.listed() / seconds,
          refused.get(),
          differences);
    } finally {
      FileTrees.delete(data);
    }
  }

  /** UpdateStack through the cloud's endpoint, as an operator's tool sends it, until it settles. */
  private static void adopt(HostedStack hosted) throws InterruptedException {
    try (CloudFormationClient cloudFormation =
        CloudFormationClient.builder()
            .endpointOverride(hosted.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(CREDENTIALS)
            .build()) {
      cloudFormation.updateStack(
          r ->
              r.stackName(STACK)
                  .usePreviousTemplate(true)
                  .capabilities(Capability.CAPABILITY_IAM)
                  .parameters(
                      Stream.concat(
                              Stream.of(
                                  Parameter.builder()
                                      .parameterKey("ExistingBucketName")
                                      .parameterValue(BUCKET)
                                      .build()),
                              Stream.of("ArtifactBucket", "ArtifactKey", "ThresholdBytes")
                                  .map(
                                      name ->
                                          Parameter.builder()
                                              .parameterKey(name)
                                              .usePreviousValue(true)
                                              .build()))
                          .toList()));
      long deadline = System.nanoTime() + 300_000_000_000L;
      while (true) {
        String status =
            cloudFormation
                .describeStacks(r -> r.stackName(STACK))
                .stacks()
                .get(0)
                .stackStatusAsString();
        if (status.equals("UPDATE_COMPLETE")) {
          return;
        }
        if (!status.endsWith("_IN_PROGRESS") || System.nanoTime() > deadline) {
          throw new IllegalStateException("adopting " + BUCKET + " ended " + status);
        }
        Thread.sleep(100);
      }
    }
  }

  /** Polls until reconcile finds nothing, or the time is up; returns the differences left. */
  private static int awaitAgreement(
      S3Client s3, DynamoLedgerReader reader, String bucket, int seconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    List<Difference> differences = List.of();
    while (System.nanoTime() < deadline) {
      differences =
          Difference.between(
              BucketListing.of(s3, bucket, TrackedKeys.ALL), LedgerSnapshot.read(reader, bucket));
      if (differences.isEmpty()) {
        return 0;
      }
      Thread.sleep(1_000);
    }
    return differences.size();
  }
}
