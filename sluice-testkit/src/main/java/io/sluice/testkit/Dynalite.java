package io.sluice.testkit;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension and static access to one in-memory dynalite server ({@link DynaliteServer}) shared by every
 * test in the JVM, for DynamoDB code (DynamoDB Local may not be used: its licence).
 *
 * <p>Registering the extension (<code>&#64;ExtendWith(Dynalite.class)</code>) starts it before the class's tests;
 * otherwise the first static call does. A JVM shutdown hook stops it. Tests share it, so each uses its own table
 * names. When Node.js or dynalite is missing, the tests fail with a message saying to run {@code
 * scripts/install-dynalite.sh}; they never skip. Tests that stop and restart a server use {@link
 * DynaliteServer#onDisk} instead.
 *
 * <pre>{@code
 * AwsConfig config = AwsConfig.from(Settings.of(Dynalite.settings()));
 * try (DynamoDbClient dynamo = AwsClients.dynamoDb(config)) { ... }
 * }</pre>
 *
 * Thread-safe.
 */
public final class Dynalite implements BeforeAllCallback {
    private static DynaliteServer shared;

    @Override
    public void beforeAll(ExtensionContext context) {
        shared();
    }

    /** The shared server's endpoint, starting it if needed. */
    public static URI endpoint() {
        return shared().endpoint();
    }

    /**
     * Settings that point {@code io.sluice.aws.AwsConfig} at the shared server: {@code aws.endpoint_url_dynamodb},
     * {@code aws.region} and static credentials (dynalite accepts any).
     */
    public static Map<String, String> settings() {
        return settings(shared());
    }

    /** The same settings for another server. */
    public static Map<String, String> settings(DynaliteServer server) {
        return Map.of(
                "aws.endpoint_url_dynamodb", server.endpoint().toString(),
                "aws.region", "us-east-1",
                "aws.access_key_id", "dynalite",
                "aws.secret_access_key", "dynalite");
    }

    private static synchronized DynaliteServer shared() {
        if (shared == null) {
            DynaliteServer starting = DynaliteServer.inMemory();
            starting.start();
            Runtime.getRuntime().addShutdownHook(new Thread(starting::stop, "testkit-dynalite-shutdown"));
            shared = starting;
        }
        return shared;
    }
}
