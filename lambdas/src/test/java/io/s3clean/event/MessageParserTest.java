package io.s3clean.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.s3clean.testing.TestEvents;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessageParserTest {
  private final MessageParser parser = new MessageParser();

  @Test
  void unwrapsTheS3EventFromTheSnsEnvelopeAndDecodesTheKey() throws IOException {
    // given an SQS body exactly as SNS delivers it without raw message delivery
    String body = resource("/events/sns-s3-put.json");

    // when
    ParsedMessage parsed = parser.parse(body);

    // then
    assertThat(parsed.skipped()).isEmpty();
    assertThat(parsed.events())
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.bucket()).isEqualTo("s3clean-watched");
              assertThat(event.key()).isEqualTo("reports/a bé.txt");
              assertThat(event.kind()).isEqualTo(ObjectEvent.Kind.CREATED);
              assertThat(event.eventName()).isEqualTo("ObjectCreated:Put");
              assertThat(event.size()).isEqualTo(1024);
              assertThat(event.sequencer()).isEqualTo(Sequencer.parse("0055AED6DCD90281E5"));
              assertThat(event.eventTime()).isEqualTo(Instant.parse("2026-11-23T10:15:30.123Z"));
            });
  }

  @Test
  void acceptsRawDeliveryOfTheSameEvent() {
    ObjectEvent event = TestEvents.put("b", "dir/x y+z%.txt", 7, 3);

    assertThat(parser.parse(TestEvents.rawBody(event)).events()).containsExactly(event);
    assertThat(parser.parse(TestEvents.snsBody(event)).events()).containsExactly(event);
  }

  @Test
  void aRemovalCarriesNoSize() {
    ObjectEvent event = TestEvents.delete("b", "gone.txt", 9);

    assertThat(parser.parse(TestEvents.snsBody(event)).events()).containsExactly(event);
  }

  @Test
  void aVersionedBucketsEventNamesItsVersionAndTheNullVersionIsTheKeysOwn() {
    ObjectEvent version = TestEvents.ofVersion(TestEvents.put("b", "k", 7, 1), "3sL4kqtJlcpXro");
    ObjectEvent nullVersion = TestEvents.deleteMarker("b", "k", "null", 2);

    ObjectEvent parsed = parser.parse(TestEvents.snsBody(version)).events().get(0);
    ObjectEvent parsedNull = parser.parse(TestEvents.snsBody(nullVersion)).events().get(0);

    assertThat(parsed).isEqualTo(version);
    assertThat(parsed.versionedKey()).isEqualTo(new VersionedKey("k", "3sL4kqtJlcpXro"));
    assertThat(parsedNull.versionId()).isNull();
    assertThat(parsedNull.versionedKey()).isEqualTo(VersionedKey.of("k"));
    assertThat(parsedNull.eventName()).isEqualTo("ObjectRemoved:DeleteMarkerCreated");
  }

  @Test
  void skipsS3sTestEventWithAReason() {
    String body =
        S3EventMessages.snsEnvelope(
            TestEvents.TOPIC,
            "Amazon S3 Notification",
            S3EventMessages.testEvent("watched", TestEvents.T0),
            TestEvents.T0);

    ParsedMessage parsed = parser.parse(body);

    assertThat(parsed.events()).isEmpty();
    assertThat(parsed.skipped()).singleElement().asString().contains("s3:TestEvent", "watched");
  }

  @Test
  void skipsEventTypesTheLedgerDoesNotTrack() {
    String body =
        TestEvents.rawBody(TestEvents.put("b", "k", 1, 1))
            .replace("ObjectCreated:Put", "ObjectTagging:Put");

    ParsedMessage parsed = parser.parse(body);

    assertThat(parsed.events()).isEmpty();
    assertThat(parsed.skipped()).containsExactly("untracked event type ObjectTagging:Put");
  }

  @ParameterizedTest(name = "{0} is a {1}")
  @CsvSource({
    "ObjectCreated:Put, CREATED",
    "ObjectCreated:Copy, CREATED",
    "ObjectCreated:CompleteMultipartUpload, CREATED",
    "ObjectRemoved:Delete, REMOVED",
    "ObjectRemoved:DeleteMarkerCreated, REMOVED",
    "LifecycleExpiration:Delete, REMOVED",
  })
  void classifiesS3EventNames(String eventName, ObjectEvent.Kind kind) {
    assertThat(MessageParser.kindOf(eventName)).isEqualTo(kind);
  }

  @Test
  void skipsSnsSubscriptionConfirmations() {
    ParsedMessage parsed =
        parser.parse("{\"Type\":\"SubscriptionConfirmation\",\"Message\":\"hi\"}");

    assertThat(parsed.events()).isEmpty();
    assertThat(parsed.skipped()).containsExactly("SNS message of type SubscriptionConfirmation");
  }

  @ParameterizedTest(name = "rejected: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not json at all | message body is not JSON",
        "'' | message body is empty",
        "[1,2] | message body is not a JSON object",
        "{\"Type\":\"Notification\"} | SNS envelope has no Message string",
        "{\"Type\":\"Notification\",\"Message\":\"{oops\"} | SNS Message is not JSON",
        "{\"hello\":1} | not an S3 event: no Records array",
        "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"eventTime\":\"2026-11-23T10:00:00Z\",\"s3\":{\"object\":{\"key\":\"k\",\"size\":1,\"sequencer\":\"01\"}}}]} | s3.bucket.name is missing",
        "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"eventTime\":\"2026-11-23T10:00:00Z\",\"s3\":{\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":\"k\",\"sequencer\":\"01\"}}}]} | s3.object.size is missing or invalid",
        "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"eventTime\":\"2026-11-23T10:00:00Z\",\"s3\":{\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":\"k\",\"size\":-5,\"sequencer\":\"01\"}}}]} | s3.object.size is missing or invalid",
        "{\"Records\":[{\"eventName\":\"ObjectRemoved:Delete\",\"eventTime\":\"2026-11-23T10:00:00Z\",\"s3\":{\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":\"k\"}}}]} | s3.object.sequencer is missing",
        "{\"Records\":[{\"eventName\":\"ObjectRemoved:Delete\",\"eventTime\":\"yesterday\",\"s3\":{\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":\"k\",\"sequencer\":\"01\"}}}]} | eventTime is not an ISO-8601 instant",
        "{\"Records\":[{\"eventName\":\"ObjectRemoved:Delete\",\"eventTime\":\"2026-11-23T10:00:00Z\",\"s3\":{\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":\"bad%zz\",\"sequencer\":\"01\"}}}]} | s3.object.key is not URL-encoded",
        "{\"Records\":[{\"eventTime\":\"2026-11-23T10:00:00Z\"}]} | eventName is missing",
        "{\"Records\":[{\"eventName\":\"ObjectRemoved:Delete\",\"eventTime\":\"2026-11-23T10:00:00Z\",\"s3\":{\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":\"k\",\"versionId\":7,\"sequencer\":\"01\"}}}]} | s3.object.versionId is not a version id",
      })
  void rejectsMalformedMessagesWithAClearReason(String body, String reason) {
    assertThatThrownBy(() -> parser.parse(body))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageContaining(reason);
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = MessageParserTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
