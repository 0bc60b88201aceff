package io.s3clean.engines.testing;

import io.s3clean.engines.ObjectChangeListener;
import io.s3clean.engines.S3ProxyEmulator;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * The embedded cloud's S3 engine, in memory on a free port of 127.0.0.1, for one test class:
 *
 * <pre>
 * &#64;RegisterExtension static final LocalS3 s3 = new LocalS3();
 * </pre>
 *
 * It starts before the class's first test and stops after its last. Anything that speaks S3 over
 * HTTP can use {@link #endpoint()}; {@link #client()} is an SDK v2 client already set up for it.
 */
public final class LocalS3 implements BeforeAllCallback, AfterAllCallback {
  private S3ProxyEmulator engine;
  private S3Client client;

  @Override
  public void beforeAll(ExtensionContext context) {
    engine = S3ProxyEmulator.start(0, Optional.empty(), ObjectChangeListener.NONE);
    client = clientFor(engine.endpoint());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      client.close();
    } finally {
      engine.close();
    }
  }

  public URI endpoint() {
    return running().endpoint();
  }

  public S3Client client() {
    running();
    return client;
  }

  public void createBucket(String bucket) {
    client().createBucket(request -> request.bucket(bucket));
  }

  private S3ProxyEmulator running() {
    if (engine == null) {
      throw new IllegalStateException(
          "LocalS3 starts before a class's tests: register it on a static field");
    }
    return engine;
  }

  /**
   * Path-style because "bucket.127.0.0.1" does not resolve; no chunked encoding because S3Proxy
   * drops a few per cent of chunked uploads.
   */
  public static S3Client clientFor(URI endpoint) {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .httpClient(UrlConnectionHttpClient.create())
        .serviceConfiguration(
            S3Configuration.builder()
                .chunkedEncodingEnabled(false)
                .pathStyleAccessEnabled(true)
                .build())
        .build();
  }
}
