package io.s3clean.handler;

import static io.s3clean.testing.TestEvents.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3clean.config.ConfigurationException;
import io.s3clean.config.Environment;
import io.s3clean.engines.testing.LocalS3;
import io.s3clean.ledger.dynamodb.DynamoLedger;
import io.s3clean.testing.LocalDynamo;
import io.s3clean.testing.MotoCloudWatch;
import io.s3clean.testing.RecordingContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.sns.SnsClient;

class CleanerHandlerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static LocalDynamo dynamo;
  @RegisterExtension static final LocalS3 s3 = new LocalS3();
  private static MotoCloudWatch cloudWatch;

  @BeforeAll
  static void start() {
    dynamo = LocalDynamo.start();
    dynamo.createTables("objects", "history");
    cloudWatch = MotoCloudWatch.start();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    cloudWatch.close();
    dynamo.close();
  }

  @Test
  void aCleanupThatLeavesTheBucketOverTheThresholdReArmsTheAlarmThroughCloudWatch()
      throws IOException {
    s3.createBucket("watched-over");
    DynamoLedger ledger = new DynamoLedger(dynamo.client(), "objects", "history");
    for (int i = 1; i <= 3; i++) {
      String key = "file" + i;
      s3.client()
          .putObject(r -> r.bucket("watched-over").key(key), RequestBody.fromBytes(new byte[15]));
      ledger.apply("watched-over", List.of(put("watched-over", key, 15, i)));
    }
    cloudWatch.alarm("s3clean-total-size", StateValue.ALARM);

    JsonNode report =
        invoke(
            handler("watched-over", Map.of("CLEANUP_POLICY", "one")),
            resource("/events/alarm-action.json"),
            new RecordingContext());

    assertThat(report.get("expectedTotal").asLong()).isEqualTo(30);
    var alarm = cloudWatch.describe("s3clean-total-size");
    assertThat(alarm.stateValue()).isEqualTo(StateValue.OK);
    assertThat(alarm.stateReason())
        .startsWith("s3clean: watched-over is still at 30 bytes after a cleanup");
  }

  @Test
  void anAlarmActionPayloadFromCloudWatchCleansTheConfiguredBucket() throws IOException {
    s3.createBucket("watched");
    DynamoLedger ledger = new DynamoLedger(dynamo.client(), "objects", "history");
    s3.client()
        .putObject(
            r -> r.bucket("watched").key("assignment1.txt"), RequestBody.fromBytes(new byte[18]));
    s3.client()
        .putObject(
            r -> r.bucket("watched").key("assignment2.txt"), RequestBody.fromBytes(new byte[28]));
    ledger.apply(
        "watched",
        List.of(
            put("watched", "assignment1.txt", 18, 1), put("watched", "assignment2.txt", 28, 2)));
    RecordingContext context = new RecordingContext();

    JsonNode report =
        invoke(handler("watched", Map.of()), resource("/events/alarm-action.json"), context);

    assertThat(report.get("outcome").asText()).isEqualTo("CLEANED");
    assertThat(report.get("alarmName").asText()).isEqualTo("s3clean-total-size");
    assertThat(report.at("/deleted/0/key").asText()).isEqualTo("assignment2.txt");
    assertThat(context.json("cleanup_finished")).hasSize(1);
    assertThat(s3.client().listObjectsV2(r -> r.bucket("watched")).contents()).hasSize(1);
  }

  @Test
  void aPayloadThatIsNoAlarmEventIsAnsweredWithItsReasonAndChangesNothing() throws IOException {
    RecordingContext context = new RecordingContext();

    JsonNode answer =
        invoke(
            handler("watched", Map.of()),
            new ByteArrayInputStream("{\"hello\":1}".getBytes(StandardCharsets.UTF_8)),
            context);

    assertThat(answer.get("error").asText())
        .isEqualTo("not a CloudWatch alarm action payload: no alarmData");
    assertThat(context.json("malformed_alarm_event")).hasSize(1);
  }

  @Test
  void configurationRejectsAnUnknownPolicyAndABadThresholdByName() {
    assertThatThrownBy(
            () -> CleanerHandler.Config.from(env("watched", Map.of("CLEANUP_POLICY", "all"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "CLEANUP_POLICY: unknown cleanup policy 'all', expected one of until-below, one");
    assertThatThrownBy(
            () -> CleanerHandler.Config.from(env("watched", Map.of("THRESHOLD_BYTES", "20B"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("environment variable THRESHOLD_BYTES must be a whole number, was '20B'");
  }

  private static CleanerHandler handler(String bucket, Map<String, String> overrides) {
    SnsClient unusedSns =
        SnsClient.builder()
            .region(Region.US_EAST_1)
            .credentialsProvider(AnonymousCredentialsProvider.create())
            .build();
    return new CleanerHandler(
        CleanerHandler.Config.from(env(bucket, overrides)),
        dynamo.client(),
        s3.client(),
        unusedSns,
        cloudWatch.client());
  }

  private static Environment env(String bucket, Map<String, String> overrides) {
    Map<String, String> vars =
        new java.util.HashMap<>(
            Map.of(
                "OBJECT_TABLE",
                "objects",
                "BUCKET_NAME",
                bucket,
                "THRESHOLD_BYTES",
                "20",
                "NOTIFY_TOPIC_ARN",
                ""));
    vars.putAll(overrides);
    return new Environment(vars::get);
  }

  private static JsonNode invoke(
      CleanerHandler handler, InputStream payload, RecordingContext context) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(payload, out, context);
    return JSON.readTree(out.toByteArray());
  }

  private static InputStream resource(String name) {
    return CleanerHandlerTest.class.getResourceAsStream(name);
  }
}
