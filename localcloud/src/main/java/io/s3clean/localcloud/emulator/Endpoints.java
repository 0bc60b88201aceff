package io.s3clean.localcloud.emulator;

import java.net.URI;
import java.util.Objects;

/**
 * Where the emulated services answer. A value, so a process can reach emulators another process
 * started.
 */
public record Endpoints(URI dynamoDb, URI sqs, URI s3, String region) {

  /** Every service at one endpoint, as the embedded cloud's serves them (AWS_ENDPOINT_URL). */
  public static Endpoints at(URI endpoint, String region) {
    return new Endpoints(endpoint, endpoint, endpoint, region);
  }

  public Endpoints {
    Objects.requireNonNull(dynamoDb, "dynamoDb");
    Objects.requireNonNull(sqs, "sqs");
    Objects.requireNonNull(s3, "s3");
    Objects.requireNonNull(region, "region");
  }
}
