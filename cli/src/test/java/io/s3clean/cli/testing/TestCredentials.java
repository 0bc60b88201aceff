package io.s3clean.cli.testing;

import java.nio.file.Path;

/**
 * Credentials for the SDK's default chain, as system properties (the chain's second source), and
 * config files that do not exist, so the machine's own ~/.aws never leaks into a test.
 */
public final class TestCredentials {
  public static final String ACCESS_KEY_ID = "test";

  private TestCredentials() {}

  public static void install() {
    System.setProperty("aws.accessKeyId", ACCESS_KEY_ID);
    System.setProperty("aws.secretAccessKey", "test");
    System.setProperty(
        "aws.configFile", Path.of("target", "no-aws-config").toAbsolutePath().toString());
    System.setProperty(
        "aws.sharedCredentialsFile",
        Path.of("target", "no-aws-credentials").toAbsolutePath().toString());
  }
}
