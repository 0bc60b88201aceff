package io.s3clean.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3clean.chart.ChartSpec;
import io.s3clean.chart.HistoryChart;
import io.s3clean.chart.HistoryPlot;
import io.s3clean.chart.HistoryPoint;
import io.s3clean.config.ConfigurationException;
import io.s3clean.config.Environment;
import io.s3clean.engines.testing.LocalS3;
import io.s3clean.handler.PlottingHandler.Config;
import io.s3clean.history.HistoryItems;
import io.s3clean.history.HistoryRecord;
import io.s3clean.testing.LocalDynamo;
import io.s3clean.testing.RecordingContext;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.s3.model.S3Object;

class PlottingHandlerTest {
  private static final String HISTORY_TABLE = "HistoryTable";
  private static final String PLOT_BUCKET = "plots";
  private static final long THRESHOLD = 20;
  private static final Instant START = Instant.parse("2026-11-23T10:00:00Z");
  private static final Instant NOW = Instant.parse("2026-11-23T10:05:07.123Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static LocalDynamo dynamo;
  @RegisterExtension static final LocalS3 s3 = new LocalS3();

  @BeforeAll
  static void startEmulators() {
    dynamo = LocalDynamo.start();
    dynamo.createTables("ObjectTable", HISTORY_TABLE);
    s3.createBucket(PLOT_BUCKET);
  }

  @AfterAll
  static void stopEmulators() {
    if (dynamo != null) {
      dynamo.close();
    }
  }

  @Test
  void returnsTheHistoryAsABase64PngAndKeepsTheSameBytesInThePlotBucket() throws IOException {
    // given: the typical scenario, 0 -> 18 -> 46 -> 18 -> 20 -> 2 bytes
    String bucket = "scenario-bucket";
    List<HistoryRecord> records = scenario();
    HistoryItems.put(dynamo.client(), HISTORY_TABLE, bucket, records);

    // when
    APIGatewayV2HTTPResponse response =
        handlerFor(bucket).handleRequest(get(Map.of("width", "640", "height", "360")), null);

    // then: the response is the chart of exactly these points
    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(response.getIsBase64Encoded()).isTrue();
    assertThat(response.getHeaders())
        .containsEntry("Content-Type", "image/png")
        .containsEntry("Cache-Control", "no-store");
    byte[] png = Base64.getDecoder().decode(response.getBody());
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(image.getWidth()).isEqualTo(640);
    assertThat(image.getHeight()).isEqualTo(360);
    assertThat(png).isEqualTo(HistoryChart.renderPng(points(records), spec(bucket, 640, 360)));

    // and the same bytes are stored twice: latest, and under the time of the request in the
    // archive, which the plot bucket's lifecycle rule expires
    assertThat(stored("plots/scenario-bucket/latest.png")).isEqualTo(png);
    assertThat(stored("archive/scenario-bucket/20261123T100507.123Z.png")).isEqualTo(png);
    assertThat(keysUnder(bucket))
        .containsExactlyInAnyOrder(
            "plots/scenario-bucket/latest.png", "archive/scenario-bucket/20261123T100507.123Z.png");
  }

  @Test
  void drawsAtTheDefaultSizeWithoutQueryParameters() throws IOException {
    // given
    String bucket = "default-size-bucket";
    HistoryItems.put(dynamo.client(), HISTORY_TABLE, bucket, scenario());

    // when
    APIGatewayV2HTTPResponse response = handlerFor(bucket).handleRequest(get(null), null);

    // then
    BufferedImage image = decode(response);
    assertThat(image.getWidth()).isEqualTo(HistoryPlot.DEFAULT_WIDTH);
    assertThat(image.getHeight()).isEqualTo(HistoryPlot.DEFAULT_HEIGHT);
  }

  @Test
  void anEmptyHistoryGivesThePlaceholderChart() {
    // given: nothing ever recorded for this bucket
    String bucket = "empty-bucket";

    // when
    APIGatewayV2HTTPResponse response =
        handlerFor(bucket).handleRequest(get(Map.of("width", "500", "height", "300")), null);

    // then
    assertThat(response.getStatusCode()).isEqualTo(200);
    byte[] png = Base64.getDecoder().decode(response.getBody());
    assertThat(png).isEqualTo(HistoryChart.renderPng(List.of(), spec(bucket, 500, 300)));
    assertThat(stored(PlottingHandler.latestKey(bucket))).isEqualTo(png);
  }

  @ParameterizedTest
  @CsvSource({
    "width, abc",
    "width, 199",
    "width, 4001",
    "width, ''",
    "width, 1e3",
    "height, -300",
    "height, 99999999999",
  })
  void rejectsAnUnusableSizeWithA400AndStoresNothing(String parameter, String value)
      throws IOException {
    // given
    String bucket = "bad-size-bucket";
    HistoryItems.put(dynamo.client(), HISTORY_TABLE, bucket, scenario());

    // when
    APIGatewayV2HTTPResponse response =
        handlerFor(bucket).handleRequest(get(Map.of(parameter, value)), null);

    // then
    assertThat(response.getStatusCode()).isEqualTo(400);
    assertThat(response.getHeaders()).containsEntry("Content-Type", "application/json");
    assertThat(response.getBody()).doesNotContain("\n");
    assertThat(JSON.readTree(response.getBody()).get("error").asText())
        .isEqualTo("width and height must be whole numbers of pixels from 200 to 4000");
    assertThat(keysUnder(bucket)).isEmpty();
  }

  @Test
  void acceptsTheSmallestAndLargestSizes() throws IOException {
    // given
    String bucket = "bounds-bucket";
    HistoryItems.put(dynamo.client(), HISTORY_TABLE, bucket, scenario());

    // when
    APIGatewayV2HTTPResponse response =
        handlerFor(bucket).handleRequest(get(Map.of("width", "200", "height", "4000")), null);
    BufferedImage image = decode(response);

    // then
    assertThat(image.getWidth()).isEqualTo(200);
    assertThat(image.getHeight()).isEqualTo(4000);
  }

  @Test
  void answers500WithAJsonErrorAndALogLineWhenDynamoDbCannotBeRead() throws IOException {
    // given: a table that does not exist
    Config config = new Config("NoSuchTable", "unread-bucket", PLOT_BUCKET, THRESHOLD);
    PlottingHandler handler = new PlottingHandler(config, dynamo.client(), s3.client());
    RecordingContext context = new RecordingContext();

    // when
    APIGatewayV2HTTPResponse response = handler.handleRequest(get(null), context);

    // then: a terse body, the details in the log only
    assertThat(response.getStatusCode()).isEqualTo(500);
    assertThat(response.getHeaders()).containsEntry("Content-Type", "application/json");
    assertThat(JSON.readTree(response.getBody()))
        .isEqualTo(JSON.readTree("{\"error\":\"could not read the size history\"}"));
    assertThat(context.lines()).hasSize(1);
    JsonNode line = JSON.readTree(context.lines().get(0));
    assertThat(line.get("message").asText()).isEqualTo("plot_failed");
    assertThat(line.get("bucket").asText()).isEqualTo("unread-bucket");
    assertThat(line.get("stage").asText()).isEqualTo("read_history");
    assertThat(line.get("error").asText()).contains("ResourceNotFoundException");
    assertThat(keysUnder("unread-bucket")).isEmpty();
  }

  @Test
  void answers500WhenThePlotCannotBeStored() throws IOException {
    // given
    Config config = new Config(HISTORY_TABLE, "unstored", "no-such-bucket", THRESHOLD);
    PlottingHandler handler = new PlottingHandler(config, dynamo.client(), s3.client());
    RecordingContext context = new RecordingContext();

    // when
    APIGatewayV2HTTPResponse response = handler.handleRequest(get(null), context);

    // then
    assertThat(response.getStatusCode()).isEqualTo(500);
    assertThat(JSON.readTree(response.getBody()).get("error").asText())
        .isEqualTo("could not store the plot");
    assertThat(JSON.readTree(context.lines().get(0)).get("stage").asText()).isEqualTo("store_plot");
  }

  @Test
  void configurationComesFromExactlyTheFourDocumentedVariables() {
    // given
    Environment env =
        new Environment(
            Map.of(
                    "HISTORY_TABLE", "h",
                    "BUCKET_NAME", "b",
                    "PLOT_BUCKET", "p",
                    "THRESHOLD_BYTES", "20",
                    "OBJECT_TABLE", "not mine")
                ::get);

    // when
    Config config = Config.from(env);

    // then
    assertThat(config).isEqualTo(new Config("h", "b", "p", 20));
    assertThat(env.namesRead())
        .containsExactlyInAnyOrder(
            "HISTORY_TABLE", "BUCKET_NAME", "PLOT_BUCKET", "THRESHOLD_BYTES");
  }

  @Test
  void refusesAMissingOrNegativeThreshold() {
    Map<String, String> vars =
        new HashMap<>(Map.of("HISTORY_TABLE", "h", "BUCKET_NAME", "b", "PLOT_BUCKET", "p"));
    assertThatExceptionOfType(ConfigurationException.class)
        .isThrownBy(() -> Config.from(new Environment(vars::get)))
        .withMessageContaining("THRESHOLD_BYTES");

    vars.put("THRESHOLD_BYTES", "-1");
    assertThatExceptionOfType(ConfigurationException.class)
        .isThrownBy(() -> Config.from(new Environment(vars::get)))
        .withMessageContaining("THRESHOLD_BYTES");
  }

  private static PlottingHandler handlerFor(String bucket) {
    Config config = new Config(HISTORY_TABLE, bucket, PLOT_BUCKET, THRESHOLD);
    return new PlottingHandler(
        config, dynamo.client(), s3.client(), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static APIGatewayV2HTTPEvent get(Map<String, String> query) {
    return APIGatewayV2HTTPEvent.builder()
        .withVersion("2.0")
        .withRouteKey("GET /plot")
        .withRawPath("/plot")
        .withQueryStringParameters(query)
        .build();
  }

  private static List<HistoryRecord> scenario() {
    long[] totals = {0, 18, 46, 18, 20, 2};
    List<HistoryRecord> records = new ArrayList<>();
    long previous = 0;
    for (int i = 0; i < totals.length; i++) {
      long delta = totals[i] - previous;
      String type = delta >= 0 ? "ObjectCreated:Put" : "ObjectRemoved:Delete";
      records.add(
          new HistoryRecord(i + 1, START.plusSeconds(40L * i), "key-" + i, type, delta, totals[i]));
      previous = totals[i];
    }
    return records;
  }

  private static List<HistoryPoint> points(List<HistoryRecord> records) {
    return records.stream().map(r -> new HistoryPoint(r.eventTime(), r.totalSize())).toList();
  }

  private static ChartSpec spec(String bucket, int width, int height) {
    return new ChartSpec(width, height, "Total size of s3://" + bucket, OptionalLong.of(THRESHOLD));
  }

  private static BufferedImage decode(APIGatewayV2HTTPResponse response) throws IOException {
    assertThat(response.getStatusCode()).isEqualTo(200);
    return ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(response.getBody())));
  }

  private static byte[] stored(String key) {
    return s3.client().getObjectAsBytes(g -> g.bucket(PLOT_BUCKET).key(key)).asByteArray();
  }

  /** The bucket's latest plot and its archived ones. */
  private static List<String> keysUnder(String bucket) {
    return java.util.stream.Stream.of(
            "plots/" + bucket + "/", PlottingHandler.ARCHIVE_PREFIX + bucket + "/")
        .flatMap(
            prefix ->
                s3
                    .client()
                    .listObjectsV2(l -> l.bucket(PLOT_BUCKET).prefix(prefix))
                    .contents()
                    .stream())
        .map(S3Object::key)
        .toList();
  }
}
