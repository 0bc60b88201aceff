package io.s3clean.aws;

import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * SDK clients for the Lambda runtime: region, credentials and endpoints from the SDK's own chain
 * (AWS_REGION, AWS_ENDPOINT_URL_*), and the light URL-connection transport, which keeps Apache and
 * Netty out of the jar and off the cold start. Handlers call these once, in their constructor.
 */
public final class AwsClients {
  private AwsClients() {}

  public static DynamoDbClient dynamoDb() {
    return DynamoDbClient.builder().httpClient(http()).build();
  }

  public static S3Client s3() {
    return S3Client.builder().httpClient(http()).build();
  }

  public static CloudWatchClient cloudWatch() {
    return CloudWatchClient.builder().httpClient(http()).build();
  }

  public static SnsClient sns() {
    return SnsClient.builder().httpClient(http()).build();
  }

  private static SdkHttpClient http() {
    return UrlConnectionHttpClient.builder().build();
  }
}
