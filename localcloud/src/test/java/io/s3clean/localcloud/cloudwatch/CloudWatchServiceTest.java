package io.s3clean.localcloud.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import io.s3clean.clock.ManualClock;
import io.s3clean.cloudwatch.CloudWatchSim;
import io.s3clean.localcloud.endpoint.AwsRequest;
import io.s3clean.localcloud.endpoint.AwsResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The three codecs on requests as botocore and SDK v2 build them, without HTTP. */
class CloudWatchServiceTest {
  private static final Instant NOW = Instant.parse("2026-11-23T10:15:30Z");
  private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SIGNED =
      "AWS4-HMAC-SHA256 Credential=test/20261123/us-east-1/monitoring/aws4_request, SignedHeaders=host, Signature=0";

  private final CloudWatchSim sim = CloudWatchSim.builder(new ManualClock(NOW)).build();
  private final CloudWatchService service = new CloudWatchService(sim);

  @AfterEach
  void close() {
    sim.close();
  }

  private AwsResponse cbor(String operation, byte[] body) {
    return service.handle(
        new AwsRequest(
            "POST",
            "/service/GraniteServiceVersion20100801/operation/" + operation,
            "",
            Map.of(
                "Authorization",
                List.of(SIGNED),
                "smithy-protocol",
                List.of("rpc-v2-cbor"),
                "Content-Type",
                List.of("application/cbor")),
            body));
  }

  private AwsResponse json(String operation, String body) {
    return service.handle(
        new AwsRequest(
            "POST",
            "/",
            "",
            Map.of(
                "Authorization",
                List.of(SIGNED),
                "X-Amz-Target",
                List.of("GraniteServiceVersion20100801." + operation),
                "Content-Type",
                List.of("application/x-amz-json-1.0")),
            body.getBytes(StandardCharsets.UTF_8)));
  }

  private AwsResponse query(String form) {
    return service.handle(
        new AwsRequest(
            "POST",
            "/",
            "",
            Map.of(
                "Authorization",
                List.of(SIGNED),
                "Content-Type",
                List.of("application/x-www-form-urlencoded")),
            form.getBytes(StandardCharsets.UTF_8)));
  }

  private static JsonNode cborBody(AwsResponse response) throws IOException {
    return CBOR.readTree(response.body());
  }

  @Test
  void aMalformedCborBodyIsA400SerializationExceptionInCbor() throws IOException {
    // a map announcing two pairs that ends after one key
    AwsResponse response = cbor("DescribeAlarms", new byte[] {(byte) 0xa2, 0x61, 0x41});

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.headers())
        .containsEntry("smithy-protocol", List.of("rpc-v2-cbor"))
        .containsEntry("Content-Type", List.of("application/cbor"));
    JsonNode error = cborBody(response);
    assertThat(error.path("__type").asText()).endsWith("#SerializationException");
    assertThat(error.path("message").asText()).contains("not valid CBOR");
  }

  @Test
  void aCborBodyThatIsNotAMapIsA400() throws IOException {
    AwsResponse response = cbor("DescribeAlarms", CBOR.writeValueAsBytes(List.of(1, 2)));

    assertThat(response.status()).isEqualTo(400);
    assertThat(cborBody(response).path("message").asText()).contains("must be a CBOR map");
  }

  @Test
  void malformedJsonIsA400SerializationExceptionInJson() throws IOException {
    AwsResponse response = json("DescribeAlarms", "{\"AlarmNames\": [");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.headers())
        .containsEntry("Content-Type", List.of("application/x-amz-json-1.0"));
    assertThat(JSON.readTree(response.body()).path("__type").asText())
        .endsWith("#SerializationException");
  }

  @Test
  void anUnknownOperationIsNamedInEveryProtocol() throws IOException {
    AwsResponse inCbor = cbor("PutDashboard", new byte[0]);
    AwsResponse inJson = json("PutDashboard", "{}");
    AwsResponse inQuery = query("Action=PutDashboard&Version=2010-08-01");

    assertThat(List.of(inCbor.status(), inJson.status(), inQuery.status())).containsOnly(400);
    assertThat(cborBody(inCbor).path("__type").asText()).endsWith("#UnknownOperationException");
    assertThat(cborBody(inCbor).path("message").asText()).contains("'PutDashboard'");
    assertThat(inCbor.headers().get("x-amzn-query-error")).containsExactly("InvalidAction;Sender");
    assertThat(JSON.readTree(inJson.body()).path("message").asText()).contains("'PutDashboard'");
    assertThat(new String(inQuery.body(), StandardCharsets.UTF_8))
        .contains("<Code>InvalidAction</Code>", "'PutDashboard'");
  }

  @Test
  void setAlarmStateOnAnUnknownAlarmIsResourceNotFoundInEveryProtocol() throws IOException {
    byte[] input =
        CBOR.writeValueAsBytes(
            Map.of("AlarmName", "nope", "StateValue", "OK", "StateReason", "test"));

    AwsResponse inCbor = cbor("SetAlarmState", input);
    AwsResponse inJson =
        json(
            "SetAlarmState",
            "{\"AlarmName\":\"nope\",\"StateValue\":\"OK\",\"StateReason\":\"t\"}");
    AwsResponse inQuery =
        query("Action=SetAlarmState&Version=2010-08-01&AlarmName=nope&StateValue=OK&StateReason=t");

    assertThat(List.of(inCbor.status(), inJson.status(), inQuery.status())).containsOnly(404);
    assertThat(cborBody(inCbor).path("__type").asText())
        .isEqualTo("com.amazonaws.cloudwatch#ResourceNotFound");
    assertThat(inJson.headers().get("x-amzn-query-error"))
        .containsExactly("ResourceNotFound;Sender");
    assertThat(new String(inQuery.body(), StandardCharsets.UTF_8))
        .contains("<Code>ResourceNotFound</Code>");
  }

  @Test
  void cborTimestampsAreTagOneEpochSecondsBothWays() throws IOException {
    // given a datapoint published in CBOR with a tagged timestamp, as botocore sends it
    ByteArrayOutputStream put = new ByteArrayOutputStream();
    try (CBORGenerator g = (CBORGenerator) CBOR.getFactory().createGenerator(put)) {
      g.writeStartObject();
      g.writeStringField("Namespace", "S3Clean");
      g.writeArrayFieldStart("MetricData");
      g.writeStartObject();
      g.writeStringField("MetricName", "CurrentTotalSize");
      g.writeFieldName("Timestamp");
      g.writeTag(1);
      g.writeNumber(NOW.getEpochSecond() - 20.5);
      g.writeNumberField("Value", 46.0);
      g.writeStringField("Unit", "Bytes");
      g.writeEndObject();
      g.writeEndArray();
      g.writeEndObject();
    }
    assertThat(cbor("PutMetricData", put.toByteArray()).status()).isEqualTo(200);

    // when
    AwsResponse response =
        cbor(
            "GetMetricStatistics",
            CBOR.writeValueAsBytes(
                Map.of(
                    "Namespace",
                    "S3Clean",
                    "MetricName",
                    "CurrentTotalSize",
                    "StartTime",
                    NOW.getEpochSecond() - 600,
                    "EndTime",
                    NOW.getEpochSecond(),
                    "Period",
                    60,
                    "Statistics",
                    List.of("Maximum", "SampleCount"))));

    // then the datapoint's timestamp comes back under tag 1
    assertThat(response.status()).isEqualTo(200);
    JsonNode output = cborBody(response);
    assertThat(output.at("/Datapoints/0/Maximum").asDouble()).isEqualTo(46.0);
    assertThat(output.at("/Datapoints/0/Unit").asText()).isEqualTo("Bytes");
    try (JsonParser parser = CBOR.getFactory().createParser(response.body())) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (token == JsonToken.FIELD_NAME && parser.currentName().equals("Timestamp")) {
          parser.nextToken();
          assertThat(((com.fasterxml.jackson.dataformat.cbor.CBORParser) parser).getCurrentTag())
              .isEqualTo(1);
          assertThat(parser.getLongValue())
              .isEqualTo(Instant.parse("2026-11-23T10:15:00Z").getEpochSecond());
        }
      }
    }
  }

  @Test
  void theQueryProtocolFlattensListsAndAnswersTimestampsInIso8601() {
    AwsResponse put =
        query(
            "Action=PutMetricData&Version=2010-08-01&Namespace=S3Clean"
                + "&MetricData.member.1.MetricName=CurrentTotalSize&MetricData.member.1.Value=18"
                + "&MetricData.member.1.Timestamp=2026-11-23T10%3A14%3A10Z"
                + "&MetricData.member.1.Dimensions.member.1.Name=BucketName&MetricData.member.1.Dimensions.member.1.Value=b");
    AwsResponse get =
        query(
            "Action=GetMetricStatistics&Version=2010-08-01&Namespace=S3Clean"
                + "&MetricName=CurrentTotalSize&Dimensions.member.1.Name=BucketName&Dimensions.member.1.Value=b"
                + "&StartTime=2026-11-23T10%3A00%3A00Z&EndTime=2026-11-23T10%3A20%3A00Z&Period=60&Statistics.member.1=Sum");

    assertThat(put.status()).isEqualTo(200);
    assertThat(new String(get.body(), StandardCharsets.UTF_8))
        .contains(
            "<GetMetricStatisticsResult>",
            "<Datapoints><member><Timestamp>2026-11-23T10:14:00Z</Timestamp><Sum>18.0</Sum><Unit>None</Unit></member>");
  }

  @Test
  void aWronglyTypedMemberIsInvalidParameterValueNamingIt() throws IOException {
    AwsResponse response =
        json(
            "GetMetricStatistics",
            "{\"Namespace\":\"S3Clean\",\"MetricName\":\"X\","
                + "\"StartTime\":\"yesterday\",\"EndTime\":1,\"Period\":60,\"Statistics\":[\"Sum\"]}");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.headers().get("x-amzn-query-error"))
        .containsExactly("InvalidParameterValue;Sender");
    assertThat(JSON.readTree(response.body()).path("message").asText()).contains("StartTime");
  }
}
