package io.s3clean.cli.target;

import io.s3clean.cli.CliException;
import io.s3clean.cli.ExitCodes;
import io.s3clean.cli.GlobalOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Region, credentials, endpoint and one HTTP transport for every client the AWS target uses. As
 * with the AWS CLI, {@code --profile}, {@code --region} and {@code --endpoint-url} win when given;
 * otherwise the SDK's own chain decides (AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL_*, the config
 * files, instance roles). Each client is built once, when first needed.
 */
final class AwsSession implements AutoCloseable {
  private final Region region;
  private final AwsCredentialsProvider credentials;
  private final Optional<URI> endpoint;
  private final SdkHttpClient http;
  private final Map<Class<?>, SdkClient> clients = new ConcurrentHashMap<>();
  private final CloudClock clock = new CloudClock();

  private AwsSession(
      Region region,
      AwsCredentialsProvider credentials,
      Optional<URI> endpoint,
      SdkHttpClient http) {
    this.region = region;
    this.credentials = credentials;
    this.endpoint = endpoint;
    this.http = http;
  }

  static AwsSession from(GlobalOptions options) {
    Optional<URI> endpoint = options.endpointUrl().map(AwsSession::endpoint);
    Region region =
        options.region().map(Region::of).orElseGet(() -> defaultRegion(options.profile()));
    AwsCredentialsProvider credentials =
        options
            .profile()
            .<AwsCredentialsProvider>map(ProfileCredentialsProvider::create)
            .orElseGet(() -> DefaultCredentialsProvider.builder().build());
    // The light transport: the CLI makes few calls, and it keeps start-up short.
    return new AwsSession(region, credentials, endpoint, UrlConnectionHttpClient.create());
  }

  private static URI endpoint(String url) {
    try {
      URI uri = new URI(url);
      if (uri.getScheme() == null
          || uri.getHost() == null
          || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
        throw new URISyntaxException(url, "not an http(s) URL with a host");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new CliException(
          ExitCodes.BAD_PARAMETER, "--endpoint-url '" + url + "' is not an http(s) URL");
    }
  }

  private static Region defaultRegion(Optional<String> profile) {
    DefaultAwsRegionProviderChain.Builder chain = DefaultAwsRegionProviderChain.builder();
    profile.ifPresent(chain::profileName);
    try {
      return chain.build().getRegion();
    } catch (SdkClientException e) {
      throw new CliException(
          ExitCodes.BAD_ENVIRONMENT,
          "no AWS region: pass --region, set AWS_REGION, or set a region in the profile");
    }
  }

  /** A session with the embedded cloud's one endpoint; any credentials sign for it. */
  static AwsSession local(URI endpoint, String region) {
    return new AwsSession(
        Region.of(region),
        StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")),
        Optional.of(endpoint),
        plainHttp());
  }

  /**
   * The transport to the embedded cloud: plain HTTP on loopback, straight to it, with the SDK's
   * default timeouts. Given its own connections, the SDK's client builds no TLS context, whose
   * trust store alone (the JDK's CA certificates, parsed) cost every local command about 80 ms.
   */
  private static SdkHttpClient plainHttp() {
    int connectMillis =
        (int)
            SdkHttpConfigurationOption.GLOBAL_HTTP_DEFAULTS
                .get(SdkHttpConfigurationOption.CONNECTION_TIMEOUT)
                .toMillis();
    int readMillis =
        (int)
            SdkHttpConfigurationOption.GLOBAL_HTTP_DEFAULTS
                .get(SdkHttpConfigurationOption.READ_TIMEOUT)
                .toMillis();
    return UrlConnectionHttpClient.create(
        uri -> {
          try {
            HttpURLConnection connection =
                (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
            connection.setConnectTimeout(connectMillis);
            connection.setReadTimeout(readMillis);
            return connection;
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /** The clock of the cloud this session talks to, as its answers tell it. */
  CloudClock clock() {
    return clock;
  }

  Region region() {
    return region;
  }

  Optional<URI> endpoint() {
    return endpoint;
  }

  SdkHttpClient http() {
    return http;
  }

  /** The credentials now, or a one-line reason why there are none (exit 253). */
  AwsCredentials resolveCredentials() {
    try {
      return credentials.resolveCredentials();
    } catch (SdkClientException e) {
      throw new CliException(
          ExitCodes.BAD_ENVIRONMENT,
          "no usable AWS credentials: "
              + firstSentence(e.getMessage())
              + " (set AWS_PROFILE or pass --profile, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)",
          e);
    }
  }

  /** The SDK lists every provider it tried; the first reason is the one that helps. */
  private static String firstSentence(String message) {
    String line = message == null ? "unknown reason" : message.lines().findFirst().orElse("");
    int providers = line.indexOf(": [");
    return providers > 0 && line.startsWith("Unable to load credentials")
        ? "none found in the environment, system properties, profile files or instance metadata"
        : line;
  }

  /** The client of {@code type}, built on first use with this session's settings. */
  <C extends SdkClient, B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>> C client(
      Class<C> type, Supplier<B> builder) {
    return type.cast(clients.computeIfAbsent(type, unused -> configure(builder.get()).build()));
  }

  S3Client s3() {
    // Path-style: an emulator's endpoint has no per-bucket host names.
    return client(S3Client.class, () -> S3Client.builder().forcePathStyle(endpoint.isPresent()));
  }

  private <C, B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>> B configure(
      B builder) {
    builder
        .region(region)
        .credentialsProvider(credentials)
        .httpClient(http)
        .overrideConfiguration(c -> c.addExecutionInterceptor(clock));
    endpoint.ifPresent(builder::endpointOverride);
    return builder;
  }

  @Override
  public void close() {
    List<AutoCloseable> open = new ArrayList<>(clients.values());
    open.add(http);
    if (credentials instanceof SdkAutoCloseable closeable) {
      open.add(closeable);
    }
    for (AutoCloseable closeable : open) {
      try {
        closeable.close();
      } catch (Exception e) {
        // Closing is best effort: the process is about to end.
      }
    }
  }
}
