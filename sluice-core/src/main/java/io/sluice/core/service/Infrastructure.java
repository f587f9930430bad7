package io.sluice.core.service;

import io.sluice.core.config.Settings;
import java.nio.file.Path;
import java.util.Map;

/**
 * A server that {@code sluice up} runs in-process when the configuration names no external one (Kafka, PostgreSQL,
 * an S3-compatible server, …), found with {@link java.util.ServiceLoader} like {@link SluiceService}s: register an
 * implementation in {@code META-INF/services/io.sluice.core.service.Infrastructure}. {@code up} starts what its
 * services {@linkplain SluiceService#requires() require}, in parallel, before them.
 */
public interface Infrastructure {

    /**
     * The name services require it by ({@link SluiceService#KAFKA}, {@link SluiceService#POSTGRES}, {@link
     * SluiceService#S3}, …).
     */
    String name();

    /** How the banner names it ({@code Kafka}, {@code PostgreSQL}). */
    String title();

    /** Whether the configuration points at an external server, so that {@code up} embeds none. */
    boolean isExternal(Settings settings);

    /** The external server's address, for the banner. */
    String address(Settings settings);

    /**
     * Starts the embedded server, keeping its data under {@code dataDir}; blocks until it accepts connections.
     * Reads its own keys ({@code embedded.<name>.*}) from {@code settings}.
     */
    Running start(Settings settings, Path dataDir);

    /** An embedded server while it runs. {@link #close()} stops it and does not throw. */
    interface Running extends AutoCloseable {

        /** The keys that point services at it ({@code kafka.bootstrap_servers}, {@code database.host}, …). */
        Map<String, String> settings();

        String address();

        /** What the banner says of it, e.g. where its data lives. */
        String description();

        @Override
        void close();
    }
}
