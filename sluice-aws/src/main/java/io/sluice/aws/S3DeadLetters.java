package io.sluice.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Writes dead letters to S3 as the original inventory service did (SPEC.md §5.3): one object per record at {@code
 * dlq/<service>/<topic>/<YYYYmmdd_HHMMSS_ffffff>.json} (UTC, microseconds), body {@code {"topic", "message" (the
 * raw value as a string, null for a tombstone), "error", "timestamp" (naive UTC ISO, as Python's
 * {@code utcnow().isoformat()}), "service"}}, content type {@code application/json}.
 *
 * <p>Keys are unique within this instance: when two letters fall in the same microsecond, the later one takes the
 * next microsecond, so none overwrites another. Thread-safe. {@link #write} throws on failure (classify it with
 * {@link AwsFailureClassifier}); {@link #writeOrLog} logs and drops, which is the original's behaviour and what a
 * secondary copy of a Kafka dead letter needs.
 */
public final class S3DeadLetters {
    private static final Logger log = LoggerFactory.getLogger(S3DeadLetters.class);
    private static final DateTimeFormatter KEY_TIME = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss_SSSSSS");
    private static final DateTimeFormatter BODY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");
    private static final ObjectMapper JSON = Json.mapper();

    private final S3Client s3;
    private final String bucket;
    private final String service;
    private final Clock clock;
    private final AtomicLong lastMicros = new AtomicLong();

    /**
     * @param s3 shared client; not closed here
     * @param bucket the bucket ({@code DLQ_S3_BUCKET}); must exist (see {@link #ensureBucket()} for local servers)
     * @param service the service name in the key and body, e.g. {@code inventory-service}
     */
    public S3DeadLetters(S3Client s3, String bucket, String service, Clock clock) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = requireText(bucket, "bucket");
        this.service = requireText(service, "service");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public S3DeadLetters(S3Client s3, String bucket, String service) {
        this(s3, bucket, service, Clock.systemUTC());
    }

    public String bucket() {
        return bucket;
    }

    /**
     * Writes one dead letter and returns its key.
     *
     * @param message the record's raw value as it arrived (decoded as UTF-8), or null for a tombstone
     * @throws SdkException when S3 refuses or cannot be reached
     */
    public String write(String topic, byte[] message, String error) {
        Instant at = nextInstant();
        String key = key(service, topic, at);
        byte[] body =
                body(topic, message == null ? null : new String(message, StandardCharsets.UTF_8), error, at, service);
        s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/json"), RequestBody.fromBytes(body));
        return key;
    }

    /** {@link #write}, but a failure is logged (one warning naming the topic and the error) and the letter dropped. */
    public boolean writeOrLog(String topic, byte[] message, String error) {
        try {
            String key = write(topic, message, error);
            log.debug("dead letter written to s3://{}/{}", bucket, key);
            return true;
        } catch (SdkException e) {
            log.warn("Could not write a dead letter of {} to S3 bucket {}; dropped: {}", topic, bucket, e.toString());
            return false;
        }
    }

    /**
     * Creates the bucket unless it exists: for a local S3-compatible server ({@code sluice up}); on AWS the bucket is
     * provisioned beforehand and the service may lack the permission.
     */
    public void ensureBucket() {
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (NoSuchBucketException e) {
            create();
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
            create();
        }
    }

    private void create() {
        try {
            s3.createBucket(b -> b.bucket(bucket));
            log.info("Created S3 bucket {}", bucket);
        } catch (S3Exception e) {
            // Another instance created it meanwhile.
            if (!"BucketAlreadyOwnedByYou".equals(e.awsErrorDetails().errorCode())) {
                throw e;
            }
        }
    }

    /** {@code dlq/<service>/<topic>/<YYYYmmdd_HHMMSS_ffffff>.json} for {@code at} in UTC. */
    public static String key(String service, String topic, Instant at) {
        return "dlq/" + service + "/" + topic + "/" + KEY_TIME.format(utc(at)) + ".json";
    }

    /** The JSON body: {@code {"topic","message","error","timestamp","service"}}. */
    public static byte[] body(String topic, String message, String error, Instant at, String service) {
        ObjectNode node = JSON.createObjectNode();
        node.put("topic", topic);
        node.put("message", message);
        node.put("error", error);
        node.put("timestamp", BODY_TIME.format(utc(at)));
        node.put("service", service);
        try {
            return JSON.writeValueAsBytes(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /** Now, truncated to microseconds, and strictly after the last key's time. */
    private Instant nextInstant() {
        long now = ChronoUnit.MICROS.between(Instant.EPOCH, clock.instant());
        long micros = lastMicros.accumulateAndGet(now, (last, candidate) -> Math.max(last + 1, candidate));
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    private static LocalDateTime utc(Instant at) {
        return LocalDateTime.ofInstant(at.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }
}
