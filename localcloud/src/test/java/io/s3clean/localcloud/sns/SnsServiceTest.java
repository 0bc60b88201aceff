package io.s3clean.localcloud.sns;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3clean.localcloud.sqs.ReceivedMessage;
import io.s3clean.localcloud.sqs.SqsEngine;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** SNS's fan-out to queues, straight into the SQS engine. */
class SnsServiceTest {
  private final SqsEngine sqs =
      SqsEngine.start(Optional.empty(), "us-east-1", "000000000000", Clock.systemUTC());
  private final SnsService sns =
      new SnsService("us-east-1", "000000000000", sqs, Clock.systemUTC());

  @AfterEach
  void close() {
    sqs.close();
  }

  @Test
  void aSubscriptionWhoseQueueIsGoneFailsNeitherThePublishNorTheOtherSubscriptions() {
    String topic = sns.createTopic("events");
    String gone = sqs.createQueue("gone", Map.of(), Map.of());
    String kept = sqs.createQueue("kept", Map.of(), Map.of());
    sns.subscribe(topic, "sqs", "arn:aws:sqs:us-east-1:000000000000:gone", false);
    sns.subscribe(topic, "sqs", "arn:aws:sqs:us-east-1:000000000000:kept", true);
    sns.subscribe(topic, "sqs", "arn:aws:sqs:eu-west-1:000000000000:elsewhere", true);
    sqs.deleteQueue(gone);

    List<String> ids = sns.publishBatch(topic, null, List.of("first", "second"));

    assertThat(ids).hasSize(2);
    assertThat(sqs.receive(kept, SqsEngine.Receive.of(10, 0)))
        .extracting(ReceivedMessage::body)
        .containsExactlyInAnyOrder("first", "second");
  }

  @Test
  void anEnvelopedDeliveryCarriesTheMessageInSnssEnvelope() throws Exception {
    String topic = sns.createTopic("events");
    String queue = sqs.createQueue("enveloped", Map.of(), Map.of());
    sns.subscribe(topic, "sqs", "arn:aws:sqs:us-east-1:000000000000:enveloped", false);

    sns.publish(topic, "subject", "{\"Records\":[]}");

    ReceivedMessage delivered = sqs.receive(queue, SqsEngine.Receive.of(1, 0)).get(0);
    var envelope = new com.fasterxml.jackson.databind.ObjectMapper().readTree(delivered.body());
    assertThat(envelope.path("Type").asText()).isEqualTo("Notification");
    assertThat(envelope.path("TopicArn").asText()).isEqualTo(topic);
    assertThat(envelope.path("Message").asText()).isEqualTo("{\"Records\":[]}");
    assertThat(delivered.attributes()).containsEntry("SenderId", "000000000000");
  }
}
