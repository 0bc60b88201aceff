package io.s3clean.localcloud.emulator;

import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * SDK v2 clients wired to the emulators, for the embedded cloud's own plumbing and for tests.
 * Each client owns its HTTP client and its connections; closing the SDK client releases them.
 */
public final class LocalClients {

    /** The HTTP transport of the clients built here. */
    public enum Transport {
        /**
         * Faster here: the embedded cloud makes many small sequential calls to loopback servers.
         * The url-connection client waits up to 1 ms before reusing a keep-alive connection for a
         * POST, which capped one thread at 380-560 DynamoDB or SQS calls/s where the Apache
         * client reached 1,700-3,000/s (LocalClientsBenchmark, 2 cores); S3 PUTs were on par.
         */
        APACHE(ApacheHttpClient::builder),
        /** The transport of the Lambda jar: no dependencies, slower for bursts of small calls. */
        URL_CONNECTION(UrlConnectionHttpClient::builder);

        private final Supplier<SdkHttpClient.Builder<?>> builder;

        Transport(Supplier<SdkHttpClient.Builder<?>> builder) {
            this.builder = builder;
        }

        /**
         * A builder, not a client: the SDK closes an HTTP client it built itself when the SDK
         * client closes, but leaves one handed to it open, and open keep-alive connections hold
         * a server's graceful stop.
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

    private LocalClients(Endpoints endpoints, Transport transport) {
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    public static LocalClients of(Endpoints endpoints) {
        return new LocalClients(endpoints, Transport.APACHE);
    }

    public static LocalClients of(Endpoints endpoints, Transport transport) {
        return new LocalClients(endpoints, transport);
    }

    public DynamoDbClient dynamoDb() {
        return DynamoDbClient.builder()
                .endpointOverride(endpoints.dynamoDb())
                .region(region())
                .credentialsProvider(CREDENTIALS)
                .httpClientBuilder(transport.httpClientBuilder())
                .build();
    }

    public SqsClient sqs() {
        return SqsClient.builder()
                .endpointOverride(endpoints.sqs())
                .region(region())
                .credentialsProvider(CREDENTIALS)
                .httpClientBuilder(transport.httpClientBuilder())
                .build();
    }

    public S3Client s3() {
        return S3Client.builder()
                .endpointOverride(endpoints.s3())
                .region(region())
                .credentialsProvider(CREDENTIALS)
                .httpClientBuilder(transport.httpClientBuilder())
                .serviceConfiguration(S3Configuration.builder()
                        // Bucket names as path segments: 127.0.0.1 has no subdomains.
                        .pathStyleAccessEnabled(true)
                        // S3Proxy drops 2-10% of aws-chunked uploads; plain bodies never fail.
                        .chunkedEncodingEnabled(false)
                        .build())
                .build();
    }

    private Region region() {
        return Region.of(endpoints.region());
    }
}
