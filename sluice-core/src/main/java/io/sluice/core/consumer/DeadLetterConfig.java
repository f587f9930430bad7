package io.sluice.core.consumer;

import io.sluice.core.config.ConfigException;
import io.sluice.core.config.Settings;
import java.util.Locale;
import java.util.Set;

/**
 * How the loop's dead-letter producer sends: the two settings that decide whether a large record fits whole (see
 * docs/adr/0002-dead-letter-format.md). A dead letter larger than {@code maxRequestSize} is sent with its value
 * truncated to fit, so raising it keeps more of the value; compression lets the broker accept a large value that
 * compresses well (the producer checks the uncompressed size against {@code maxRequestSize}, the broker checks the
 * compressed batch against its {@code message.max.bytes}).
 *
 * @param maxRequestSize {@code dlq.max_request_size}: the producer's {@code max.request.size}, bytes (default
 *     1048576, Kafka's; 1 KiB to 32 MiB, the producer's default {@code buffer.memory})
 * @param compressionType {@code dlq.compression_type}: the producer's {@code compression.type}: {@code none}
 *     (default), {@code gzip}, {@code snappy}, {@code lz4} or {@code zstd}
 */
public record DeadLetterConfig(int maxRequestSize, String compressionType) {
    public static final int DEFAULT_MAX_REQUEST_SIZE = 1_048_576;
    private static final int MIN_REQUEST_SIZE = 1_024;
    private static final int MAX_REQUEST_SIZE = 32 << 20;
    private static final Set<String> COMPRESSION_TYPES = Set.of("none", "gzip", "snappy", "lz4", "zstd");

    public DeadLetterConfig {
        if (maxRequestSize < MIN_REQUEST_SIZE || maxRequestSize > MAX_REQUEST_SIZE) {
            throw new ConfigException("dlq.max_request_size must be between " + MIN_REQUEST_SIZE + " and "
                    + MAX_REQUEST_SIZE + " bytes, got " + maxRequestSize);
        }
        if (compressionType == null || !COMPRESSION_TYPES.contains(compressionType)) {
            throw new ConfigException(
                    "dlq.compression_type must be one of none, gzip, snappy, lz4, zstd, got '" + compressionType + "'");
        }
    }

    public static DeadLetterConfig defaults() {
        return new DeadLetterConfig(DEFAULT_MAX_REQUEST_SIZE, "none");
    }

    /** Reads {@code dlq.max_request_size} and {@code dlq.compression_type}; errors name the key as written. */
    public static DeadLetterConfig from(Settings settings) {
        int size =
                settings.integer("dlq.max_request_size", DEFAULT_MAX_REQUEST_SIZE, MIN_REQUEST_SIZE, MAX_REQUEST_SIZE);
        String compression =
                settings.string("dlq.compression_type", "none").trim().toLowerCase(Locale.ROOT);
        if (!COMPRESSION_TYPES.contains(compression)) {
            throw new ConfigException(settings.keyName("dlq.compression_type")
                    + " must be one of none, gzip, snappy, lz4, zstd, got '" + compression + "'");
        }
        return new DeadLetterConfig(size, compression);
    }
}
