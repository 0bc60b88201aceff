package io.s3clean.testing;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Clients a handler needs to be built but that a test never lets it call: any call fails at once.
 */
public final class UnusedClients {
  private UnusedClients() {}

  /** For trackers whose threshold the test never reaches, so they never re-arm the alarm. */
  public static CloudWatchClient cloudWatch() {
    return unused(CloudWatchClient.builder());
  }

  /** For a handler whose requests in the test never get as far as S3. */
  public static S3Client s3() {
    return unused(S3Client.builder());
  }

  /** A client of a port nothing listens on. */
  private static <B extends AwsClientBuilder<B, C>, C> C unused(B builder) {
    return builder
        .region(Region.US_EAST_1)
        .endpointOverride(URI.create("http://127.0.0.1:9"))
        .credentialsProvider(AnonymousCredentialsProvider.create())
        .build();
  }
}
