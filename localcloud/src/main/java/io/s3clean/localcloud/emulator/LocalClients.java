package io.s3clean.localcloud.emulator;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * SDK v2 clients wired to the emulators, for the embedded cloud's own plumbing and for tests. Each
 * client owns its HTTP client and its connections; closing the SDK client releases them.
 */
public final class LocalClients {
  /**
   * Makes {@code bucket} unless it is there: a bucket the cloud itself needs (artifacts,
   * CloudFormation's responses).
   */
  public static void createBucketIfMissing(
      software.amazon.awssdk.services.s3.S3Client s3, String bucket) {
    try {
      s3.headBucket(head -> head.bucket(bucket));
    } catch (software.amazon.awssdk.services.s3.model.NoSuchBucketException e) {
      s3.createBucket(create -> create.bucket(bucket));
    }
  }

  /** The HTTP transport of the clients built here. */
  public enum Transport {
    /**
     * Faster here: the embedded cloud makes many small sequential calls to loopback servers. The
     * url-connection client waits up to 1 ms before reusing a keep-alive connection for a POST,
     * which capped one thread at 380-560 DynamoDB or SQS calls/s where the Apache client reached
     * 1,700-3,000/s (LocalClientsBenchmark, 2 cores); S3 PUTs were on par.
     */
    APACHE(ApacheHttpClient::builder),
    /** The transport of the Lambda jar: no dependencies, slower for bursts of small calls. */
    URL_CONNECTION(UrlConnectionHttpClient::builder);

    private final Supplier<SdkHttpClient.Builder<?>> builder;

    Transport(Supplier<SdkHttpClient.Builder<?>> builder) {
      this.builder = builder;
    }

    /**
     * A builder, not a client: the SDK closes an HTTP client it built itself when the SDK client
     * closes, but leaves one handed to it open, and open keep-alive connections hold a server's
     * graceful stop.
     */
    SdkHttpClient.Builder<?> httpClientBuilder() {
      return builder.get();
    }
  }

  /** Emulators check no signature; any credentials do, but the SDK insists on some. */
  static final AwsCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

  private final Endpoints endpoints;
  private final Transport transport;
  private final AwsCredentialsProvider credentials;
  private final List<ExecutionInterceptor> interceptors;
  private final UnaryOperator<SdkHttpClient> httpWrapper;

  private LocalClients(
      Endpoints endpoints,
      Transport transport,
      List<ExecutionInterceptor> interceptors,
      UnaryOperator<SdkHttpClient> httpWrapper,
      AwsCredentialsProvider credentials) {
    this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
    this.transport = Objects.requireNonNull(transport, "transport");
    this.credentials = credentials;
    this.interceptors = List.copyOf(interceptors);
    this.httpWrapper = httpWrapper;
  }

  private LocalClients(Endpoints endpoints, Transport transport) {
    this(endpoints, transport, List.of(), UnaryOperator.identity(), CREDENTIALS);
  }

  /**
   * The same clients, each call marked as the cloud's own ({@link
   * io.s3clean.localcloud.endpoint.AwsEndpoint#CLOUD_CALLER_HEADER}): a hosted function's, which
   * the endpoint's meter charges to the stack.
   */
  public LocalClients asCloudCaller() {
    return intercepted(
        new ExecutionInterceptor() {
          @Override
          public software.amazon.awssdk.http.SdkHttpRequest modifyHttpRequest(
              software.amazon.awssdk.core.interceptor.Context.ModifyHttpRequest context,
              software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
            return context.httpRequest().toBuilder()
                .putHeader(
                    io.s3clean.localcloud.endpoint.AwsEndpoint.CLOUD_CALLER_HEADER, "function")
                .build();
          }
        });
  }

  /**
   * The same clients, signing with {@code provider}'s credentials (a function's role's, as Lambda
   * hands them).
   */
  public LocalClients withCredentials(AwsCredentialsProvider provider) {
    return new LocalClients(endpoints, transport, interceptors, httpWrapper, provider);
  }

  /** The same clients, each call first passing {@code interceptor}. */
  public LocalClients intercepted(ExecutionInterceptor interceptor) {
    List<ExecutionInterceptor> all = new java.util.ArrayList<>(interceptors);
    all.add(interceptor);
    return new LocalClients(endpoints, transport, all, httpWrapper, credentials);
  }

  /**
   * The same clients over an HTTP client wrapped by {@code wrapper}, e.g. one that answers some
   * requests as a throttled service would; the wrapper's {@code close} must close what it wraps.
   */
  public LocalClients withHttpClient(UnaryOperator<SdkHttpClient> wrapper) {
    UnaryOperator<SdkHttpClient> previous = httpWrapper;
    return new LocalClients(
        endpoints,
        transport,
        interceptors,
        client -> wrapper.apply(previous.apply(client)),
        credentials);
  }

  /**
   * The transport's builder, its product passed through the wrapper; still built (and closed) by
   * the SDK.
   */
  private SdkHttpClient.Builder<?> httpClientBuilder() {
    SdkHttpClient.Builder<?> builder = transport.httpClientBuilder();
    return new WrappingBuilder(builder, httpWrapper);
  }

  private record WrappingBuilder(
      SdkHttpClient.Builder<?> builder, UnaryOperator<SdkHttpClient> wrapper)
      implements SdkHttpClient.Builder<WrappingBuilder> {
    @Override
    public SdkHttpClient buildWithDefaults(AttributeMap serviceDefaults) {
      return wrapper.apply(builder.buildWithDefaults(serviceDefaults));
    }
  }

  public static LocalClients of(Endpoints endpoints) {
    return new LocalClients(endpoints, Transport.APACHE);
  }

  public static LocalClients of(Endpoints endpoints, Transport transport) {
    return new LocalClients(endpoints, transport);
  }

  public DynamoDbClient dynamoDb() {
    return local(DynamoDbClient.builder(), endpoints.dynamoDb()).build();
  }

  public SqsClient sqs() {
    return local(SqsClient.builder(), endpoints.sqs()).build();
  }

  public S3Client s3() {
    return local(S3Client.builder(), endpoints.s3())
        .serviceConfiguration(
            S3Configuration.builder()
                // Bucket names as path segments: 127.0.0.1 has no subdomains.
                .pathStyleAccessEnabled(true)
                // S3Proxy drops 2-10% of aws-chunked uploads; plain bodies never fail.
                .chunkedEncodingEnabled(false)
                .build())
        .build();
  }

  /**
   * SNS has no emulator of its own: its endpoint is the embedded cloud's, passed in. A call of the
   * cloud's own says so through {@link #asCloudCaller}, as every other client's does.
   */
  public SnsClient sns(URI endpoint) {
    return local(SnsClient.builder(), endpoint).build();
  }

  /**
   * CloudWatch is simulated in this process: its endpoint is the embedded cloud's, passed in; see
   * {@link #sns}.
   */
  public CloudWatchClient cloudWatch(URI endpoint) {
    return local(CloudWatchClient.builder(), endpoint).build();
  }

  /**
   * A client builder bound to {@code endpoint} with this set's region, credentials, transport and
   * interceptors.
   */
  private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B local(
      B builder, URI endpoint) {
    return builder
        .endpointOverride(endpoint)
        .region(region())
        .credentialsProvider(credentials)
        .httpClientBuilder(httpClientBuilder())
        .overrideConfiguration(c -> c.executionInterceptors(interceptors));
  }

  private Region region() {
    return Region.of(endpoints.region());
  }
}
