package io.s3clean.perf.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3clean.clock.ScaledClock;
import io.s3clean.cloudwatch.alarm.AlarmState;
import io.s3clean.event.ObjectEvent;
import io.s3clean.event.Sequencer;
import io.s3clean.ledger.dynamodb.DynamoLedger;
import io.s3clean.localcloud.LocalCloud;
import io.s3clean.localcloud.emulator.EmulatorConfig;
import io.s3clean.localcloud.iam.IamCheck;
import io.s3clean.perf.soak.SoakConfig;
import io.s3clean.perf.soak.SoakResult;
import io.s3clean.perf.soak.SoakRun;
import io.s3clean.template.ShippedTemplate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Least privilege, issue 15 item 8: every grant of the five roles is used by the product's own
 * runs. The scenario (the seed's uploads, two cleanups, the plot through the HTTP API, and a
 * cleanup that leaves the bucket over the threshold and re-arms the alarm, then a cleanup of the
 * bucket made versioned, then a bucket adopted and given up through the adoption's function) and a
 * soak profile (overwrites, copies, deletes, faults) run on the embedded cloud, whose IAM check
 * records which grants calls used; a grant that neither used is one to trim.
 */
class LeastPrivilegeTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void theScenarioAndASoakProfileUseEveryGrantOfTheFiveRoles() throws Exception {
    Map<String, List<IamCheck.Grant>> scenario = scenarioUnusedGrants();
    SoakResult soak = new SoakRun(SoakConfig.standard(400, 15), System.err).run();
    assertThat(soak.failures()).as("failed soak checks").isEmpty();

    // the same template under two stack names: grants compared with the soak's names made the
    // scenario's
    Map<String, List<IamCheck.Grant>> unusedByBoth = new LinkedHashMap<>();
    scenario.forEach(
        (function, grants) -> {
          List<IamCheck.Grant> soakGrants =
              soak
                  .unusedGrants()
                  .getOrDefault(function.replaceFirst("^local-", "soak-"), List.of())
                  .stream()
                  .map(
                      g ->
                          new IamCheck.Grant(
                              g.statement(), g.action(), g.resource().replace("soak-", "local-")))
                  .toList();
          List<IamCheck.Grant> both = new ArrayList<>(grants);
          both.retainAll(soakGrants);
          unusedByBoth.put(function, both);
        });
    assertThat(soak.unusedGrants()).hasSize(5);

    assertThat(unusedByBoth)
        .hasSize(5)
        .allSatisfy(
            (function, grants) ->
                assertThat(grants).as("grants of %s that no call used", function).isEmpty());
  }

  private static Map<String, List<IamCheck.Grant>> scenarioUnusedGrants() throws Exception {
    Map<String, String> parameters =
        Map.of(
            "ArtifactBucket",
            "local-artifacts",
            "ArtifactKey",
            "s3clean-lambdas.jar",
            "CleanupPolicy",
            "one");
    try (LocalCloud cloud =
        LocalCloud.start(
            new LocalCloud.Options(
                ShippedTemplate.parsed(),
                EmulatorConfig.inMemory(),
                "local",
                parameters,
                ScaledClock.startingNow(60),
                e -> {},
                (w, e) -> {}))) {
      String bucket = cloud.stack().typed().watchedBucket();
      S3Client s3 = cloud.clients().s3();
      // the seed's scenario: 18 + 28 bytes, one cleanup; then 2 more bytes, the threshold reached
      // again
      put(s3, bucket, "assignment1.txt", 18);
      put(s3, bucket, "assignment2.txt", 28);
      await(() -> keys(s3, bucket).equals(List.of("assignment1.txt")), "the first cleanup");
      put(s3, bucket, "assignment3.txt", 2);
      await(() -> keys(s3, bucket).equals(List.of("assignment3.txt")), "the second cleanup");
      // a cleanup that removes one object and leaves the bucket over re-arms the alarm for the next
      for (String key : List.of("a.bin", "b.bin", "c.bin")) {
        put(s3, bucket, key, 15);
      }
      await(() -> keys(s3, bucket).size() == 2, "two cleanups, one object each");
      plot(cloud);
      // an owner turns versioning on: the cleaner then reads and deletes versions by id
      s3.putBucketVersioning(
          r ->
              r.bucket(bucket)
                  .versioningConfiguration(
                      v ->
                          v.status(
                              software.amazon.awssdk.services.s3.model.BucketVersioningStatus
                                  .ENABLED)));
      put(s3, bucket, "versioned.bin", 25);
      put(s3, bucket, "versioned.bin", 26);
      await(
          () ->
              s3.listObjectVersions(r -> r.bucket(bucket).prefix("versioned.bin")).versions().size()
                  < 2,
          "a cleanup of a version");
      // a duplicate alarm delivery that meets a deletion still on its way through the pipeline:
      // the ledger counts an object the bucket no longer holds, and only s3:ListBucket lets S3
      // answer the cleaner's HEAD with 404 (gone) rather than 403
      new DynamoLedger(
              cloud.clients().dynamoDb(),
              cloud.stack().typed().objectTable(),
              cloud.stack().typed().historyTable())
          .apply(
              bucket,
              List.of(
                  new ObjectEvent(
                      bucket,
                      "deleted-meanwhile.bin",
                      ObjectEvent.Kind.CREATED,
                      "ObjectCreated:Put",
                      40,
                      Sequencer.parse("FFFFFFFFFFFFFFFFFF"),
                      cloud.cloudWatch().clock().instant())));
      String cleanerLog = cloud.stack().output("CleanerLogGroupName");
      long runsBefore = cleanerRuns(cloud, cleanerLog);
      cloud.cloudWatch().setAlarmState(cloud.stack().typed().alarmName(), AlarmState.OK, "test");
      cloud
          .cloudWatch()
          .setAlarmState(
              cloud.stack().typed().alarmName(), AlarmState.ALARM, "a duplicate delivery");
      await(
          () -> cleanerRuns(cloud, cleanerLog) > runsBefore,
          "the cleaner's run on the duplicate delivery");
      // the adoption's role: a bucket adopted and given up again, as CloudFormation's Create and
      // Delete of the custom resource ask it, on the one bucket the role names on a stack that
      // adopts none, its own (whose template configuration is put aside first: it would overlap)
      try (S3Client owner =
          S3Client.builder()
              .endpointOverride(cloud.endpoint())
              .region(software.amazon.awssdk.regions.Region.US_EAST_1)
              .forcePathStyle(true)
              .credentialsProvider(
                  software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                      software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                          "owner", "owner")))
              .build()) {
        owner.putBucketNotificationConfiguration(
            r -> r.bucket(bucket).notificationConfiguration(n -> n.topicConfigurations(List.of())));
        assertThat(adoption(cloud, "Create", "", bucket)).isEqualTo("SUCCESS");
        assertThat(
                owner
                    .getBucketNotificationConfiguration(r -> r.bucket(bucket))
                    .topicConfigurations())
            .hasSize(3);
        assertThat(adoption(cloud, "Delete", bucket + "/s3clean-local", bucket))
            .isEqualTo("SUCCESS");
      }
      return cloud.functions().unusedGrants();
    }
  }

  /**
   * Invokes the adoption's function with a custom resource request, its ResponseURL a server of
   * this test's; returns the Status it answered.
   */
  private static String adoption(
      LocalCloud cloud, String requestType, String physicalId, String bucket) throws Exception {
    java.util.concurrent.CompletableFuture<String> answered =
        new java.util.concurrent.CompletableFuture<>();
    com.sun.net.httpserver.HttpServer cloudFormation =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    cloudFormation.createContext(
        "/",
        exchange -> {
          answered.complete(new String(exchange.getRequestBody().readAllBytes()));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    cloudFormation.start();
    try {
      String request =
          new com.fasterxml.jackson.databind.ObjectMapper()
              .writeValueAsString(
                  Map.of(
                      "RequestType",
                      requestType,
                      "ResponseURL",
                      "http://127.0.0.1:" + cloudFormation.getAddress().getPort() + "/r",
                      "StackId",
                      "arn:aws:cloudformation:us-east-1:000000000000:stack/local/1",
                      "RequestId",
                      requestType,
                      "LogicalResourceId",
                      "AdoptedBucketNotification",
                      "PhysicalResourceId",
                      physicalId,
                      "ResourceProperties",
                      Map.of(
                          "BucketName",
                          bucket,
                          "Region",
                          "us-east-1",
                          "TopicArn",
                          cloud.stack().output("TopicArn"),
                          "ConfigurationIdPrefix",
                          "s3clean-local")));
      cloud
          .functions()
          .function("local-bucket-adoption")
          .invokeJson(request.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree(answered.get(30, java.util.concurrent.TimeUnit.SECONDS))
          .path("Status")
          .asText();
    } finally {
      cloudFormation.stop(0);
    }
  }

  private static long cleanerRuns(LocalCloud cloud, String logGroup) {
    return cloud.cloudWatch().logs().read(logGroup, java.time.Instant.EPOCH, line -> true).stream()
        .filter(e -> e.message().contains("\"already_removed\":[{"))
        .count();
  }

  /** GET /plot through the local HTTP API, which checks that a request is SigV4-signed. */
  private static void plot(LocalCloud cloud) throws Exception {
    String endpoint =
        String.valueOf(cloud.stack().resources().get("PlotApi").attributes().get("ApiEndpoint"));
    HttpResponse<byte[]> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(endpoint + "/plot"))
                    .header(
                        "Authorization",
                        "AWS4-HMAC-SHA256 Credential=local/local/execute-api/aws4_request,"
                            + " SignedHeaders=host, Signature=local")
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
  }

  private static void put(S3Client s3, String bucket, String key, int size) {
    s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(new byte[size]));
  }

  private static List<String> keys(S3Client s3, String bucket) {
    return s3.listObjectsV2(r -> r.bucket(bucket)).contents().stream()
        .map(o -> o.key())
        .sorted()
        .toList();
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + WAIT.toSeconds() + " s waiting for " + what);
      }
      Thread.sleep(50);
    }
  }
}
