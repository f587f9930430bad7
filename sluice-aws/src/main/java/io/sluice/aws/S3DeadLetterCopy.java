package io.sluice.aws;

import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Every dead letter of a service, also written to S3 ({@link S3DeadLetters}: the seed's key layout and body) once its
 * {@code .dlq} topic has it; a failed S3 write is logged and dropped, as in the seed. Does nothing when no bucket is
 * configured ({@code DLQ_S3_BUCKET}). Give it to the consumer loop as its dead-letter listener.
 */
public final class S3DeadLetterCopy implements BiConsumer<ConsumerRecord<byte[], byte[]>, Throwable>, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(S3DeadLetterCopy.class);

    private final S3Client s3;
    private final S3DeadLetters letters;

    private S3DeadLetterCopy(S3Client s3, S3DeadLetters letters) {
        this.s3 = s3;
        this.letters = letters;
    }

    /**
     * Opens the copy; on a local S3-compatible server ({@code up}, an endpoint set) it also creates the bucket, which on
     * AWS is provisioned beforehand.
     *
     * @param bucket the bucket, or null for no copy
     * @param service the seed's service name, part of the key and the body
     */
    public static S3DeadLetterCopy open(AwsConfig aws, String bucket, String service) {
        if (bucket == null) {
            return new S3DeadLetterCopy(null, null);
        }
        S3Client s3 = AwsClients.s3(aws);
        S3DeadLetters letters = new S3DeadLetters(s3, bucket, service);
        if (aws.s3EndpointOrDefault().isPresent()) {
            try {
                letters.ensureBucket();
            } catch (SdkException e) {
                log.warn("Could not create the dead-letter bucket {}: {}", bucket, e.toString());
            }
        }
        log.info("{}: dead letters are also written to s3://{}/dlq/", service, letters.bucket());
        return new S3DeadLetterCopy(s3, letters);
    }

    /** The bucket, or null when there is no S3 copy. */
    public String bucket() {
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
