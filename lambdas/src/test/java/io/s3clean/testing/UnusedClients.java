package io.s3clean.testing;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

/**
 * Clients a handler needs to be built but that a test never lets it call: any call fails at once.
 */
public final class UnusedClients {
  private UnusedClients() {}

  /** For trackers whose threshold the test never reaches, so they never re-arm the alarm. */
  public static CloudWatchClient cloudWatch() {
    return CloudWatchClient.builder()
        .region(Region.US_EAST_1)
        .endpointOverride(URI.create("http://127.0.0.1:9"))
        .credentialsProvider(AnonymousCredentialsProvider.create())
        .build();
  }
}
