package io.s3clean.localcloud.emulator;

import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Sequential small calls per transport against in-memory emulators, to choose the transport of
 * {@link LocalClients}. Not a test: run its main with the test classpath. Alternates the transports
 * round by round so that drifting machine load hits both alike.
 *
 * <p>Usage: {@code LocalClientsBenchmark [rounds] [callsPerRound]}
 */
public final class LocalClientsBenchmark {

  private LocalClientsBenchmark() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 4;
    int calls = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
    try (Emulators emulators = Emulators.start(EmulatorConfig.inMemory())) {
      prepare(LocalClients.of(emulators.endpoints()));
      for (int round = 1; round <= rounds; round++) {
        for (LocalClients.Transport transport : LocalClients.Transport.values()) {
          // The first round warms the JIT up and is reported but not meant to be read.
          System.out.println(
              "round "
                  + round
                  + " "
                  + measure(LocalClients.of(emulators.endpoints(), transport), transport, calls));
        }
      }
    }
  }

  private static void prepare(LocalClients clients) {
    try (DynamoDbClient dynamoDb = clients.dynamoDb();
        S3Client s3 = clients.s3()) {
      dynamoDb.createTable(
          table ->
              table
                  .tableName("bench")
                  .keySchema(
                      KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                  .attributeDefinitions(
                      AttributeDefinition.builder()
                          .attributeName("id")
                          .attributeType(ScalarAttributeType.S)
                          .build())
                  .billingMode(BillingMode.PAY_PER_REQUEST));
      s3.createBucket(create -> create.bucket("bench"));
    }
  }

  private static String measure(LocalClients clients, LocalClients.Transport transport, int calls) {
    try (DynamoDbClient dynamoDb = clients.dynamoDb();
        SqsClient sqs = clients.sqs();
        S3Client s3 = clients.s3()) {
      String queueUrl = sqs.createQueue(create -> create.queueName("bench")).queueUrl();
      byte[] body = new byte[1024];
      double dynamoDbRate =
          rate(
              calls,
              i ->
                  dynamoDb.putItem(
                      put ->
                          put.tableName("bench")
                              .item(
                                  Map.of(
                                      "id",
                                      AttributeValue.fromS("k" + i),
                                      "n",
                                      AttributeValue.fromN("1")))));
      double sqsRate =
          rate(calls, i -> sqs.sendMessage(send -> send.queueUrl(queueUrl).messageBody("m" + i)));
      double s3Rate =
          rate(
              calls,
              i ->
                  s3.putObject(
                      put -> put.bucket("bench").key("k" + (i % 100)),
                      RequestBody.fromBytes(body)));
      sqs.purgeQueue(purge -> purge.queueUrl(queueUrl));
      return String.format(
          "%-14s dynamodb put %5.0f/s, sqs send %5.0f/s, s3 put 1 KiB %5.0f/s",
          transport, dynamoDbRate, sqsRate, s3Rate);
    }
  }

  private static double rate(int calls, java.util.function.IntConsumer call) {
    long begin = System.nanoTime();
    for (int i = 0; i < calls; i++) {
      call.accept(i);
    }
    return calls / ((System.nanoTime() - begin) / 1e9);
  }
}
