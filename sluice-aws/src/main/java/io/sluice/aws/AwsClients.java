package io.sluice.aws;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Builds AWS SDK v2 clients from an {@link AwsConfig}: its region, its endpoint override (S3 then uses path-style
 * addressing, which local servers need) and its credentials (static ones if configured, else the SDK's default
 * chain). HTTP goes through the JDK's {@code HttpURLConnection} with short connect and read timeouts, so an
 * unreachable endpoint fails within seconds and the caller's retry (the consumer loop's backoff) takes over.
 *
 * <p>The clients are thread-safe and meant to be shared; the caller closes them.
 */
public final class AwsClients {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private AwsClients() {}

    /** A DynamoDB client for {@code config}. */
    public static DynamoDbClient dynamoDb(AwsConfig config) {
        var builder = DynamoDbClient.builder()
                .region(config.region())
                .credentialsProvider(credentials(config.credentials()))
                .httpClient(httpClient());
        config.dynamoDbEndpointOrDefault().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /** An S3 client for {@code config}; path-style addressing when an endpoint is set. */
    public static S3Client s3(AwsConfig config) {
        var builder = S3Client.builder()
                .region(config.region())
                .credentialsProvider(credentials(config.s3CredentialsOrDefault()))
                .httpClient(httpClient());
        config.s3EndpointOrDefault()
                .ifPresent(endpoint -> builder.endpointOverride(endpoint).forcePathStyle(true));
        return builder.build();
    }

    static AwsCredentialsProvider credentials(java.util.Optional<AwsConfig.StaticCredentials> configured) {
        return configured
                .<AwsCredentialsProvider>map(c -> StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(c.accessKeyId(), c.secretAccessKey())))
                .orElseGet(() -> DefaultCredentialsProvider.builder().build());
    }

    private static SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(CONNECT_TIMEOUT)
                .socketTimeout(READ_TIMEOUT)
                .build();
    }
}
