package io.s3clean.localcloud.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.s3clean.dynamodb.testing.MotoServer;
import io.s3clean.localcloud.endpoint.AwsEndpoint;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * One scripted session of SQS calls through the real SDK v2 client, sent to moto (an independent
 * implementation) and to the engine behind its endpoint; every step's outcome must be the same:
 * URLs (less host and port), digests of bodies and attributes, counts, receive counts, which
 * messages move to the dead-letter queue, batch outcomes and error codes. The SDK itself checks
 * every digest it is given, as it does against AWS.
 */
class SqsMotoDifferentialTest {
  private static final String ACCOUNT = "123456789012";
  private static MotoServer moto;
  private static SqsEngine engine;
  private static AwsEndpoint endpoint;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(
        MotoServer.installed(),
        "python3 cannot import moto (pip install 'moto[server]'), the oracle; CI has it");
    moto = MotoServer.start(Path.of("target", "moto"));
    engine = SqsEngine.start(Optional.empty(), "us-east-1", ACCOUNT, Clock.systemUTC());
    endpoint = new AwsEndpoint(0, Clock.systemUTC(), 1).serve("sqs", new SqsJsonService(engine));
    engine.urlBase(endpoint.endpoint().toString());
  }

  @AfterAll
  static void stop() throws Exception {
    if (endpoint != null) {
      endpoint.close();
      engine.close();
    }
    if (moto != null) {
      moto.close();
    }
  }

  @Test
  void theEngineAnswersAScriptedSessionAsMotoDoes() {
    List<String> expected;
    List<String> actual;
    try (SqsClient motoClient = client(moto.endpoint());
        SqsClient engineClient = client(endpoint.endpoint())) {
      expected = session(motoClient);
      actual = session(engineClient);
    }
    assertThat(actual).containsExactlyElementsOf(expected);
  }

  /**
   * CreateQueue's documentation in the service model gives VisibilityTimeout "an integer from 0 to
   * 43,200 seconds (12 hours)"; moto 5 takes 43,201 all the same, so only the engine is asked.
   */
  @Test
  void aVisibilityTimeoutBeyondTwelveHoursIsRefusedAsTheModelDocumentsIt() {
    try (SqsClient sqs = client(endpoint.endpoint())) {
      String url = sqs.createQueue(r -> r.queueName("twelve-hours")).queueUrl();
      Steps steps = new Steps();

      steps.run(
          "beyond",
          () ->
              sqs.setQueueAttributes(
                      r ->
                          r.queueUrl(url)
                              .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "43201")))
                  .toString());
      steps.run(
          "at",
          () ->
              sqs.setQueueAttributes(
                      r ->
                          r.queueUrl(url)
                              .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "43200")))
                  .toString());

      assertThat(steps.outcomes)
          .containsExactly(
              "beyond: error InvalidAttributeValue 400", "at: SetQueueAttributesResponse()");
      sqs.deleteQueue(r -> r.queueUrl(url));
    }
  }

  private static List<String> session(SqsClient sqs) {
    Steps steps = new Steps();
    String dlqArn = "arn:aws:sqs:us-east-1:" + ACCOUNT + ":diff-dlq";
    Map<QueueAttributeName, String> attributes =
        Map.of(
            QueueAttributeName.VISIBILITY_TIMEOUT,
            "30",
            QueueAttributeName.REDRIVE_POLICY,
            "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"2\"}");
    String dlq =
        steps.run(
            "create dlq", () -> path(sqs.createQueue(r -> r.queueName("diff-dlq")).queueUrl()));
    String queue =
        steps.run(
            "create",
            () ->
                path(sqs.createQueue(r -> r.queueName("diff").attributes(attributes)).queueUrl()));
    String dlqUrl = sqs.getQueueUrl(r -> r.queueName("diff-dlq")).queueUrl();
    String url = sqs.getQueueUrl(r -> r.queueName("diff")).queueUrl();
    steps.run(
        "create again, same attributes",
        () -> path(sqs.createQueue(r -> r.queueName("diff").attributes(attributes)).queueUrl()));
    steps.run(
        "create again, other attributes",
        () ->
            path(
                sqs.createQueue(
                        r ->
                            r.queueName("diff")
                                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "31")))
                    .queueUrl()));
    steps.run(
        "get url of a missing queue",
        () -> sqs.getQueueUrl(r -> r.queueName("missing")).queueUrl());
    steps.run(
        "send with attributes",
        () -> {
          var sent =
              sqs.sendMessage(
                  r ->
                      r.queueUrl(url)
                          .messageBody("{\"key\":\"a b+c\"}")
                          .messageAttributes(
                              Map.of(
                                  "text",
                                      MessageAttributeValue.builder()
                                          .dataType("String")
                                          .stringValue("välue")
                                          .build(),
                                  "size",
                                      MessageAttributeValue.builder()
                                          .dataType("Number")
                                          .stringValue("1024")
                                          .build(),
                                  "blob",
                                      MessageAttributeValue.builder()
                                          .dataType("Binary.gzip")
                                          .binaryValue(
                                              SdkBytes.fromByteArray(new byte[] {0, 1, 2, -1}))
                                          .build())));
          return sent.md5OfMessageBody() + " " + sent.md5OfMessageAttributes();
        });
    steps.run(
        "send a batch",
        () ->
            sqs
                .sendMessageBatch(
                    r ->
                        r.queueUrl(url)
                            .entries(entry("1", "one"), entry("2", "two"), entry("3", "three")))
                .successful()
                .stream()
                .map(e -> e.id() + "=" + e.md5OfMessageBody())
                .sorted()
                .collect(Collectors.joining(",")));
    steps.run(
        "send a batch with a repeated id",
        () ->
            sqs.sendMessageBatch(r -> r.queueUrl(url).entries(entry("1", "x"), entry("1", "y")))
                .toString());
    steps.run(
        "send a batch of none",
        () -> sqs.sendMessageBatch(r -> r.queueUrl(url).entries(List.of())).toString());
    steps.run(
        "send a batch of eleven",
        () ->
            sqs.sendMessageBatch(
                    r ->
                        r.queueUrl(url)
                            .entries(
                                java.util.stream.IntStream.range(0, 11)
                                    .mapToObj(i -> entry("e" + i, "b" + i))
                                    .toList()))
                .toString());
    steps.run("counts", () -> counts(sqs, url));
    List<Message> first = new ArrayList<>();
    steps.run(
        "receive all",
        () -> {
          first.addAll(
              sqs.receiveMessage(
                      r ->
                          r.queueUrl(url)
                              .maxNumberOfMessages(10)
                              .messageAttributeNames("All")
                              .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
                  .messages());
          return first.stream()
              .map(
                  m ->
                      m.body()
                          + " "
                          + m.md5OfBody()
                          + " "
                          + m.md5OfMessageAttributes()
                          + " "
                          + m.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)
                          + " "
                          + new TreeMap<>(m.messageAttributes()).keySet())
              .sorted()
              .collect(Collectors.joining("\n"));
        });
    steps.run("counts after receiving", () -> counts(sqs, url));
    Message poison = first.stream().filter(m -> m.body().equals("one")).findFirst().orElseThrow();
    steps.run(
        "make one visible again",
        () ->
            sqs.changeMessageVisibility(
                        r ->
                            r.queueUrl(url)
                                .receiptHandle(poison.receiptHandle())
                                .visibilityTimeout(0))
                    .sdkHttpResponse()
                    .statusCode()
                + "");
    String handle =
        steps.run(
            "receive it again",
            () -> {
              Message again =
                  sqs.receiveMessage(
                          r ->
                              r.queueUrl(url)
                                  .maxNumberOfMessages(10)
                                  .messageSystemAttributeNames(
                                      MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
                      .messages()
                      .get(0);
              return again.body() + " " + again.attributes() + "\t" + again.receiptHandle();
            });
    steps.run(
        "make it visible again in a batch",
        () ->
            sqs.changeMessageVisibilityBatch(
                        r ->
                            r.queueUrl(url)
                                .entries(
                                    ChangeMessageVisibilityBatchRequestEntry.builder()
                                        .id("p")
                                        .receiptHandle(handle.split("\t")[1])
                                        .visibilityTimeout(0)
                                        .build()))
                    .successful()
                    .size()
                + "");
    steps.run(
        "a third receive moves it to the dead-letter queue",
        () ->
            sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10)).messages().size()
                + " "
                + counts(sqs, dlqUrl));
    steps.run(
        "the dead-letter queue knows its source",
        () ->
            sqs.listDeadLetterSourceQueues(r -> r.queueUrl(dlqUrl)).queueUrls().stream()
                .map(SqsMotoDifferentialTest::path)
                .toList()
                .toString());
    steps.run(
        "delete the others",
        () ->
            sqs.deleteMessageBatch(
                        r ->
                            r.queueUrl(url)
                                .entries(
                                    first.stream()
                                        .filter(m -> !m.body().equals("one"))
                                        .map(
                                            m ->
                                                DeleteMessageBatchRequestEntry.builder()
                                                    .id("d" + m.body().length())
                                                    .receiptHandle(m.receiptHandle())
                                                    .build())
                                        .toList()))
                    .successful()
                    .size()
                + " "
                + counts(sqs, url));
    steps.run(
        "receive more than ten",
        () -> sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(11)).toString());
    // divergence: moto takes a visibility timeout beyond 43,200 s; see the test below
    steps.run(
        "list by prefix",
        () ->
            sqs.listQueues(r -> r.queueNamePrefix("diff")).queueUrls().stream()
                .map(SqsMotoDifferentialTest::path)
                .sorted()
                .toList()
                .toString());
    steps.run(
        "tags",
        () -> {
          sqs.tagQueue(r -> r.queueUrl(url).tags(Map.of("team", "storage", "tier", "1")));
          sqs.untagQueue(r -> r.queueUrl(url).tagKeys("tier"));
          return sqs.listQueueTags(r -> r.queueUrl(url)).tags().toString();
        });
    steps.run(
        "purge",
        () -> {
          sqs.purgeQueue(r -> r.queueUrl(dlqUrl));
          return counts(sqs, dlqUrl);
        });
    steps.run(
        "delete the queue",
        () -> {
          sqs.deleteQueue(r -> r.queueUrl(url));
          return sqs.getQueueUrl(r -> r.queueName("diff")).queueUrl();
        });
    steps.run(
        "send to a deleted queue",
        () -> sqs.sendMessage(r -> r.queueUrl(url).messageBody("x")).messageId());
    sqs.deleteQueue(r -> r.queueUrl(dlqUrl));
    return steps.outcomes;
  }

  private static SendMessageBatchRequestEntry entry(String id, String body) {
    return SendMessageBatchRequestEntry.builder().id(id).messageBody(body).build();
  }

  private static String counts(SqsClient sqs, String url) {
    Map<QueueAttributeName, String> attributes =
        sqs.getQueueAttributes(
                r ->
                    r.queueUrl(url)
                        .attributeNames(
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
            .attributes();
    return attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)
        + " visible, "
        + attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)
        + " in flight";
  }

  /** A queue URL without scheme, host and port, which differ between the two. */
  private static String path(String url) {
    return URI.create(url).getPath();
  }

  /**
   * Each step's outcome, or its error code (never its message, which implementations word their own
   * way).
   */
  private static final class Steps {
    final List<String> outcomes = new ArrayList<>();

    String run(String step, Supplier<String> call) {
      String outcome;
      try {
        outcome = call.get();
      } catch (AwsServiceException e) {
        outcome = "error " + e.awsErrorDetails().errorCode() + " " + e.statusCode();
      }
      outcomes.add(
          step
              + ": "
              + (outcome.contains("\t") ? outcome.substring(0, outcome.indexOf('\t')) : outcome));
      return outcome;
    }
  }

  private static SqsClient client(URI endpoint) {
    return SqsClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }
}
