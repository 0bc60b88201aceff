package io.s3clean.localcloud.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.s3clean.localcloud.emulator.EmulatorConfig;
import io.s3clean.localcloud.emulator.Emulators;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * S3Proxy's servlet called in process by the endpoint answers as S3Proxy behind its own Jetty does:
 * the same S3 calls, made with the SDK on both routes, give the same transcript. Jetty is the
 * oracle for what a servlet container shows the servlet.
 */
class ServletHandlerTest {
  /** RFC 9110's preferred date: a two-digit day, as Jetty writes Last-Modified. */
  private static final Pattern IMF_FIXDATE =
      Pattern.compile(
          "^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT$");

  private static Emulators emulators;
  private static AwsEndpoint endpoint;

  @BeforeAll
  static void start() throws Exception {
    emulators = Emulators.start(EmulatorConfig.inMemory());
    endpoint = new AwsEndpoint(0, Clock.systemUTC(), 1);
    endpoint.serve("s3", new ServletHandler(emulators.s3Servlet(), endpoint.endpoint()));
  }

  @AfterAll
  static void stop() {
    endpoint.close();
    emulators.close();
  }

  private static S3Client client(URI to) {
    return S3Client.builder()
        .endpointOverride(to)
        .forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .build();
  }

  @Test
  void theInProcessRouteAnswersEveryCallAsS3ProxysJettyDoes() {
    List<String> throughJetty;
    List<String> inProcess;
    try (S3Client jetty = client(emulators.s3Endpoint());
        S3Client front = client(endpoint.endpoint())) {
      throughJetty = transcript(jetty, "via-jetty");
      inProcess = transcript(front, "in-process");
    }

    assertThat(inProcess).isEqualTo(throughJetty);
    // and the transcript is about something: objects, parts, ranges and errors
    assertThat(inProcess)
        .contains(
            "get range bytes=2-5: 2345",
            "get missing: 404 NoSuchKey",
            "head: 19 \"8f6da13cd07101ad9f09745e710fdd8c\" text/plain {origin=test}",
            "head missing: 404 NoSuchKey",
            "multipart: 10485769 bytes",
            "last-modified is an IMF-fixdate: true");
  }

  @Test
  void bothRoutesServeOneStore() {
    try (S3Client jetty = client(emulators.s3Endpoint());
        S3Client front = client(endpoint.endpoint())) {
      front.createBucket(b -> b.bucket("shared"));
      front.putObject(p -> p.bucket("shared").key("a b/ü+1.txt"), RequestBody.fromString("hello"));

      assertThat(jetty.getObjectAsBytes(g -> g.bucket("shared").key("a b/ü+1.txt")).asUtf8String())
          .isEqualTo("hello");
    }
  }

  @Test
  void aCallNoContainerFeatureBacksReachesTheEndpointAsA500ThatNamesIt() throws Exception {
    HttpServlet asksForASession = servlet((request, response) -> request.getSession());
    AwsEndpoint front = new AwsEndpoint(0, Clock.systemUTC(), 1);
    try {
      front.serve("s3", new ServletHandler(asksForASession, URI.create("http://127.0.0.1:1")));

      AwsResponse answer =
          front.route(
              new AwsRequest(
                  "GET",
                  "/",
                  "",
                  Map.of(
                      "Authorization",
                      List.of(
                          "AWS4-HMAC-SHA256 Credential=local/20261203/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0")),
                  new byte[0]));

      assertThat(answer.status()).isEqualTo(500);
      assertThat(new String(answer.body(), StandardCharsets.UTF_8))
          .contains("does not support getSession");
    } finally {
      front.close();
    }
  }

  @Test
  void aBodyShorterThanTheServletDeclaredIsAFailureNotAnAnswerThatLooksWhole() {
    HttpServlet stopsShort =
        servlet(
            (request, response) -> {
              response.setContentLengthLong(10);
              response.getOutputStream().write(new byte[5]);
            });

    assertThatThrownBy(
            () ->
                new ServletHandler(stopsShort, URI.create("http://127.0.0.1:1")).handle(get("GET")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("declared a body of 10 bytes and wrote 5");
  }

  @Test
  void aHeadAnswerKeepsTheLengthItDeclaresWithoutABody() {
    HttpServlet sizes = servlet((request, response) -> response.setContentLengthLong(1234));

    AwsResponse answer =
        new ServletHandler(sizes, URI.create("http://127.0.0.1:1")).handle(get("HEAD"));

    assertThat(answer.headers()).containsEntry("Content-Length", List.of("1234"));
    assertThat(answer.body()).isEmpty();
  }

  @Test
  void anAnswerIsCommittedOnceFlushedOrPastAContainersBufferAndThenCannotBecomeAnError() {
    List<Boolean> committed = new ArrayList<>();
    HttpServlet writesMuch =
        servlet(
            (request, response) -> {
              committed.add(response.isCommitted());
              response.getOutputStream().write(new byte[16 * 1024]);
              committed.add(response.isCommitted());
              response.getOutputStream().write(new byte[16 * 1024]);
              committed.add(response.isCommitted());
              response.sendError(500);
            });

    assertThatThrownBy(
            () ->
                new ServletHandler(writesMuch, URI.create("http://127.0.0.1:1")).handle(get("GET")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("committed");
    assertThat(committed).containsExactly(false, false, true);
  }

  @Test
  void datesAreWrittenAsHttpPrefersThemWithTwoDigitDays() {
    HttpServlet dated =
        servlet(
            (request, response) ->
                response.addDateHeader(
                    "Last-Modified",
                    java.time.Instant.parse("2026-06-03T10:04:05Z").toEpochMilli()));

    assertThat(
            new ServletHandler(dated, URI.create("http://127.0.0.1:1"))
                .handle(get("GET"))
                .headers())
        .containsEntry("Last-Modified", List.of("Wed, 03 Jun 2026 10:04:05 GMT"));
  }

  private static AwsRequest get(String method) {
    return new AwsRequest(method, "/bucket/key", "", Map.of(), new byte[0]);
  }

  @FunctionalInterface
  private interface Service {
    void serve(HttpServletRequest request, HttpServletResponse response) throws IOException;
  }

  private static HttpServlet servlet(Service service) {
    return new HttpServlet() {
      @Override
      protected void service(HttpServletRequest request, HttpServletResponse response)
          throws IOException {
        service.serve(request, response);
      }
    };
  }

  /** A run of S3 calls on one route, each line what it answered; the bucket's name left out. */
  private static List<String> transcript(S3Client s3, String bucket) {
    List<String> lines = new ArrayList<>();
    s3.createBucket(b -> b.bucket(bucket));
    for (String key :
        List.of("plain.txt", "with space/and+plus.txt", "ünïcødé/ключ.bin", "deep/a/b/c.txt")) {
      lines.add(
          "put "
              + key
              + ": "
              + s3.putObject(
                      p ->
                          p.bucket(bucket)
                              .key(key)
                              .contentType("text/plain")
                              .metadata(Map.of("origin", "test")),
                      RequestBody.fromString("0123456789" + key))
                  .eTag());
    }
    HeadObjectResponse head = s3.headObject(h -> h.bucket(bucket).key("plain.txt"));
    lines.add(
        "head: "
            + head.contentLength()
            + " "
            + head.eTag()
            + " "
            + head.contentType()
            + " "
            + head.metadata());
    lines.add(
        "last-modified is an IMF-fixdate: "
            + head.sdkHttpResponse()
                .firstMatchingHeader("Last-Modified")
                .filter(IMF_FIXDATE.asPredicate())
                .isPresent());
    ResponseBytes<GetObjectResponse> range =
        s3.getObjectAsBytes(g -> g.bucket(bucket).key("plain.txt").range("bytes=2-5"));
    lines.add("get range bytes=2-5: " + range.asUtf8String());
    lines.add("get range content-range: " + range.response().contentRange());
    lines.add(
        "get unicode: "
            + s3.getObjectAsBytes(g -> g.bucket(bucket).key("ünïcødé/ключ.bin")).asUtf8String());
    lines.add(
        "copy: "
            + s3.copyObject(
                    c ->
                        c.sourceBucket(bucket)
                            .sourceKey("plain.txt")
                            .destinationBucket(bucket)
                            .destinationKey("copied.txt"))
                .copyObjectResult()
                .eTag());
    ListObjectsV2Response listed = s3.listObjectsV2(l -> l.bucket(bucket).delimiter("/"));
    lines.add(
        "list /: "
            + listed.contents().stream().map(o -> o.key() + "=" + o.size()).toList()
            + " prefixes "
            + listed.commonPrefixes().stream().map(p -> p.prefix()).toList());
    lines.add(
        "list deep/: "
            + s3.listObjectsV2(l -> l.bucket(bucket).prefix("deep/")).contents().stream()
                .map(o -> o.key())
                .toList());
    lines.add(
        "list paged: "
            + s3.listObjectsV2Paginator(l -> l.bucket(bucket).maxKeys(2)).contents().stream()
                .map(o -> o.key())
                .toList());
    lines.add("get missing: " + error(() -> s3.getObject(g -> g.bucket(bucket).key("missing"))));
    lines.add("head missing: " + error(() -> s3.headObject(h -> h.bucket(bucket).key("missing"))));
    lines.add(
        "no such bucket: " + error(() -> s3.listObjectsV2(l -> l.bucket("no-such-bucket-here"))));

    String upload = s3.createMultipartUpload(c -> c.bucket(bucket).key("multi.bin")).uploadId();
    byte[] part = new byte[5 * 1024 * 1024];
    List<CompletedPart> parts = new ArrayList<>();
    for (int number = 1; number <= 3; number++) {
      int n = number;
      byte[] bytes = n < 3 ? part : "last part".getBytes(StandardCharsets.UTF_8);
      parts.add(
          CompletedPart.builder()
              .partNumber(n)
              .eTag(
                  s3.uploadPart(
                          u -> u.bucket(bucket).key("multi.bin").uploadId(upload).partNumber(n),
                          RequestBody.fromBytes(bytes))
                      .eTag())
              .build());
    }
    lines.add(
        "parts listed: "
            + s3.listParts(l -> l.bucket(bucket).key("multi.bin").uploadId(upload)).parts().size());
    String etag =
        s3.completeMultipartUpload(
                c ->
                    c.bucket(bucket)
                        .key("multi.bin")
                        .uploadId(upload)
                        .multipartUpload(m -> m.parts(parts)))
            .eTag();
    lines.add("multipart etag: " + etag);
    lines.add(
        "multipart: "
            + s3.headObject(h -> h.bucket(bucket).key("multi.bin")).contentLength()
            + " bytes");

    lines.add(
        "delete objects: "
            + s3
                .deleteObjects(
                    d ->
                        d.bucket(bucket)
                            .delete(
                                Delete.builder()
                                    .objects(
                                        ObjectIdentifier.builder().key("plain.txt").build(),
                                        ObjectIdentifier.builder().key("missing").build())
                                    .build()))
                .deleted()
                .stream()
                .map(o -> o.key())
                .sorted()
                .toList());
    s3.deleteObject(d -> d.bucket(bucket).key("copied.txt"));
    lines.add(
        "after deletes: "
            + s3.listObjectsV2(l -> l.bucket(bucket)).contents().stream()
                .map(o -> o.key())
                .toList());
    lines.add("delete non-empty bucket: " + error(() -> s3.deleteBucket(d -> d.bucket(bucket))));
    return lines;
  }

  private static String error(Supplier<?> call) {
    try {
      call.get();
      return "no error";
    } catch (S3Exception e) {
      return e.statusCode()
          + (e.awsErrorDetails().errorCode() == null ? "" : " " + e.awsErrorDetails().errorCode());
    }
  }
}
