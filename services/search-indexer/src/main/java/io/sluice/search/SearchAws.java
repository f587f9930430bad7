package io.sluice.search;

import io.sluice.aws.AwsClients;
import io.sluice.aws.AwsConfig;
import io.sluice.aws.S3DeadLetters;
import io.sluice.core.config.Settings;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The search indexer's AWS side: its {@link AwsConfig} (the shared {@code aws.*} keys, with the service's own {@code
 * services.search-indexer.aws.region} and {@code .aws.endpoint_url} — env {@code AWS_REGION}, {@code AWS_ENDPOINT_URL} —
 * on top) and the S3 copy of its dead letters ({@code DLQ_S3_BUCKET}).
 */
final class SearchAws {
    private static final Logger log = LoggerFactory.getLogger(SearchAws.class);

    private SearchAws() {}

    /** From every layer of the settings: credentials and per-service endpoints too. */
    static AwsConfig config(Settings s) {
        Settings own = s.within(SearchConfig.PREFIX);
        Map<String, String> overrides = new HashMap<>();
        own.optional("aws.region").ifPresent(v -> overrides.put("aws.region", v));
        own.optional("aws.endpoint_url").ifPresent(v -> overrides.put("aws.endpoint_url", v));
        return AwsConfig.from(s.with(overrides));
    }

    /** From the service's config alone: region and endpoint, credentials from the SDK's default chain. */
    static AwsConfig config(SearchConfig c) {
        Map<String, String> values = new HashMap<>();
        values.put("aws.region", c.awsRegion());
        if (c.awsEndpointUrl() != null) {
            values.put("aws.endpoint_url", c.awsEndpointUrl());
        }
        return AwsConfig.from(Settings.of(values));
    }

    /**
     * Every dead letter of the service, also written to S3 ({@link S3DeadLetters}: the seed's key layout and body)
     * once its {@code .dlq} topic has it; a failed S3 write is logged and dropped, as in the seed. Does nothing
     * when {@code DLQ_S3_BUCKET} is not set.
     */
    static final class DeadLetterCopy implements BiConsumer<ConsumerRecord<byte[], byte[]>, Throwable>, AutoCloseable {
        private final S3Client s3;
        private final S3DeadLetters letters;

        private DeadLetterCopy(S3Client s3, S3DeadLetters letters) {
            this.s3 = s3;
            this.letters = letters;
        }

        static DeadLetterCopy open(SearchConfig config, AwsConfig aws) {
            if (config.dlqS3Bucket() == null) {
                return new DeadLetterCopy(null, null);
            }
            S3Client s3 = AwsClients.s3(aws);
            S3DeadLetters letters = new S3DeadLetters(s3, config.dlqS3Bucket(), SearchConfig.SERVICE);
            if (aws.s3EndpointOrDefault().isPresent()) {
                // A local S3-compatible server (`up`): create the bucket. On AWS it is provisioned beforehand.
                try {
                    letters.ensureBucket();
                } catch (SdkException e) {
                    log.warn("Could not create the dead-letter bucket {}: {}", config.dlqS3Bucket(), e.toString());
                }
            }
            log.info("{}: dead letters are also written to s3://{}/dlq/", SearchConfig.SERVICE, letters.bucket());
            return new DeadLetterCopy(s3, letters);
        }

        /** The bucket, or null when there is no S3 copy. */
        String bucket() {
            return letters == null ? null : letters.bucket();
        }

        @Override
        public void accept(ConsumerRecord<byte[], byte[]> record, Throwable reason) {
            if (letters != null) {
                String error = reason.getMessage() == null ? reason.getClass().getName() : reason.getMessage();
                letters.writeOrLog(record.topic(), record.value(), error);
            }
        }

        @Override
        public void close() {
            if (s3 != null) {
                s3.close();
            }
        }
    }
}
