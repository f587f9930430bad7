package io.sluice.testkit;

import io.sluice.embedded.EmbeddedS3;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension and static access to one S3-compatible server ({@link EmbeddedS3}, s3proxy with its filesystem
 * backend) shared by every test in the JVM: a free port, a temp directory, the default credentials.
 *
 * <p>Registering the extension (<code>&#64;ExtendWith(S3Server.class)</code>) starts it before the class's tests;
 * otherwise the first static call does. A JVM shutdown hook stops it and deletes its directory. Tests share it, so
 * each uses its own bucket names. Objects are files at {@code dataDirectory()/<bucket>/<key>}. Thread-safe.
 */
public final class S3Server implements BeforeAllCallback {
    private static EmbeddedS3 shared;

    @Override
    public void beforeAll(ExtensionContext context) {
        shared();
    }

    /** {@code http://127.0.0.1:<port>} of the shared server, starting it if needed. */
    public static URI endpoint() {
        return shared().endpoint();
    }

    /** Where the shared server keeps objects ({@code <dir>/<bucket>/<key>}). */
    public static Path dataDirectory() {
        return shared().dataDirectory();
    }

    /**
     * Settings that point {@code io.sluice.aws.AwsConfig} at the shared server: {@code aws.endpoint_url_s3}, {@code
     * aws.region} and its credentials ({@code aws.s3_access_key_id}, {@code aws.s3_secret_access_key}).
     */
    public static Map<String, String> settings() {
        EmbeddedS3 s3 = shared();
        return Map.of(
                "aws.endpoint_url_s3", s3.endpoint().toString(),
                "aws.region", "us-east-1",
                "aws.s3_access_key_id", s3.accessKey(),
                "aws.s3_secret_access_key", s3.secretKey());
    }

    private static synchronized EmbeddedS3 shared() {
        if (shared == null) {
            Path dir = TempDirectory.create("sluice-s3-");
            EmbeddedS3 starting = EmbeddedS3.builder().dataDirectory(dir).build();
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                starting.stop();
                                TempDirectory.deleteQuietly(dir);
                            },
                            "testkit-s3-shutdown"));
            starting.start();
            shared = starting;
        }
        return shared;
    }
}
