package io.sluice.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local S3-compatible server: s3proxy 4 with its filesystem backend, in this JVM.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>Each object is a plain file at {@code <dataDirectory>/<bucket>/<key>}; the data stays across restarts.
 *   <li>Listens on 127.0.0.1 only, on the port fixed when built (0 picks a free port then; {@link
 *       Builder#preferredPort} falls back to a free one when the port is taken).
 *   <li>Requests must be signed (AWS signature v2 or v4) with the configured access key and secret; clients use
 *       path-style addressing ({@code http://127.0.0.1:<port>/<bucket>/<key>}) and any region.
 *   <li>{@link #start()} returns once the server accepts requests; {@link #stop()} and {@link #close()} stop it and
 *       do not throw. Lifecycle methods are synchronized.
 * </ul>
 *
 * <p>Startup measured on the shared 2-core build machine: 0.8-2.1 s (shared research, s3proxy section).
 */
public final class EmbeddedS3 implements AutoCloseable {
    /** The access key and secret {@code sluice up} and tests use unless configured otherwise. */
    public static final String DEFAULT_ACCESS_KEY = "sluice";

    public static final String DEFAULT_SECRET_KEY = "sluice-secret";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedS3.class);
    private static final String HOST = "127.0.0.1";
    private static final long START_TIMEOUT_MS = 30_000;

    private final Path dataDirectory;
    private final int port;
    private final String accessKey;
    private final String secretKey;
    private S3Proxy server;

    private EmbeddedS3(Builder builder) {
        this.dataDirectory = Objects.requireNonNull(builder.dataDirectory, "dataDirectory is required")
                .toAbsolutePath();
        this.port = builder.preferred && !FreePort.isFree(builder.port)
                ? FreePort.orPick(0)
                : FreePort.orPick(builder.port);
        this.accessKey = builder.accessKey;
        this.secretKey = builder.secretKey;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the server. Does nothing when running.
     *
     * @throws IllegalStateException if it cannot start (the port is taken, the directory is not writable)
     */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        long began = System.nanoTime();
        FreePort.requireFree(port, "the S3 server");
        try {
            Files.createDirectories(dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create the S3 data directory " + dataDirectory, e);
        }
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(new FilesystemNio2BlobStore(dataDirectory.toString()))
                .endpoint(endpoint())
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .build();
        try {
            proxy.start();
            long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
            while (!"STARTED".equals(proxy.getState())) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("state " + proxy.getState() + " after " + START_TIMEOUT_MS + " ms");
                }
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopQuietly(proxy);
            throw new IllegalStateException("Interrupted while the S3 server started on port " + port, e);
        } catch (Exception e) {
            stopQuietly(proxy);
            throw new IllegalStateException(
                    "The S3 server failed to start on port " + port + " with data in " + dataDirectory, e);
        }
        server = proxy;
        LOG.info(
                "Embedded S3 up on {} in {} ms, data in {}",
                endpoint(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began),
                dataDirectory);
    }

    /** Stops the server; the data stays. Does nothing when not running. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        stopQuietly(server);
        server = null;
        LOG.info("Embedded S3 on port {} stopped", port);
    }

    @Override
    public void close() {
        stop();
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** {@code http://127.0.0.1:<port>}: the endpoint override for an S3 client (path-style). */
    public URI endpoint() {
        return URI.create("http://" + HOST + ":" + port);
    }

    public int port() {
        return port;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    private void stopQuietly(S3Proxy proxy) {
        try {
            proxy.stop();
        } catch (Exception e) {
            LOG.warn("Stopping the S3 server on port {} failed: {}", port, e.toString());
        }
    }

    /** Builds an {@link EmbeddedS3}; only the data directory is required. Not thread-safe. */
    public static final class Builder {
        private Path dataDirectory;
        private int port;
        private boolean preferred;
        private String accessKey = DEFAULT_ACCESS_KEY;
        private String secretKey = DEFAULT_SECRET_KEY;

        private Builder() {}

        /** Where objects are kept, one file per object at {@code <dir>/<bucket>/<key>}. Created if missing. */
        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = dataDirectory;
            return this;
        }

        /** TCP port; 0 (the default) picks a free port when built. {@link #start()} fails if it is taken. */
        public Builder port(int port) {
            this.port = port;
            this.preferred = false;
            return this;
        }

        /** This port if it is free when built, otherwise a free one ({@link #port()} says which). */
        public Builder preferredPort(int port) {
            this.port = port;
            this.preferred = port > 0;
            return this;
        }

        /** The credentials requests must be signed with; default {@value #DEFAULT_ACCESS_KEY} and its secret. */
        public Builder credentials(String accessKey, String secretKey) {
            if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isBlank()) {
                throw new IllegalArgumentException("the S3 server's access key and secret must not be blank");
            }
            this.accessKey = accessKey;
            this.secretKey = secretKey;
            return this;
        }

        public EmbeddedS3 build() {
            return new EmbeddedS3(this);
        }
    }
}
