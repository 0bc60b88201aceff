package io.s3clean.template;

import io.s3clean.handler.HandlerRegistry;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Real SDK clients aimed at a port nothing listens on: enough to build a handler, which makes no
 * call while it is constructed.
 */
final class UnconnectedClients implements HandlerRegistry.Clients, AutoCloseable {
  private static final URI NOWHERE = URI.create("http://127.0.0.1:9");

  private final List<SdkClient> built = new ArrayList<>();

  @Override
  public DynamoDbClient dynamoDb() {
    return build(DynamoDbClient.builder());
  }

  @Override
  public S3Client s3() {
    return build(S3Client.builder());
  }

  @Override
  public SnsClient sns() {
    return build(SnsClient.builder());
  }

  @Override
  public CloudWatchClient cloudWatch() {
    return build(CloudWatchClient.builder());
  }

  @Override
  public Clock clock() {
    return Clock.systemUTC();
  }

  private <C extends SdkClient, B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>>
      C build(B builder) {
    C client =
        builder
            .endpointOverride(NOWHERE)
            .region(Region.US_EAST_1)
            .credentialsProvider(AnonymousCredentialsProvider.create())
            .httpClient(UrlConnectionHttpClient.create())
            .build();
    built.add(client);
    return client;
  }

  @Override
  public void close() {
    built.forEach(SdkClient::close);
  }
}
