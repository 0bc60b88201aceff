package io.s3clean.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3clean.aws.AwsClients;
import io.s3clean.chart.HistoryChart;
import io.s3clean.chart.HistoryPlot;
import io.s3clean.config.ConfigurationException;
import io.s3clean.config.Environment;
import io.s3clean.history.HistoryReader;
import io.s3clean.history.HistoryRecord;
import io.s3clean.logging.JsonLog;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * GET the bucket's size history as a PNG (API Gateway HTTP API, payload format 2.0). Each plot is
 * also kept in PLOT_BUCKET, as {@code plots/<bucket>/latest.png}, overwritten by every request, and
 * under a timestamped key below {@value #ARCHIVE_PREFIX}, which the template's lifecycle rule on
 * the plot bucket expires.
 *
 * <p>Optional query parameters {@code width} and {@code height}, in pixels, from {@value
 * HistoryPlot#MIN_SIDE} to {@value HistoryPlot#MAX_SIDE}.
 */
public final class PlottingHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  /**
   * Where the timestamped plots go: the prefix of the plot bucket's expiration rule in the
   * template.
   */
  public static final String ARCHIVE_PREFIX = "archive/";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Sorts in time order and needs no escaping in a URL, unlike ISO-8601's colons. */
  private static final DateTimeFormatter KEY_TIME =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  public record Config(
      String historyTable, String bucketName, String plotBucket, long thresholdBytes) {
    public Config {
      Objects.requireNonNull(historyTable, "historyTable");
      Objects.requireNonNull(bucketName, "bucketName");
      Objects.requireNonNull(plotBucket, "plotBucket");
      if (thresholdBytes < 0) {
        throw new ConfigurationException(
            "THRESHOLD_BYTES must not be negative, was " + thresholdBytes);
      }
    }

    public static Config from(Environment env) {
      return new Config(
          env.require("HISTORY_TABLE"),
          env.require("BUCKET_NAME"),
          env.require("PLOT_BUCKET"),
          env.requireLong("THRESHOLD_BYTES"));
    }
  }

  private final Config config;
  private final HistoryReader history;
  private final S3Client s3;
  private final Clock clock;

  /** For the Lambda runtime: configuration from the environment, clients built once per JVM. */
  public PlottingHandler() {
    this(Config.from(Environment.system()), AwsClients.dynamoDb(), AwsClients.s3());
  }

  public PlottingHandler(Config config, DynamoDbClient dynamo, S3Client s3) {
    this(config, dynamo, s3, Clock.systemUTC());
  }

  PlottingHandler(Config config, DynamoDbClient dynamo, S3Client s3, Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.history = new HistoryReader(dynamo, config.historyTable());
    this.s3 = Objects.requireNonNull(s3, "s3");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    Map<String, String> query =
        event == null || event.getQueryStringParameters() == null
            ? Map.of()
            : event.getQueryStringParameters();
    OptionalInt width = side(query.get("width"), HistoryPlot.DEFAULT_WIDTH);
    OptionalInt height = side(query.get("height"), HistoryPlot.DEFAULT_HEIGHT);
    if (width.isEmpty() || height.isEmpty()) {
      return error(
          400,
          "width and height must be whole numbers of pixels from "
              + HistoryPlot.MIN_SIDE
              + " to "
              + HistoryPlot.MAX_SIDE);
    }

    List<HistoryRecord> records;
    try {
      records = history.read(config.bucketName());
    } catch (RuntimeException e) {
      return failure(context, "read_history", e, "could not read the size history");
    }
    byte[] png;
    try {
      png =
          HistoryChart.renderPng(
              HistoryPlot.points(records),
              HistoryPlot.chartSpec(
                  config.bucketName(),
                  config.thresholdBytes(),
                  width.getAsInt(),
                  height.getAsInt()));
    } catch (RuntimeException e) {
      return failure(context, "render", e, "could not render the plot");
    }
    try {
      store(png);
    } catch (RuntimeException e) {
      return failure(context, "store_plot", e, "could not store the plot");
    }
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(200)
        .withHeaders(Map.of("Content-Type", "image/png", "Cache-Control", "no-store"))
        .withIsBase64Encoded(true)
        .withBody(Base64.getEncoder().encodeToString(png))
        .build();
  }

  /** The key of the newest plot of {@code bucket}, overwritten by every request. */
  public static String latestKey(String bucket) {
    return prefix(bucket) + "latest.png";
  }

  /**
   * The key of the plot of {@code bucket} drawn at {@code at}, kept until the lifecycle rule
   * expires it.
   */
  public static String archiveKey(String bucket, Instant at) {
    return ARCHIVE_PREFIX + bucket + "/" + KEY_TIME.format(at) + ".png";
  }

  private static String prefix(String bucket) {
    return "plots/" + bucket + "/";
  }

  /** The timestamped copy first: should it fail, latest.png still equals the newest archive. */
  private void store(byte[] png) {
    String archived = archiveKey(config.bucketName(), clock.instant());
    for (String key : List.of(archived, latestKey(config.bucketName()))) {
      s3.putObject(
          put ->
              put.bucket(config.plotBucket())
                  .key(key)
                  .contentType("image/png")
                  .cacheControl("no-store"),
          RequestBody.fromBytes(png));
    }
  }

  /** The side length asked for, the default when absent, empty when unusable. */
  private static OptionalInt side(String requested, int fallback) {
    if (requested == null) {
      return OptionalInt.of(fallback);
    }
    try {
      int pixels = Integer.parseInt(requested.trim());
      boolean inBounds = pixels >= HistoryPlot.MIN_SIDE && pixels <= HistoryPlot.MAX_SIDE;
      return inBounds ? OptionalInt.of(pixels) : OptionalInt.empty();
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }

  private APIGatewayV2HTTPResponse failure(
      Context context, String stage, RuntimeException e, String publicMessage) {
    LambdaSupport.log(context)
        .error(
            "plot_failed",
            JsonLog.fields(
                "bucket",
                config.bucketName(),
                "stage",
                stage,
                "error",
                e.getClass().getName() + ": " + e.getMessage()));
    return error(500, publicMessage);
  }

  private static APIGatewayV2HTTPResponse error(int status, String message) {
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(status)
        .withHeaders(Map.of("Content-Type", "application/json", "Cache-Control", "no-store"))
        .withIsBase64Encoded(false)
        .withBody(json(Map.of("error", message)))
        .build();
  }

  private static String json(Map<String, ?> fields) {
    try {
      return JSON.writeValueAsString(fields);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings always serialises", e);
    }
  }
}
