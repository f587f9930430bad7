package io.sluice.aws;

import io.sluice.core.config.ConfigException;
import io.sluice.core.config.Settings;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.regions.Region;

/**
 * Where and as whom to reach AWS (or an AWS-compatible server such as dynalite or s3proxy). Immutable; validated in
 * the constructor, errors name the key and the value.
 *
 * @param region {@code aws.region} (env {@code AWS_REGION}), default {@code us-east-1}
 * @param endpoint {@code aws.endpoint_url} (env {@code AWS_ENDPOINT_URL}): one endpoint for every service, as the
 *     AWS SDKs and CLI read that variable; empty means AWS itself
 * @param s3Endpoint {@code aws.endpoint_url_s3} (env {@code AWS_ENDPOINT_URL_S3}): S3's own endpoint, over {@code
 *     endpoint}; {@code sluice up} sets it to its embedded S3 server, so it never redirects DynamoDB
 * @param dynamoDbEndpoint {@code aws.endpoint_url_dynamodb} (env {@code AWS_ENDPOINT_URL_DYNAMODB}): DynamoDB's own
 *     endpoint, over {@code endpoint}
 * @param credentials {@code aws.access_key_id} and {@code aws.secret_access_key}, both or neither: static
 *     credentials (for a local server); without them the SDK's default credential chain (environment, profile,
 *     container or instance role) is used
 * @param s3Credentials {@code aws.s3_access_key_id} and {@code aws.s3_secret_access_key}, both or neither: S3's own
 *     static credentials, over {@code credentials}; {@code sluice up} sets them for its embedded S3 server, so the
 *     other services' credentials (the default chain, for DynamoDB on AWS) stay as they are
 */
public record AwsConfig(
        Region region,
        Optional<URI> endpoint,
        Optional<URI> s3Endpoint,
        Optional<URI> dynamoDbEndpoint,
        Optional<StaticCredentials> credentials,
        Optional<StaticCredentials> s3Credentials) {

    public static final String DEFAULT_REGION = "us-east-1";

    /** The AWS SDKs' environment variables and the keys they set (for a service's {@code environment()}). */
    public static final Map<String, String> ENV = Map.of(
            "AWS_REGION", "aws.region",
            "AWS_ENDPOINT_URL", "aws.endpoint_url",
            "AWS_ENDPOINT_URL_S3", "aws.endpoint_url_s3",
            "AWS_ENDPOINT_URL_DYNAMODB", "aws.endpoint_url_dynamodb");

    /** Static credentials; {@link #toString()} hides the secret. */
    public record StaticCredentials(String accessKeyId, String secretAccessKey) {
        public StaticCredentials {
            if (accessKeyId == null || accessKeyId.isBlank()) {
                throw new ConfigException("aws.access_key_id must not be blank");
            }
            if (secretAccessKey == null || secretAccessKey.isBlank()) {
                throw new ConfigException("aws.secret_access_key must not be blank");
            }
        }

        @Override
        public String toString() {
            return "StaticCredentials[accessKeyId=" + accessKeyId + ", secretAccessKey=***]";
        }
    }

    public AwsConfig {
        if (region == null) {
            throw new ConfigException("aws.region must be set");
        }
        endpoint = endpoint == null ? Optional.empty() : endpoint;
        s3Endpoint = s3Endpoint == null ? Optional.empty() : s3Endpoint;
        dynamoDbEndpoint = dynamoDbEndpoint == null ? Optional.empty() : dynamoDbEndpoint;
        credentials = credentials == null ? Optional.empty() : credentials;
        s3Credentials = s3Credentials == null ? Optional.empty() : s3Credentials;
    }

    /** Reads the {@code aws.*} keys; see the record's parameters. */
    public static AwsConfig from(Settings s) {
        String region = s.string("aws.region", DEFAULT_REGION).trim();
        if (!region.matches("[a-z]{2}(-[a-z]+)+-\\d+")) {
            throw new ConfigException("aws.region must be an AWS region name such as us-east-1, got '" + region + "'");
        }
        return new AwsConfig(
                Region.of(region),
                endpoint(s, "aws.endpoint_url"),
                endpoint(s, "aws.endpoint_url_s3"),
                endpoint(s, "aws.endpoint_url_dynamodb"),
                credentials(s, "aws.access_key_id", "aws.secret_access_key"),
                credentials(s, "aws.s3_access_key_id", "aws.s3_secret_access_key"));
    }

    /**
     * A service's AWS settings: the shared {@code aws.*} keys with the service's own {@code <prefix>.aws.region} and
     * {@code <prefix>.aws.endpoint_url} (the seeds' {@code AWS_REGION}, {@code AWS_ENDPOINT_URL}) on top.
     *
     * @param prefix the service's key prefix, e.g. {@code services.inventory}
     */
    public static AwsConfig forService(Settings s, String prefix) {
        Settings own = s.within(prefix);
        Map<String, String> overrides = new HashMap<>();
        own.optional("aws.region").ifPresent(v -> overrides.put("aws.region", v));
        own.optional("aws.endpoint_url").ifPresent(v -> overrides.put("aws.endpoint_url", v));
        return from(s.with(overrides));
    }

    /** A region and an endpoint (null: AWS's own), credentials from the SDK's default chain. */
    public static AwsConfig of(String region, String endpointUrl) {
        Map<String, String> values = new HashMap<>();
        values.put("aws.region", region);
        if (endpointUrl != null) {
            values.put("aws.endpoint_url", endpointUrl);
        }
        return from(Settings.of(values));
    }

    /** The credentials S3 calls are signed with: S3's own if set, else the shared ones; empty: the default chain. */
    public Optional<StaticCredentials> s3CredentialsOrDefault() {
        return s3Credentials.or(() -> credentials);
    }

    private static Optional<StaticCredentials> credentials(Settings s, String idKey, String secretKey) {
        Optional<String> keyId = nonBlank(s, idKey);
        Optional<String> secret = nonBlank(s, secretKey);
        if (keyId.isPresent() != secret.isPresent()) {
            throw new ConfigException(idKey + " and " + secretKey + " must be set together (got only "
                    + (keyId.isPresent() ? idKey : secretKey) + ")");
        }
        return keyId.map(id -> new StaticCredentials(id, secret.orElseThrow()));
    }

    /** The endpoint S3 calls go to: {@code aws.endpoint_url_s3}, else {@code aws.endpoint_url}; empty for AWS. */
    public Optional<URI> s3EndpointOrDefault() {
        return s3Endpoint.or(() -> endpoint);
    }

    /** The endpoint DynamoDB calls go to: {@code aws.endpoint_url_dynamodb}, else {@code aws.endpoint_url}. */
    public Optional<URI> dynamoDbEndpointOrDefault() {
        return dynamoDbEndpoint.or(() -> endpoint);
    }

    private static Optional<String> nonBlank(Settings s, String key) {
        return s.optional(key).map(String::trim).filter(v -> !v.isEmpty());
    }

    private static Optional<URI> endpoint(Settings s, String key) {
        Optional<String> value = nonBlank(s, key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(value.get());
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new ConfigException(
                        key + " must be an http(s) URL such as http://localhost:9000, got '" + value.get() + "'");
            }
            return Optional.of(uri);
        } catch (URISyntaxException e) {
            throw new ConfigException(
                    key + " must be an http(s) URL such as http://localhost:9000, got '" + value.get() + "'", e);
        }
    }
}
